"""A whole pre-project interview through the conversation layer, as a user would play it.

Realistic team, ten communes, a FAQ question mid-interview, a wrong SIRET corrected, skipped
optional questions, « Retour », a restart of the process (new Store on the same file) and an
edit from the review that makes a conditional question appear.
"""

from __future__ import annotations

from bot.conversation.core import Conversation
from bot.dialogs.loader import default_bundle
from bot.rules.territory import sum_communes
from bot.rules.tiers import tier_for
from bot.store import Store
from tests.helpers.identifiers import valid_siret
from tests.players import Player

COMMUNES = [
    "Voiron",
    "Moirans",
    "Coublevie",
    "Rives",
    "Saint-Jean-de-Moirans",
    "La Buisse",
    "Saint-Étienne-de-Crossey",
    "Chirens",
    "Réaumont",
    "Vourey",
]


SIRET = valid_siret(1234567)

PEOPLE = [
    [
        "Médecin généraliste",
        "Julie Martin",
        "Voiron",
        "MSP des Tilleuls",
        ("sanitaire",),
        ("yes",),
        ("confirmed",),
    ],
    ["Infirmier", "Marc Dupuis", "Moirans", "Cabinet infirmier", "SKIP", ("no",), ("confirmed",)],
    [
        "Pharmacienne",
        "Sofia Benali",
        "Rives",
        "Pharmacie du Centre",
        ("sanitaire",),
        ("yes",),
        ("uncertain",),
    ],
]

# qid → what the user does. str: typed; tuple: press the button of that choice value / yes-no;
# "SKIP": « Passer »; list: rows of a repeatable group then « Terminé » (cells: the same).
ANSWERS: dict[str, object] = {
    "structure.association_status": ("yes",),
    "structure.association_name": "Association CPTS des Trois Vallées",
    "structure.siret": SIRET,
    "structure.email": "contact@cpts-3v.fr",
    "structure.phone": "04 76 00 00 00",
    "structure.fax": "SKIP",
    "structure.address": "12 rue de la République, 38500 Voiron",
    "contact.name": "Julie Martin",
    "contact.profession": "Médecin généraliste",
    "contact.phone": "06 12 34 56 78",
    "contact.email": "julie.martin@example.org",
    "legal_rep.name": "Julie Martin",
    "legal_rep.role": "SKIP",
    "history.core_team": "Trois médecins, deux infirmiers et une pharmacienne depuis 2024.",
    "history.meetings": "Deux soirées d'information en 2025 à Voiron.",
    "history.communicated_to_all": ("yes",),
    "history.partner_support": ("multi", ["ars", "cpam"]),
    "members.people": PEOPLE,
    "territory.communes": ", ".join(COMMUNES),
    "territory.aci_size": ("t2",),
    "territory.map_ready": "SKIP",
    "territory.boundaries": "SKIP",
    "diagnosis.demographic_profile": "Population vieillissante, 22 % de plus de 65 ans.",
    "diagnosis.social_profile": "Taux de bénéficiaires de la CSS proche de la moyenne.",
    "diagnosis.pathological_profile": "Diabète et insuffisance cardiaque surreprésentés.",
    "diagnosis.health_workforce": "38 médecins généralistes, 90 infirmiers libéraux.",
    "diagnosis.health_workforce_total": "SKIP",
    "diagnosis.territory_organisation": "Messagerie sécurisée peu utilisée.",
    "diagnosis.monsisra": ("known",),
    "diagnosis.pdsa": "SKIP",
    "diagnosis.coordinated_structures": [],
    "diagnosis.coordination_links": "SKIP",
    "diagnosis.establishments": [],
    "diagnosis.to_contact": [],
    "missions.gp_access": "1 200 patients sans médecin traitant : liste partagée avec la CPAM.",
    "missions.unscheduled_care": "Créneaux de soins non programmés dans chaque MSP.",
    "missions.care_pathways": "Parcours insuffisance cardiaque ville-hôpital.",
    "missions.prevention": "Dépistage du cancer colorectal.",
    "missions.health_crisis": "Plan de crise selon la trame nationale.",
    "missions.other_themes": "SKIP",
    "missions.objectives": "SKIP",
    "missions.means": "Messagerie sécurisée, réunions mensuelles.",
    "missions.prs_cls": "Oui, en cohérence avec le CLS du Pays Voironnais.",
    "calendar.construction_start": "03/2026",
    "calendar.health_project_deposit": "mars 2027",
    "calendar.implementation_start": "2027-09",
    "support.accelerator": ("no",),
    "support.health_project_writer": ("team",),
    "budget_preprojet.communication": "2 000 €",
    "budget_preprojet.meetings": "1500",
    "budget_preprojet.staff_kind": ("team_writing",),
    "budget_preprojet.staff_amount": "11,5k",
}


async def press_value(p: Player, target, value) -> None:
    """Press the button that stands for ``value`` (choice value or yes/no) of the prompt."""
    if value in ("yes", "no") and not target.choices:
        await p.press("Oui" if value == "yes" else "Non")
        return
    index = [c.value for c in target.choices].index(value)
    button = next(
        b for b in p.buttons() if b.data.startswith("a:") and b.data.endswith(f":{index}")
    )
    await p.press_data(button.data)


