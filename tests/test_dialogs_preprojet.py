"""The ARA pre-project interview covers every item of the official form (and of annex 3)."""

from __future__ import annotations

import re

import pytest

from bot.dialogs import engine
from bot.dialogs.loader import Bundle, load_bundle
from bot.dialogs.parsing import is_valid_value, parse_answer
from bot.dialogs.schema import Answer, Dossier, QType, Question
from bot.normalize import fold
from tests.sources import SEEDS

FORM = SEEDS / "pre-projet-liste-minimale-ara.txt"
GUIDE = SEEDS / "guide-cpts-ars-auvergne-rhone-alpes.txt"

# Item of the form (an excerpt, as printed) → the question(s) that collect it.
# « qid.field » names a column of a repeatable group, « qid=value » a choice, « qid+advice »
# a non-blocking check carried by the question.
FORM_ITEMS: list[tuple[str, list[str]]] = [
    ("Création de l’association de loi 1901", ["structure.association_status"]),
    ("Oui      Non      en cours", ["structure.association_status=yes",
                                    "structure.association_status=no",
                                    "structure.association_status=in_progress"]),
    ("Nom de l’Association", ["structure.association_name"]),
    ("N° SIRET", ["structure.siret"]),
    ("Mail :", ["structure.email"]),
    ("Téléphone :", ["structure.phone"]),
    ("Fax :", ["structure.fax"]),
    ("Adresse postale :", ["structure.address"]),
    ("Personne contact", ["contact.name"]),
    ("nom, prénom, profession, téléphone, courriel",
     ["contact.name", "contact.profession", "contact.phone", "contact.email"]),
    ("Représentant légal de la structure", ["legal_rep.name", "legal_rep.role"]),
    ("1. Historique de la dynamique", ["history.core_team"]),
    ("Noyau dur du groupe projet", ["history.core_team"]),
    ("Réunions de communication, de promotion du projet", ["history.meetings"]),
    ("Avez-vous eu l’occasion de communiquer de votre projet de CPTS",
     ["history.communicated_to_all"]),
    ("Appui d’un partenaire (ARS / CPAM / URPS / FEMASAURA / GRCS…)",
     ["history.partner_support=ars", "history.partner_support=cpam", "history.partner_support=urps",
      "history.partner_support=femasaura", "history.partner_support=grcs",
      "history.partner_support=other", "history.partner_other"]),
    ("Existence d’une structure juridique", ["structure.association_status",
                                              "history.legal_structure"]),
    ("Liste des personnes impliquées dans la construction du projet", ["members.people"]),
    ("faire figurer en orange ceux dont la participation est encore incertaine",
     ["members.people.participation"]),
    ("Catégorie de professionnels de santé", ["members.people.category"]),
    ("Nom Prénom", ["members.people.name"]),
    ("Lieu d’exercice", ["members.people.place"]),
    ("Structure d’appartenance", ["members.people.structure"]),
    ("Participation à la gouvernance", ["members.people.governance"]),
    ("2. Quel est le territoire d'action du projet ?", ["territory.communes"]),
    ("à joindre en fichier Word + ajouter une cartographie", ["territory.map_ready"]),
    ("Rezone CPTS", ["territory.communes"]),
    ("Vigilance sur les zones blanches ou les zones déjà couvertes", ["territory.boundaries"]),
    ("Code INSEE (différent du code postal)", ["territory.communes"]),
    ("Nom de la commune", ["territory.communes"]),
    ("Nombre d’habitants par commune", ["territory.communes"]),
    ("Total habitants", ["territory.communes"]),
    ("dans quelle taille de CPTS vous situez-vous", ["territory.aci_size"]),
    ("Taille 1 : - 40 000 habitants", ["territory.aci_size=t1"]),
    ("Taille 2 : entre 40 000 et 80 000 habitants", ["territory.aci_size=t2"]),
    ("Taille 3 : entre 80 000 et 175 000 habitants", ["territory.aci_size=t3"]),
    ("Taille 4 : plus de 175 000 habitants", ["territory.aci_size=t4"]),
    ("plus de 100 professionnels de santé adhérents", ["territory.aci_size=t4_100ps"]),
    ("cohérence du territoire avec des populations supérieures à 15 000",
     ["territory.communes+min_total_population"]),
    ("3. Transmettre les éléments de diagnostic du territoire ciblé",
     ["diagnosis.demographic_profile"]),
    ("Population concernée", ["diagnosis.demographic_profile", "diagnosis.social_profile",
                              "diagnosis.pathological_profile"]),
    ("profil démographique", ["diagnosis.demographic_profile"]),
    ("profil social", ["diagnosis.social_profile"]),
    ("profil pathologique", ["diagnosis.pathological_profile"]),
    ("Démographie médicale & paramédicale", ["diagnosis.health_workforce",
                                             "diagnosis.health_workforce_total"]),
    ("Une certaine représentativité (15%) est attendue",
     ["diagnosis.health_workforce_total+representativity"]),
    ("Organisation du territoire autour de la santé", ["diagnosis.territory_organisation"]),
    ("MonSISRA", ["diagnosis.monsisra"]),
    ("organisation de la PDSA", ["diagnosis.pdsa"]),
    ("Structures d’exercice coordonnée existantes sur le territoire",
     ["diagnosis.coordinated_structures.name", "diagnosis.coordinated_structures.kind",
      "diagnosis.coordinated_structures.contact", "diagnosis.coordinated_structures.location",
      "diagnosis.coordinated_structures.governance"]),
    ("centres de santé / MSP / ESP / équipes de soins spécialisées / DAC",
     ["diagnosis.coordinated_structures.kind"]),
    ("Champ sanitaire (dont hôpitaux de proximité), médico-social & social",
     ["diagnosis.establishments.establishment", "diagnosis.establishments.contact",
      "diagnosis.establishments.location", "diagnosis.establishments.governance"]),
    ("lister les structures et / ou personnes à contacter prochainement",
     ["diagnosis.to_contact.who", "diagnosis.to_contact.name", "diagnosis.to_contact.location"]),
    ("4. Les actions de la CPTS", ["missions.gp_access"]),
    ("L’accès à un médecin traitant", ["missions.gp_access"]),
    ("La fréquentation des urgences, l’organisation des soins non programmés et l’articulation "
     "avec le SAS", ["missions.unscheduled_care"]),
    ("Les points de rupture dans les parcours de santé", ["missions.care_pathways"]),
    ("Les actions de prévention", ["missions.prevention"]),
    ("La gestion des crises sanitaires graves", ["missions.health_crisis"]),
    ("détaillez les problématiques identifiées ci-avant et proposer des actions concrètes",
     ["missions.gp_access", "missions.unscheduled_care", "missions.care_pathways",
      "missions.prevention", "missions.health_crisis"]),
    ("Quels moyens d’action sont envisagés par la CPTS", ["missions.means"]),
    ("adéquation avec les thématiques du PRS et du (ou des) CLS", ["missions.prs_cls"]),
    ("5. Calendrier prévisionnel", ["calendar.construction_start"]),
    ("Phase de construction", ["calendar.construction_start"]),
    ("dépôt du projet de santé", ["calendar.health_project_deposit"]),
    ("début de mise en œuvre", ["calendar.implementation_start"]),
    ("6. Souhaitez-vous bénéficier d’un accompagnement via l’Accélérateur CPTS",
     ["support.accelerator"]),
    ("7. Souhaitez-vous mettre en place une mission précoce", ["support.early_mission"]),
    ("8. Pour la rédaction du projet de santé", ["support.health_project_writer"]),
    ("faire appel à un prestataire extérieur / cabinet privé",
     ["support.health_project_writer=provider"]),
    ("le faire faire par la/le futur(e) coordonnateur(ice)",
     ["support.health_project_writer=coordinator"]),
    ("le rédiger au sein de la CPTS par un groupe de professionnels de santé",
     ["support.health_project_writer=team"]),
    ("9. Budget prévisionnel lié au financement ARS au titre du pré-projet",
     ["budget_preprojet.communication"]),
    ("Communication", ["budget_preprojet.communication"]),
    ("Frais de réunion (location, repas", ["budget_preprojet.meetings"]),
    ("Rémunération coordinateur", ["budget_preprojet.staff_kind=coordinator_fee",
                                   "budget_preprojet.staff_amount"]),
    ("Rémunération du coordonnateur (salaire + charges)",
     ["budget_preprojet.staff_kind=coordinator_salary", "budget_preprojet.staff_amount"]),
    ("Indemnisation temps d’écriture de l’équipe projet",
     ["budget_preprojet.staff_kind=team_writing", "budget_preprojet.staff_amount"]),
    ("Subvention ARS", ["budget_preprojet.staff_amount+budget_total"]),
]  # fmt: skip

