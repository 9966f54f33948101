"""The free-text FAQ: phrasings people type → intent, entities and the key facts of the answer."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.rules.faq.matcher import FaqAnswer, answer, match
from bot.rules.faq.vocabulary import INTENTS, load_vocabulary_file

NBSP = "\u00a0"
NNBSP = "\u202f"
ARA_EMAIL_DOMAINS = ("@ars.sante.fr", "@assurance-maladie.fr", "femasaura.fr", "msa.fr")


def _plain(text: str) -> str:
    """Compare text the way a reader sees it: any space is a space, case ignored."""
    return " ".join(text.replace(NBSP, " ").replace(NNBSP, " ").split()).casefold()


@dataclass(frozen=True)
class Case:
    text: str
    intent: str
    entities: dict[str, Any] = field(default_factory=dict)  # must be a subset of the answer's
    contains: tuple[str, ...] = ()
    absent: tuple[str, ...] = ()


CASES = [
    # --- time to contract (steps), not the mission calendar --------------------------------
    Case("combien de temps pour signer le contrat ?", "steps", {}, ("12 mois",)),
    Case("quel délai pour la mission prévention ?", "calendar", {}, ("12 mois", "24 mois")),
    # --- funding: every way of writing a population -----------------------------------------
    Case(
        "combien de financement pour 60 000 habitants ?",
        "funding",
        {"population": 60000, "population_source": "text"},
        ("taille 2", "60 000 €", "287 000 €"),
    ),
    Case("financement pour 60000 hab", "funding", {"population": 60000}, ("taille 2",)),
    Case(f"financement 60{NNBSP}000 habitants", "funding", {"population": 60000}, ("taille 2",)),
    Case(f"financement 60{NBSP}000 habitants", "funding", {"population": 60000}, ("taille 2",)),
    Case("financement 60.000 habitants", "funding", {"population": 60000}, ("taille 2",)),
    Case("finacement 60k", "funding", {"population": 60000}, ("taille 2", "60 000 €")),
    Case("finacment pour 60 K habitants", "funding", {"population": 60000}, ("taille 2",)),
    Case("combien pour soixante mille habitants", "funding", {"population": 60000}, ("taille 2",)),
    Case("combien on touche avec 60 mille habitants ?", "funding", {"population": 60000}),
    Case(
        "quel budget pour quatre-vingt-dix mille habitants ?",
        "funding",
        {"population": 90000},
        ("taille 3", "75 000 €", "370 000 €"),
    ),
    Case(
        "budget pour 1,2 million d'habitants",
        "funding",
        {"population": 1200000},
        ("taille 4", "90 000 €", "450 000 €"),
    ),
    Case(
        "argent pour 1.5 millions d'habitants ?", "funding", {"population": 1500000}, ("taille 4",)
    ),
    Case("taille 3", "funding", {"tier": 3}, ("taille 3", "75 000 €", "370 000 €")),
    Case("financement taille 1", "funding", {"tier": 1}, ("50 000 €", "220 000 €")),
    Case("combien pour une T4 ?", "funding", {"tier": 4}, ("90 000 €", "450 000 €")),
    Case("financement d'une CPTS de taille deux", "funding", {"tier": 2}, ("287 000 €",)),
    Case(
        "finacment pour 70 000 habitants",
        "funding",
        {"population": 70000, "old_thresholds": [70000]},
        ("taille 2", "70 000", "40 000, 80 000 et 175 000"),
    ),
    Case("60 000 habitants", "funding", {"population": 60000}, ("taille 2",)),
    # --- tier -------------------------------------------------------------------------------
    Case("quelle taille pour 85k habitants ?", "tier", {"population": 85000}, ("taille 3",)),
    Case(
        "dans quelle taille est une CPTS de 250 000 habitants ?",
        "tier",
        {"population": 250000, "old_thresholds": [250000]},
        ("taille 4", "250 000", "n'est plus valable"),
    ),
    Case(
        "quelle taille pour le pays voironnais ?",
        "tier",
        {"population_source": "epci", "place_kind": "epci"},
        ("taille 3",),
    ),
    Case("seuils des tailles ?", "tier", {}, ("40 000", "80 000", "175 000")),
    Case(
        "financement pour Grenoble Alpes Métropole",
        "funding",
        {"population_source": "epci", "place_kind": "epci"},
        ("grenoble", "taille 4"),
    ),
    # --- missions ---------------------------------------------------------------------------
    Case("quelles sont les missions ?", "missions", {}, ("prévention", "parcours")),
    Case("quelles sont les missons obligatoires ?", "missions", {}, ("prévention",)),
    Case("missions socles", "missions", {}, ("crises sanitaires",)),
    Case(
        "c'est quoi la mission prévention ?",
        "missions",
        {"mission": "prevention"},
        ("prévention",),
    ),
    Case("mission crise sanitaire", "missions", {"mission": "crise"}, ("crises sanitaires",)),
    Case("prévention ?", "missions", {"mission": "prevention"}, ("prévention",)),
    # --- calendar ---------------------------------------------------------------------------
    Case("calendrier des missions", "calendar", {}, ("6 mois", "18 mois", "24 mois")),
    Case("en combien de temps faut-il déployer les missions ?", "calendar", {}, ("24 mois",)),
    Case("délai pour la mission prévention ?", "calendar", {}, ("12 mois",)),
    # --- payment ----------------------------------------------------------------------------
    Case("quand est-ce qu'on est payé ?", "payment", {}, ("75 %",)),
    Case("versement du fonctionnement", "payment", {}, ("signature",)),
    # --- contract ---------------------------------------------------------------------------
    Case("c'est quoi le contrat tripartite ?", "contract", {}, ("5 ans",)),
    Case("durée du contrat ?", "contract", {}, ("5 ans",)),
    # --- grant ------------------------------------------------------------------------------
    Case("subvention ARS pour le pré-projet", "grant", {}, ("15 000 €",)),
    Case("financement du pré-projet ?", "grant", {}, ("15 000 €",)),
    # --- legal form -------------------------------------------------------------------------
    Case("quelle forme juridique ?", "legal_form", {}, ("1901",)),
    Case("faut-il une association loi 1901 ?", "legal_form", {}, ("1901",)),
    Case("statuts", "legal_form", {}, ("association",)),
    # --- steps ------------------------------------------------------------------------------
    Case("par où commencer ?", "steps", {}, ("pré-projet",)),
    Case("comment créer une CPTS ?", "steps", {}, ("projet de santé",)),
    Case("quelles sont les etapes ?", "steps", {}, ("pré-projet",)),
    # --- indicators, partners, population rules --------------------------------------------
    Case("quels indicateurs pour la part variable ?", "indicators", {}, ("indicateur",)),
    Case("qui peut nous accompagner ?", "partners", {}, ("urps",)),
    Case("partenaires", "partners", {}, ("msa",)),
    Case("comment calculer la population ?", "population_rules", {}, ("habitants",)),
    # --- glossary ---------------------------------------------------------------------------
    Case(
        "c'est quoi l'ACI ?",
        "glossary",
        {"term": "ACI"},
        ("accord conventionnel interprofessionnel",),
    ),
    Case("ACI ça veut dire quoi ?", "glossary", {"term": "ACI"}, ("accord conventionnel",)),
    Case(
        "que veut dire SISA",
        "glossary",
        {"term": "SISA"},
        ("société interprofessionnelle de soins ambulatoires",),
    ),
    Case("c'est quoi le FIR ?", "glossary", {"term": "FIR"}, ("fonds d'intervention régional",)),
    Case("SAS ?", "glossary", {"term": "SAS"}, ("service d'accès aux soins",)),
    Case("glossaire", "glossary", {}, ("aci", "cpam", "sisa")),
    # --- contacts: department names, codes, cities, typos ---------------------------------
    Case(
        "contact cpam isere",
        "contacts",
        {"department": "38", "kinds": ["cpam"]},
        ("msp-cpts.cpam-isere@assurance-maladie.fr",),
        ("@ars.sante.fr",),
    ),
    Case(
        "contcat cpam isère",
        "contacts",
        {"department": "38", "kinds": ["cpam"]},
        ("msp-cpts.cpam-isere@assurance-maladie.fr",),
    ),
    Case(
        "contact cpam grenoble",
        "contacts",
        {"department": "38", "kinds": ["cpam"], "place_kind": "commune"},
        ("grenoble", "msp-cpts.cpam-isere@assurance-maladie.fr"),
    ),
    Case(
        "contact cpam 38",
        "contacts",
        {"department": "38"},
        ("msp-cpts.cpam-isere@assurance-maladie.fr",),
    ),
    Case(
        "qui contacter en haute savoie ?",
        "contacts",
        {"department": "74"},
        ("herve.berthelot@ars.sante.fr",),
    ),
    Case("ars rhone", "contacts", {"department": "69", "kinds": ["ars"]}, ("izia.dumord@ars",)),
    Case(
        "numéro de téléphone de l'ARS du 63",
        "contacts",
        {"department": "63", "kinds": ["ars"]},
        ("04.81.10.60.38",),
    ),
    Case(
        "urps infirmiers savoie",
        "contacts",
        {"department": "73", "kinds": ["urps"], "profession": "infirmiers"},
        ("urps infirmiers",),
    ),
    Case(
        "cpam toulouse",
        "contacts",
        {"department": "31", "region": "76"},
        ("toulouse", "ars occitanie"),
        ARA_EMAIL_DOMAINS,
    ),
    Case("contact cpam", "contacts", {"kinds": ["cpam"]}, ("isère",)),
    Case(
        "cpam du 2A",
        "contacts",
        {"department": "2A", "kinds": ["cpam"]},
        ("corse-du-sud",),
        ARA_EMAIL_DOMAINS,
    ),
    # --- nothing to answer ----------------------------------------------------------------
    Case("bonjour", "fallback", {}, ("financement", "contacts")),
    Case("", "fallback", {}, ("financement",)),
]


def test_cases_cover_every_intent() -> None:
    covered = {case.intent for case in CASES}
    assert covered == set(INTENTS) | {"fallback"}
    assert len({case.text for case in CASES}) == len(CASES) >= 40


@pytest.mark.parametrize("case", CASES, ids=[c.text or "<empty>" for c in CASES])
def test_answer(case: Case) -> None:
    result = answer(case.text)
    assert result.intent == case.intent
    for key, value in case.entities.items():
        assert result.entities.get(key) == value, (key, result.entities)
    text = _plain(result.text)
    for expected in case.contains:
        assert _plain(expected) in text, expected
    for forbidden in case.absent:
        assert _plain(forbidden) not in text, forbidden
    assert result.confident is (case.intent != "fallback")


# --- match(): questions versus interview answers ----------------------------------------


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("combien pour 60 000 habitants ?", "funding"),
        ("financement taille 2", "funding"),
        ("contact cpam isère", "contacts"),
        ("numéro de téléphone de l'ARS du 63", "contacts"),
        ("c'est quoi l'ACI ?", "glossary"),
        ("SAS ?", "glossary"),
        ("quelles sont les missions ?", "missions"),
        ("prévention ?", "missions"),
        ("et pour la taille 3 ?", "funding"),
        ("quand est-ce qu'on est payé", "payment"),
        ("Comment créer une CPTS", "steps"),
    ],
)
def test_match_questions(text: str, intent: str) -> None:
    result = match(text)
    assert result is not None
    assert result.intent == intent


@pytest.mark.parametrize(
    "text",
    [
        "",
        "Grenoble",
        "Isère",
        "38000 Grenoble",
        "Voiron, Moirans, Rives",
        "12",
        "60 000",
        "60 000 habitants",
        "soixante mille",
        "taille 2",
        "prévention",
        "CPAM",
        "oui",
        "Association CPTS du Grésivaudan",
        "Dr Martin, médecin généraliste",
        "MSP des Écrins et centre de santé de Vizille",
        "Nous voulons améliorer l'accès aux soins et la prévention sur notre territoire rural",
        "Le contrat local de santé couvre déjà la prévention des addictions et le parcours "
        "des personnes âgées, avec la mairie, l'hôpital et deux EHPAD du secteur",
        "bonjour ?",
        "Grenoble ?",
    ],
)
def test_match_rejects_answers(text: str) -> None:
    assert match(text) is None


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=120))
def test_answer_never_fails(text: str) -> None:
    result = answer(text)
    assert isinstance(result, FaqAnswer)
    assert result.text.strip()
    assert result.intent in (*INTENTS, "fallback")
    matched = match(text)
    assert matched is None or matched.intent in INTENTS


def test_vocabulary_file_is_valid() -> None:
    data = load_vocabulary_file()
    assert set(data.intents) == set(INTENTS)
    for intent, words in data.intents.items():
        assert words.words or words.phrases or words.words_alone, intent


# --- cpts-bot ask ---------------------------------------------------------------------------


def test_run_ask_one_shot(capsys: pytest.CaptureFixture[str]) -> None:
    from bot.ask import run_ask

    assert run_ask("combien de financement pour 60 000 habitants ?") == 0
    out = _plain(capsys.readouterr().out)
    assert "taille 2" in out
    assert "votre question" not in out


def test_run_ask_interactive_answers_each_line_until_eof(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import io

    from bot.ask import run_ask

    monkeypatch.setattr("sys.stdin", io.StringIO("taille 2\n\ncontact cpam isere\n"))
    assert run_ask("  ") == 0
    out = _plain(capsys.readouterr().out)
    assert out.count("votre question (ctrl-d pour quitter) :") == 4  # 3 lines, then EOF
    assert "287 000 €" in out
    assert "msp-cpts.cpam-isere@assurance-maladie.fr" in out