async def act(p: Player, qid: str, action) -> None:
    bundle = default_bundle()
    q = bundle.questions[qid]
    if action == "SKIP":
        await p.press("Passer")
    elif isinstance(action, str):
        await p.say(action)
    elif isinstance(action, tuple) and action[0] == "multi":
        for value in action[1]:
            index = [c.value for c in q.choices].index(value)
            button = next(
                b for b in p.buttons() if b.data.startswith("m:") and b.data.endswith(f":{index}")
            )
            await p.press_data(button.data)
        await p.press("Valider")
    elif isinstance(action, tuple):
        await press_value(p, q, action[0])
    elif isinstance(action, list):
        for row in action:
            await p.press("Ajouter")
            for field, value in zip(q.fields, row, strict=True):
                if value == "SKIP":
                    await p.press("Passer")
                elif isinstance(value, tuple):
                    await press_value(p, field, value[0])
                else:
                    await p.say(value)
        await p.press("Terminé")
    else:  # pragma: no cover - table error
        raise AssertionError(action)


async def test_full_preprojet_interview(tmp_path):
    db = tmp_path / "cpts.sqlite3"
    store = await Store.open(db)
    conv = Conversation(store, files_dir=tmp_path / "files")
    julie = Player(conv, 1, "Julie M.")
    await julie.say("/nouvelle_equipe CPTS des Trois Vallées")
    await julie.press_data("i:preprojet")
    seen: list[str] = []
    events: set[str] = set()
    for _ in range(400):
        qid = await julie.pending()
        if qid is None:
            break
        seen.append(qid)
        if qid == "structure.siret" and "siret" not in events:
            events.add("siret")
            await julie.say("123 456 789")
            assert "Le SIRET doit comporter 14 chiffres ; vous en avez saisi 9." in julie.text
            assert await julie.pending() == "structure.siret"
        if qid == "contact.name" and "faq" not in events:
            events.add("faq")
            await julie.say("quelles sont les missions obligatoires ?")
            assert "prévention" in julie.text.lower()
            assert await julie.pending() == "contact.name"
            assert default_bundle().questions["contact.name"].prompt in julie.replies[-1].text
        if qid == "contact.phone" and "back" not in events:
            events.add("back")
            await julie.press("Retour")
            assert await julie.pending() == "contact.profession"
            assert "Réponse actuelle : Médecin généraliste" in julie.text
            await julie.say("Médecin généraliste (MSP)")
            assert await julie.pending() == "contact.phone"
            continue
        if qid == "history.meetings" and "restart" not in events:
            events.add("restart")
            await store.close()
            store = await Store.open(db)
            conv = Conversation(store, files_dir=tmp_path / "files")
            julie = Player(conv, 1, "Julie M.")
            assert await julie.pending() == "history.meetings"
            await julie.say("/reprendre")
            assert default_bundle().questions["history.meetings"].prompt in julie.text
        await act(julie, qid, ANSWERS[qid])
    else:
        raise AssertionError(f"interview did not finish; last questions {seen[-5:]}")
    assert events == {"siret", "faq", "back", "restart"}
    assert "parcours terminé" in julie.text
    assert "support.early_mission" not in seen  # hidden: no Accélérateur

    team_id = (await store.teams_of(1))[0].id
    d = await store.dossier(team_id, 1)
    assert d["structure.siret"].value == SIRET
    assert d["contact.profession"].value == "Médecin généraliste (MSP)"
    assert d["history.partner_support"].value == ["ars", "cpam"]
    assert "structure.fax" not in d and "legal_rep.role" not in d
    people = d["members.people"].value
    assert [p["name"] for p in people] == ["Julie Martin", "Marc Dupuis", "Sofia Benali"]
    assert people[2]["participation"] == "uncertain"
    assert [p.get("sector") for p in people] == ["sanitaire", None, "sanitaire"]
    assert "sector" not in people[1]  # the optional cell was skipped, not stored empty
    expected = sum_communes(COMMUNES)
    assert not expected.ambiguous and not expected.not_found
    communes = d["territory.communes"].value
    assert len(communes) == 10
    assert sum(c["population"] for c in communes) == expected.total_population
    assert tier_for(expected.total_population).tier == 2
    assert d["budget_preprojet.staff_amount"].value == 11500
    assert d["calendar.health_project_deposit"].value == "2027-03"
    history = await store.history(team_id, 1, "contact.profession")
    assert [h.value for h in history] == ["Médecin généraliste", "Médecin généraliste (MSP)"]

    # Edit from the review: answering « Oui » to the Accélérateur makes the early mission appear.
    await julie.say("/revue")
    await julie.press("Accompagnement")
    assert "répondu par Julie M." in julie.text
    numbers = [b for b in julie.buttons() if b.data.startswith("ed:preprojet:")]
    assert numbers
    edit = numbers[0]  # the section opens with the Accélérateur question
    await julie.press_data(edit.data)
    assert await julie.pending() == "support.accelerator"
    await julie.press("Oui")
    assert await julie.pending() == "support.early_mission"
    await julie.press("Non")
    d = await store.dossier(team_id, 1)
    assert d["support.accelerator"].value is True
    assert d["support.early_mission"].value is False
    assert d["budget_preprojet.communication"].value == 2000  # later answers untouched
    await store.close()