# Annex 3 of the 2019 guide (the older list the newer form replaced): numbered questions.
ANNEX3_ITEMS: dict[int, list[str]] = {
    1: ["territory.communes"],
    2: ["territory.communes"],
    3: ["history.communicated_to_all"],
    4: ["members.people"],
    5: ["diagnosis.establishments", "diagnosis.establishments.participation"],
    6: ["diagnosis.territory_organisation"],
    7: ["missions.gp_access", "missions.unscheduled_care", "missions.care_pathways",
        "missions.prevention", "missions.other_themes"],
    8: ["missions.means"],
    9: ["missions.objectives"],
    10: ["calendar.construction_start", "calendar.health_project_deposit",
         "calendar.implementation_start"],
    11: ["diagnosis.coordinated_structures", "diagnosis.coordination_links"],
    12: ["missions.prs_cls"],
    13: ["support.health_project_writer"],
    14: ["budget_preprojet.communication", "budget_preprojet.meetings",
         "budget_preprojet.staff_kind", "budget_preprojet.staff_amount"],
}  # fmt: skip

PREFIXES = ("structure.", "contact.", "legal_rep.", "history.", "members.", "territory.",
            "diagnosis.", "missions.", "calendar.", "support.", "budget_preprojet.")  # fmt: skip


@pytest.fixture(scope="module")
def bundle() -> Bundle:
    # the lenient loader: other interviews being written must not hide this one's results
    return load_bundle()


