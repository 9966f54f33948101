"""FAQ answers: the right figures, each followed by its text and date, phone-sized plain text."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from bot.rules import answers
from bot.rules.answers import (
    answer_calendar,
    answer_contract,
    answer_funding,
    answer_glossary,
    answer_grant,
    answer_indicators,
    answer_legal_form,
    answer_missions,
    answer_partners,
    answer_payment,
    answer_population_rules,
    answer_steps,
    answer_tier,
)
from bot.rules.sourced import french_typography as fr
from bot.textfmt import money, number

ACI = "(ACI du 20/06/2019)"
AV2 = "avenant 2 du 20/12/2021"
AV2_MOYENNE = f"({AV2}, confiance moyenne)"
PLUS_75 = fr("Fonctionnement majoré de 75 %")
AV2_BASSE = f"({AV2}, confiance basse)"

# Independent transcription of the guide's tables (Taille 1..4), see test_rules_funding.py.
ACI_LINES = {
    "Fonctionnement": (50_000, 60_000, 75_000, 90_000),
    "Accès aux soins (socle)": (75_000, 92_000, 120_000, 150_000),
    "Parcours pluriprofessionnels (socle)": (50_000, 70_000, 90_000, 100_000),
    "Prévention (socle)": (20_000, 30_000, 35_000, 40_000),
    "Qualité et pertinence (optionnelle)": (15_000, 20_000, 30_000, 40_000),
    "Accompagnement des professionnels (optionnelle)": (10_000, 15_000, 20_000, 30_000),
    "Total possible": (220_000, 287_000, 370_000, 450_000),
}
AV2_FONCTIONNEMENT = (87_500, 105_000, 131_250, 157_500)
REPRESENTATIVE_POPULATION = {1: 25_000, 2: 60_000, 3: 120_000, 4: 300_000}


# --- answer_funding --------------------------------------------------------------------------


def test_funding_for_60000_inhabitants() -> None:
    text = answer_funding(population=60_000)
    assert text.startswith(f"{number(60_000)}\u00a0habitants : CPTS de Taille 2")
    for label, amounts in ACI_LINES.items():
        assert f"• {label} : {money(amounts[1])} {ACI}" in text, label
    assert f"{PLUS_75} : {money(105_000)} {AV2_MOYENNE}" in text
    assert "non tranché" in text
    assert f"Aide dès la lettre d'intention : {money(17_500)} {AV2_MOYENNE}" in text
    assert f"crises sanitaires graves (socle) : montant à confirmer ({AV2})" in text
    assert "1er semestre 2026" in text and "30/12/2025" in text
    # current text first: the avenant 2 block comes before the 2019 scale
    assert text.index(f"{PLUS_75} :") < text.index(f"• Fonctionnement : {money(60_000)}")
    for forbidden in ("287 500", "580 000", "105 500"):
        assert forbidden not in text.replace("\u202f", " ")


@pytest.mark.parametrize("tier", [1, 2, 3, 4])
def test_funding_every_tier_every_line(tier: int) -> None:
    text = answer_funding(tier=tier)
    assert text.startswith(f"CPTS de Taille {tier}")
    for label, amounts in ACI_LINES.items():
        assert f"• {label} : {money(amounts[tier - 1])} {ACI}" in text, label
    assert f"{money(AV2_FONCTIONNEMENT[tier - 1])} {AV2_MOYENNE}" in text


@pytest.mark.parametrize(("tier", "a", "b"), [(3, 25_000, 20_000), (4, 30_000, 25_000)])
def test_funding_disputed_aid_is_shown_as_unconfirmed(tier: int, a: int, b: int) -> None:
    text = answer_funding(tier=tier)
    assert f"non confirmé, {money(a)} ou {money(b)} selon les variantes {AV2_BASSE}" in text


@pytest.mark.parametrize("tier", [1, 2, 3, 4])
def test_population_and_tier_agree(tier: int) -> None:
    by_population = answer_funding(population=REPRESENTATIVE_POPULATION[tier])
    by_tier = answer_funding(tier=tier)
    tail = "\nAvenant 2 ("
    assert by_population[by_population.index(tail) :] == by_tier[by_tier.index(tail) :]


def test_population_wins_over_tier() -> None:
    assert "Taille 2" in answer_funding(population=60_000, tier=4).splitlines()[0]


def test_funding_summary_without_arguments() -> None:
    text = answer_funding()
    for label in ("Fonctionnement", "Total possible"):
        amounts = ACI_LINES[label]
        cells = ", ".join(f"{money(a)} (T{i})" for i, a in enumerate(amounts, start=1))
        assert f"• {label} : {cells} {ACI}" in text
    cells = ", ".join(f"{money(a)} (T{i})" for i, a in enumerate(AV2_FONCTIONNEMENT, start=1))
    assert f"{PLUS_75} : {cells} {AV2_MOYENNE}" in text
    assert "non confirmé (T3), non confirmé (T4)" in text
    assert "à confirmer" in text
    assert "2026" in text


def test_funding_corrects_old_thresholds() -> None:
    text = answer_funding(population=60_000, old_thresholds=[70_000, 250_000])
    first = text.splitlines()[0]
    assert "Les seuils de 70\u202f000 et 250\u202f000 habitants" in first
    assert "avril 2019" in first and "ne sont plus valables" in first
    assert f"40\u202f000, 80\u202f000 et 175\u202f000 habitants {ACI}" in first
    single = answer_funding(old_thresholds=[250_000])
    assert single.startswith("⚠️ Le seuil de 250\u202f000 habitants vient")
    assert "antérieur à l'ACI" not in answer_funding(old_thresholds=[40_000, 80_000])


@pytest.mark.parametrize("bad", [{"population": -5}, {"tier": 5}, {"tier": 0}])
def test_funding_rejects_bad_input(bad: dict[str, int]) -> None:
    with pytest.raises(ValueError):
        answer_funding(**bad)


# --- answer_tier ------------------------------------------------------------------------------


@pytest.mark.parametrize("population", [40_000, 80_000, 175_000])
def test_tier_at_boundary_says_to_confirm_with_cpam(population: int) -> None:
    text = answer_tier(population)
    assert "Faites confirmer votre taille par la CPAM" in text
    assert fr("moins de 2 %") not in text


@pytest.mark.parametrize("population", [39_999, 40_001, 79_999, 175_001])
def test_tier_near_boundary_is_advice(population: int) -> None:
    text = answer_tier(population)
    assert fr("moins de 2 % du seuil") in text
    assert "Faites confirmer votre taille" not in text


@pytest.mark.parametrize(
    ("population", "tier"),
    [(0, 1), (39_999, 1), (40_000, 2), (60_000, 2), (175_000, 3), (175_001, 4)],
)
def test_tier_answer_names_the_tier(population: int, tier: int) -> None:
    first = answer_tier(population).splitlines()[0]
    assert f"CPTS de Taille {tier}," in first
    assert first.endswith(f"{ACI}.")


def test_tier_answer_plain_case() -> None:
    text = answer_tier(60_000)
    assert "seuil" not in text
    assert "15\u202f000" not in text  # no regional coherence warning above 15 000
    assert f"{money(60_000)} {ACI}" in text
    assert f"{money(287_000)} {ACI}" in text
    assert f"{money(105_000)} {AV2_MOYENNE}" in text


def test_tier_small_territory_mentions_regional_expectation() -> None:
    text = answer_tier(12_000)
    assert "supérieure à 15\u202f000 habitants" in text
    assert "pas un minimum national" in text


def test_tier_4_mentions_the_regional_form_variant() -> None:
    text = answer_tier(300_000)
    assert "plus de 100 professionnels de santé adhérents" in text
    assert "100 professionnels" not in answer_tier(100_000)


def test_tier_corrects_old_thresholds() -> None:
    assert answer_tier(60_000, [70_000]).startswith("⚠️ Le seuil de 70\u202f000 habitants")


def test_tier_rejects_negative() -> None:
    with pytest.raises(ValueError):
        answer_tier(-1)


# --- missions, calendar ------------------------------------------------------------------------


def test_missions_overview() -> None:
    text = answer_missions()
    for label in (
        "Accès aux soins",
        "Parcours pluriprofessionnels",
        "Prévention",
        "Crises sanitaires graves",
        "Qualité et pertinence",
        "Accompagnement des professionnels",
    ):
        assert f"• {label}" in text
    assert f"Crises sanitaires graves ({AV2})" in text
    assert "3 missions socles" in text and "il y en a 4" in text
    assert text.index("socles (obligatoires)") < text.index("optionnelles")


@pytest.mark.parametrize(
    ("query", "title", "amounts"),
    [
        ("SNP", "Amélioration de l'accès aux soins", ACI_LINES["Accès aux soins (socle)"]),
        ("parcours", "Organisation de parcours", ACI_LINES["Parcours pluriprofessionnels (socle)"]),
        ("prévention", "Développement des actions", ACI_LINES["Prévention (socle)"]),
        (
            "qualite",
            "Développement de la qualité",
            ACI_LINES["Qualité et pertinence (optionnelle)"],
        ),
        (
            "accompagnement",
            "Accompagnement des professionnels de santé",
            ACI_LINES["Accompagnement des professionnels (optionnelle)"],
        ),
    ],
)
def test_mission_detail_funding(query: str, title: str, amounts: tuple[int, ...]) -> None:
    text = answer_missions(query)
    assert text.startswith(title)
    for tier, amount in enumerate(amounts, start=1):
        line = next(ln for ln in text.splitlines() if ln.startswith(f"• Taille {tier} :"))
        assert line.startswith(f"• Taille {tier} : {money(amount)} = ")
        assert line.endswith(ACI)


def test_access_to_care_detail_shows_the_four_parts() -> None:
    text = answer_missions("médecin traitant")
    assert "(fixe + variable + médecin traitant + soins non programmés)" in text
    parts = fr("17 500 + 17 500 + 12 000 + 45 000")
    assert f"• Taille 2 : {money(92_000)} = {parts} {ACI}" in text
    assert "télésanté" in text and "(trame de projet de santé, après mai 2021)" in text
    assert "SAS" in text


def test_crisis_detail_has_no_figure() -> None:
    text = answer_missions("crises sanitaires")
    assert text.startswith("Réponse aux crises sanitaires graves : mission socle")
    assert f"Financement : montant à confirmer ({AV2})." in text
    assert "€" not in text


def test_unknown_mission_lists_the_catalogue() -> None:
    text = answer_missions("astrologie")
    assert text.startswith("Je ne reconnais pas la mission « astrologie »")
    assert "• Prévention" in text


def test_calendar() -> None:
    text = answer_calendar()
    assert "• Accès aux soins : démarrage sous 6 mois, déploiement sous 18 mois" in text
    assert (
        "• Parcours pluriprofessionnels : démarrage sous 12 mois, déploiement sous 24 mois" in text
    )
    assert "• Crises sanitaires graves : démarrage sous 6 mois, déploiement sous 18 mois" in text
    assert "• Qualité et pertinence : au choix de la CPTS" in text
    assert "(page ARS Hauts-de-France du 30/11/2023)" in text
    assert "deux ans" in text and "12 mois" in text


# --- other facts -------------------------------------------------------------------------------


def test_payment() -> None:
    text = answer_payment()
    assert f"Versement du financement de l'ACI {ACI}" in text
    assert "en totalité dès la signature" in text
    assert fr("75 %") in text
    assert "deux mois" in text and "revérifié" in text


def test_contract() -> None:
    text = answer_contract()
    assert "l'ARS, l'Assurance Maladie et l'association porteuse de la CPTS" in text
    assert "5 ans" in text and "avenants" in text and "Dialogue de gestion" in text


def test_grant_is_regional_and_cited() -> None:
    text = answer_grant()
    first = text.splitlines()[0]
    assert "Auvergne-Rhône-Alpes (règle régionale)" in first
    assert f"{money(15_000)} du Fonds d'intervention régional (FIR)" in first
    assert first.endswith("(guide ARS Auvergne-Rhône-Alpes, fin 2019).")
    assert "non pérenne" in text
    assert f"• Taille 2 : {money(17_500)} {AV2_MOYENNE}" in text
    assert f"• Taille 4 : non confirmé ({money(30_000)} ou {money(25_000)}) {AV2_BASSE}" in text


def test_legal_form() -> None:
    text = answer_legal_form()
    assert text.startswith("Une CPTS est obligatoirement une association loi 1901")
    assert "(ordonnance n° 2021-584 du 12/05/2021)" in text
    assert "SISA" in text
    assert "(décret n° 2022-375 du 16/03/2022)" in text
    assert f"{money(41_136)} en 2022, {money(43_992)} en 2023" in text
    assert "confiance moyenne" in text


def test_steps() -> None:
    text = answer_steps()
    numbered = [ln for ln in text.splitlines() if re.match(r"\d+\. ", ln)]
    assert len(numbered) == 7
    assert "ECD" in text and "CTR" in text and "tripartite" in text


def test_indicators() -> None:
    text = answer_indicators()
    assert text.count("\n• ") >= 9
    assert f"SAS ayant abouti à un rendez-vous grâce à la CPTS {AV2_MOYENNE}" in text
    assert "nombre de stagiaires accueillis" in text


def test_partners() -> None:
    text = answer_partners()
    for name in (
        "ARS",
        "CPAM et ELSM",
        "MSA",
        "URPS",
        "FemasAURA",
        "GRCS ARA",
        "Fédération des CPTS",
    ):
        assert f"• {name}" in text
    assert "Accélérateur CPTS" in text


def test_population_rules() -> None:
    text = answer_population_rules()
    assert "pas de minimum de population" in text
    assert "supérieure à 15\u202f000 habitants" in text
    assert fr("représentativité (15 %)") in text
    assert "propres à l'ARS Auvergne-Rhône-Alpes" in text


# --- glossary ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("term", "start"),
    [
        ("ACI", "ACI : Accord conventionnel interprofessionnel."),
        ("aci", "ACI : Accord conventionnel interprofessionnel."),
        ("SNP", "SNP : Soins non programmés."),
        ("cartosante", "C@rtoSanté : site cartosante.atlasante.fr."),
        ("Dialogue de gestion", "Dialogue de gestion."),
    ],
)
def test_glossary_entry(term: str, start: str) -> None:
    assert answer_glossary(term).startswith(start)


def test_glossary_acronym_only_entry_says_where() -> None:
    text = answer_glossary("PDSA")
    assert text.startswith("PDSA : Permanence des soins ambulatoires.")
    assert "Sigle employé sans définition dans : formulaire de pré-projet ARA" in text


@pytest.mark.parametrize("term", ["zzz", None, ""])
def test_glossary_unknown_lists_terms(term: str | None) -> None:
    text = answer_glossary(term)
    if term:
        assert text.startswith("Je ne connais pas « zzz »")
    else:
        assert text.startswith("Termes du glossaire")
    for known in ("ACI", "CPTS", "SISA", "PTA / DAC", "C@rtoSanté"):
        assert known in text


def test_matcher_helpers() -> None:
    terms = answers.glossary_terms()
    assert {"CPTS", "ACI", "PTA", "DAC", "C@rtoSanté"} <= set(terms)
    synonyms = answers.mission_synonyms()
    assert "SNP" in synonyms["acces_soins"]
    assert "crises sanitaires" in synonyms["crise"]


# --- every answer: plain text, cited figures, phone-sized -------------------------------------

ALL_ANSWERS: dict[str, Callable[[], str]] = {
    "funding_60000": lambda: answer_funding(population=60_000),
    "funding_40000_old": lambda: answer_funding(population=40_000, old_thresholds=[70_000]),
    "funding_t1": lambda: answer_funding(tier=1),
    "funding_t3": lambda: answer_funding(tier=3),
    "funding_t4": lambda: answer_funding(population=300_000),
    "funding_summary": answer_funding,
    "tier_12000": lambda: answer_tier(12_000, [250_000]),
    "tier_175000": lambda: answer_tier(175_000),
    "tier_176000": lambda: answer_tier(176_000),
    "missions": answer_missions,
    **{f"mission_{k}": (lambda k=k: answer_missions(k)) for k in answers.mission_synonyms()},
    "calendar": answer_calendar,
    "payment": answer_payment,
    "contract": answer_contract,
    "grant": answer_grant,
    "legal_form": answer_legal_form,
    "steps": answer_steps,
    "indicators": answer_indicators,
    "partners": answer_partners,
    "population_rules": answer_population_rules,
    "glossary_unknown": lambda: answer_glossary("zzz"),
    **{f"glossary_{t}": (lambda t=t: answer_glossary(t)) for t in answers.glossary_terms()},
}
# One year inside parentheses: « (ACI du 20/06/2019) », « (guide …, fin 2019) ».
CITATION = re.compile(r"\([^()]*\b(19|20)\d\d\b[^()]*\)")
MAX_CHARS = 1_600  # « under ~1 500 when possible »; the access-to-care detail is ~1 580
# Rare combinations (old thresholds quoted AND a population on a boundary) may run longer,
# still far below Telegram's 4 096 characters.
EDGE_MAX_CHARS = {"funding_40000_old": 2_000}


@pytest.mark.parametrize("name", list(ALL_ANSWERS))
def test_every_answer_is_plain_cited_and_short(name: str) -> None:
    text = ALL_ANSWERS[name]()
    assert text.strip() == text and text
    assert len(text) <= EDGE_MAX_CHARS.get(name, MAX_CHARS), f"{name}: {len(text)} characters"
    for marker in ("**", "__", "`", "](", "{{", "{%", "#"):
        assert marker not in text, f"{name}: markup {marker!r}"
    assert "\n\n\n" not in text
    for line in text.splitlines():
        if "€" in line:
            assert CITATION.search(line), f"{name}: figure without its text/date: {line}"
        assert "  " not in line, f"{name}: double space in {line!r}"
        assert " ." not in line and " ," not in line, f"{name}: space before punctuation: {line}"