@pytest.fixture(scope="module")
def questions(bundle: Bundle) -> dict[str, Question]:
    return {q.id: q for q in bundle.interview_questions("preprojet")}


def ref_exists(ref: str, questions: dict[str, Question]) -> bool:
    """« qid », « qid.field », « qid=choice » or « qid+advice » names something real."""
    if "+" in ref:
        qid, advice = ref.split("+", 1)
        return qid in questions and advice in questions[qid].advice
    if "=" in ref:
        qid, value = ref.split("=", 1)
        return qid in questions and value in {c.value for c in questions[qid].choices}
    if ref in questions:
        return True
    qid, _, field = ref.rpartition(".")
    return qid in questions and field in {f.id for f in questions[qid].fields}


def squash(text: str) -> str:
    return " ".join(fold(text).split())


# --------------------------------------------------------------------------- form coverage


@pytest.mark.parametrize(("item", "refs"), FORM_ITEMS, ids=[i[:40] for i, _ in FORM_ITEMS])
def test_form_item_is_asked(item: str, refs: list[str], questions: dict[str, Question]) -> None:
    assert squash(item) in squash(FORM.read_text(encoding="utf-8")), "excerpt not in the form"
    assert refs, "an item must map to at least one question"
    missing = [ref for ref in refs if not ref_exists(ref, questions)]
    assert not missing, f"{item!r} maps to unknown {missing}"


def test_every_numbered_heading_and_bullet_is_mapped() -> None:
    lines = FORM.read_text(encoding="utf-8").splitlines()
    items = [line for line in lines if re.match(r"\s*(·|\d\.\s)", line)]
    assert len(items) > 30
    excerpts = [squash(item) for item, _ in FORM_ITEMS]
    unmapped = [line.strip() for line in items if not any(e in squash(line) for e in excerpts)]
    assert unmapped == []


@pytest.mark.parametrize("number", sorted(ANNEX3_ITEMS))
def test_annex3_question_is_asked(number: int, questions: dict[str, Question]) -> None:
    guide = GUIDE.read_text(encoding="utf-8")
    annex = guide[guide.index("## Annexe 3") : guide.index("## Annexe 4")]
    assert re.search(rf"(^|\n)(\*\*)?{number}\.", annex), f"annex 3 has no question {number}"
    missing = [ref for ref in ANNEX3_ITEMS[number] if not ref_exists(ref, questions)]
    assert not missing


def test_every_question_is_traced_to_the_form(questions: dict[str, Question]) -> None:
    mapped = {ref.split("=")[0].split("+")[0] for _, refs in FORM_ITEMS for ref in refs}
    mapped |= {ref for refs in ANNEX3_ITEMS.values() for ref in refs}
    mapped = {ref if ref in questions else ref.rpartition(".")[0] for ref in mapped}
    assert set(questions) - mapped == set()


# --------------------------------------------------------------------------- shape


def test_interview_header(bundle: Bundle) -> None:
    iv = bundle.interviews["preprojet"]
    assert iv.short_title == "Pré-projet"
    assert iv.region == "Auvergne-Rhône-Alpes"
    assert (SEEDS / iv.source).exists()
    assert bundle.owner_interview("territory.communes") == "preprojet"


def test_ids_are_unique_and_dossier_wide(bundle: Bundle, questions: dict[str, Question]) -> None:
    defined = [qid for iv, qid in bundle.definitions if iv == "preprojet"]
    assert len(defined) == len(set(defined)) == len(questions)
    assert all(qid.startswith(PREFIXES) for qid in questions)


def test_questions_are_short_sourced_and_french(questions: dict[str, Question]) -> None:
    for q in questions.values():
        assert q.label and len(q.label) <= 60, q.id
        assert q.prompt.endswith(("?", ".", ")")) and len(q.prompt) <= 130, q.id
        assert q.source and ("pre-projet-liste-minimale-ara.txt" in q.source or "guide" in q.source)
        for f in q.fields:
            assert f.prompt.endswith("?") and f.label, f"{q.id}.{f.id}"


def test_choice_labels_fit_buttons(questions: dict[str, Question]) -> None:
    for q in questions.values():
        for c in q.choices:
            assert len(c.label.encode()) <= 100, (q.id, c.value)


# --------------------------------------------------------------------------- conditions


def test_siret_only_once_the_association_exists(bundle: Bundle) -> None:
    siret = bundle.questions["structure.siret"]
    assert not engine.is_visible(bundle, siret, {})
    for status, visible in (("yes", True), ("no", False), ("in_progress", False)):
        d = {"structure.association_status": Answer(value=status)}
        assert engine.is_visible(bundle, siret, d) is visible


def test_early_mission_requires_accelerator(bundle: Bundle) -> None:
    early = bundle.questions["support.early_mission"]
    assert not engine.is_visible(bundle, early, {"support.accelerator": Answer(value=False)})
    assert engine.is_visible(bundle, early, {"support.accelerator": Answer(value=True)})


def test_other_partner_only_when_ticked(bundle: Bundle) -> None:
    other = bundle.questions["history.partner_other"]
    assert engine.is_visible(
        bundle, other, {"history.partner_support": Answer(value=["ars", "other"])}
    )
    assert not engine.is_visible(bundle, other, {"history.partner_support": Answer(value=["ars"])})


# --------------------------------------------------------------------------- a whole session

ANSWERS: dict[str, str] = {
    "structure.association_status": "oui",
    "structure.association_name": "CPTS du Pays Voironnais",
    "structure.siret": "732 829 320 00074",
    "structure.email": "contact@cpts-exemple.fr",
    "structure.phone": "04.76.00.00.00",
    "structure.fax": "04 76 00 00 01",
    "structure.address": "1 place de la Mairie, 38500 Voiron",
    "contact.name": "Julie Martin",
    "contact.profession": "infirmière",
    "contact.phone": "06 00 00 00 00",
    "contact.email": "julie.martin@exemple.fr",
    "legal_rep.name": "Karim Benali",
    "legal_rep.role": "Président",
    "history.core_team": "Deux médecins, une pharmacienne et trois infirmières depuis 2024.",
    "history.meetings": "Réunion publique en mars 2025.",
    "history.communicated_to_all": "non",
    "history.partner_support": "ARS, URPS et autre",
    "history.partner_other": "Mairie de Voiron",
    "members.people": "Julie Martin ; Infirmière ; Voiron ; MSP ; médico-social ; oui ; confirmée\n"
    "Karim Benali ; Médecin généraliste ; Moirans ;;; oui ; incertaine",
    "territory.communes": "Voiron, Moirans, Coublevie, Saint-Jean-de-Moirans, La Buisse",
    "territory.aci_size": "2",
    "territory.map_ready": "oui",
    "territory.boundaries": "Aucune zone blanche connue.",
    "diagnosis.demographic_profile": "Population vieillissante.",
    "diagnosis.social_profile": "Taux de pauvreté proche de la moyenne départementale.",
    "diagnosis.pathological_profile": "Surreprésentation du diabète.",
    "diagnosis.health_workforce": "Départs à la retraite de médecins généralistes.",
    "diagnosis.health_workforce_total": "120",
    "diagnosis.territory_organisation": "Réunions mensuelles entre la MSP et la pharmacie.",
    "diagnosis.monsisra": "connaissons sans les utiliser",
    "diagnosis.pdsa": "Maison médicale de garde le week-end.",
    "diagnosis.coordinated_structures": "MSP des Tilleuls ; MSP ; ; Voiron ; oui",
    "diagnosis.coordination_links": "La MSP co-anime le groupe parcours.",
    "diagnosis.establishments": "Centre hospitalier ; ; Voiron ; oui ; confirmée",
    "diagnosis.to_contact": "Kinésithérapeutes ;; Moirans",
    "missions.gp_access": "Patients ALD sans médecin traitant : liste partagée avec la CPAM.",
    "missions.unscheduled_care": "Plages de soins non programmés dans trois cabinets.",
    "missions.care_pathways": "Sorties d'hospitalisation des personnes âgées.",
    "missions.prevention": "Dépistage du cancer colorectal.",
    "missions.health_crisis": "Plan de crise et annuaire d'astreinte.",
    "missions.other_themes": "Accueil des stagiaires.",
    "missions.objectives": "Réduire de moitié les patients ALD sans médecin traitant.",
    "missions.means": "Messagerie sécurisée, protocoles communs.",
    "missions.prs_cls": "Le CLS cible la prévention des chutes, reprise dans nos actions.",
    "calendar.construction_start": "janvier 2026",
    "calendar.health_project_deposit": "09/2026",
    "calendar.implementation_start": "2027-01",
    "support.accelerator": "oui",
    "support.early_mission": "non",
    "support.health_project_writer": "coordonnateur",
    "budget_preprojet.communication": "1 500 €",
    "budget_preprojet.meetings": "2k",
    "budget_preprojet.staff_kind": "2",
    "budget_preprojet.staff_amount": "11 500",
}


def test_a_whole_session_reaches_the_end(bundle: Bundle) -> None:
    dossier: Dossier = {}
    asked: list[str] = []
    after: str | None = None
    while True:
        step = engine.next_step(bundle, "preprojet", dossier, after)
        if step.question is None:
            break
        q = step.question
        value = parse_answer(q, ANSWERS[q.id])
        assert is_valid_value(q, value), q.id
        dossier[q.id] = Answer(value=value, by="Julie M.")
        asked.append(q.id)
        after = q.id
    assert len(asked) == len(ANSWERS)  # every visible question asked exactly once
    assert engine.missing(bundle, "preprojet", dossier) == []
    prog = engine.progress(bundle, "preprojet", dossier)
    assert prog.answered == prog.total == len(ANSWERS)
    assert engine.todo(bundle, dossier) == []
    people = dossier["members.people"].value
    assert [p["participation"] for p in people] == ["confirmed", "uncertain"]
    assert [p.get("sector") for p in people] == ["medico_social", None]
    assert dossier["history.partner_support"].value == ["ars", "urps", "other"]
    assert dossier["diagnosis.monsisra"].value == "known"
    assert dossier["support.health_project_writer"].value == "coordinator"
    assert dossier["budget_preprojet.staff_kind"].value == "coordinator_salary"
    lines = engine.review(bundle, "preprojet", dossier, "territory")
    assert lines[0].text.startswith("5 communes, ") and lines[0].text.endswith("(Taille 2)")
    assert all(line.status == "answered" for line in engine.review(bundle, "preprojet", dossier))


def test_unknown_answers_feed_the_checklist(bundle: Bundle) -> None:
    dossier = {
        "structure.association_status": Answer(value="no"),
        "history.legal_structure": Answer(value=None, status="unknown"),
        "territory.communes": Answer(value=None, status="unknown"),
    }
    assert [q.id for _, q in engine.todo(bundle, dossier)] == [
        "history.legal_structure",
        "territory.communes",
    ]
    assert "territory.communes" in [q.id for q in engine.missing(bundle, "preprojet", dossier)]
    assert "structure.siret" not in [q.id for q in engine.missing(bundle, "preprojet", dossier)]


def test_group_types_in_the_form(questions: dict[str, Question]) -> None:
    groups = [q.id for q in questions.values() if q.type is QType.GROUP]
    assert groups == [
        "members.people",
        "diagnosis.coordinated_structures",
        "diagnosis.establishments",
        "diagnosis.to_contact",
    ]
