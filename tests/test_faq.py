"""The FAQ as people meet it: each card on phrasings of its own, slots, decisions, buttons.

Phrasings here were written for the tests, not taken from the training corpus.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.rules import faq
from bot.rules.faq import compose
from bot.rules.faq.identifiers import blank
from bot.rules.faq.slots import extract

NBSP_RE = re.compile(r"[\u202f\xa0]")


def plain(text: str) -> str:
    return NBSP_RE.sub(" ", text)


@pytest.mark.parametrize(
    ("question", "card", "must_contain"),
    [
        (
            "combien de financement pour 60 000 habitants ?",
            "financement_total",
            ["taille 2", "287 000 €"],
        ),
        ("budget max d'une cpts de 200 000 hab", "financement_total", ["taille 4", "450 000 €"]),
        ("quelle taille pour 52 300 habitants", "taille_population", ["taille 2"]),
        ("Voiron, Voreppe et Moirans quelle taille", "taille_population", ["39 587", "taille 1"]),
        (
            "12 000 habitants c'est assez pour une cpts ?",
            "population_minimale",
            ["15 000", "en dessous"],
        ),
        (
            "le volet médecin traitant en taille 3",
            "montant_mission",
            ["15 000 €", "accès aux soins"],
        ),
        ("mission prévention en taille 2 combien", "montant_mission", ["30 000 €"]),
        ("quelles sont les missions obligatoires", "missions_liste", ["4 missions socles"]),
        ("ACI signé pour combien d'années", "duree_contrat", ["5 ans"]),
        ("combien de temps pour signer l'ACI", "delai_contractualisation", ["12 mois"]),
        ("les 15k de l'ARS c'est pour quoi", "subvention_preprojet", ["15 000 €", "pré-projet"]),
        (
            "on touche quelque chose dès la lettre d'intention ?",
            "aide_lettre_intention",
            ["17 500 €", "confirmer"],
        ),
        ("qui signe le contrat", "qui_signe", ["tripartite"]),
        ("qui valide notre pre projet", "validation_preprojet", ["ECD", "CTR"]),
        ("forme juridique d'une CPTS", "forme_juridique", ["association"]),
        ("on peut faire une SISA ?", "sisa", ["association"]),
        ("le président peut être indemnisé ?", "indemnites_membres", ["48 060 €", "D1434-44"]),
        ("c'est quoi France Santé", "france_sante", ["50 000 €", "SAS"]),
        ("combien de CPTS en France", "nombre_cpts", ["800", "2025"]),
        ("représentativité attendue", "representativite", ["15 %"]),
        ("mission crise sanitaire combien", "mission_crise", ["confirmer", "crise"]),
        ("c'est quoi l'ECD", "glossaire", ["Espace de concertation départemental"]),
        ("contact CPAM Isère", "contacts", ["CPAM de l'Isère"]),
    ],
)
def test_each_card_answers_its_question(question: str, card: str, must_contain: list[str]) -> None:
    found = faq.answer(question)
    assert found.kind == "answer", found
    assert found.card == card
    for expected in must_contain:
        assert expected in plain(found.text), (expected, found.text)


@pytest.mark.parametrize(
    "question",
    [
        "quel temps fera-t-il demain à Grenoble",
        "tarif d'une consultation G",
        "merci beaucoup",
        "billet de train pour Lyon",
        "posologie amoxicilline enfant",
    ],
)
def test_out_of_scope_says_so_and_points_to_help(question: str) -> None:
    found = faq.answer(question)
    assert found.kind == "out_of_scope"
    assert "/aide" in found.text
    assert found.card is None


@pytest.mark.parametrize(
    ("text", "opening"),
    [
        ("merci", "Avec plaisir"),
        ("Merci beaucoup !! 🙏", "Avec plaisir"),
        ("ok super merci a vous", "Avec plaisir"),
        ("thank you", "Avec plaisir"),
        ("Bonjour", "Bonjour !"),
        ("slt", "Bonjour !"),
        ("hello bot", "Bonjour !"),
        ("ok top", "Très bien"),
        ("d'accord", "Très bien"),
        ("ça marche", "Très bien"),
    ],
)
def test_politeness_alone_is_answered_in_kind(text: str, opening: str) -> None:
    found = faq.answer(text)
    assert found.kind == "out_of_scope" and found.card is None
    assert found.text.startswith(opening), found.text
    assert "/aide" in found.text


@pytest.mark.parametrize(
    "text",
    [
        "bonjour, combien de financement pour 60 000 habitants ?",
        "merci, et pour 120 000 habitants ?",
        "oui",
        "mille",
        "super cpts",
    ],
)
def test_politeness_with_anything_else_is_not_small_talk(text: str) -> None:
    found = faq.answer(text)
    assert not found.text.startswith(("Avec plaisir", "Bonjour !", "Très bien")), found.text


def test_unknown_term_is_not_answered_with_a_loose_entry() -> None:
    found = faq.answer("c'est quoi le zorglub")
    assert "ne connais pas" in found.text


def test_first_message_is_short_and_ends_with_one_source_line() -> None:
    found = faq.answer("combien de financement pour 60 000 habitants ?")
    lines = found.text.splitlines()
    assert lines[-1].startswith("Sources : ")
    assert sum(line.startswith("Sources") for line in lines) == 1
    assert len(found.text) <= 400
    assert "(ACI du 20/06/2019)" not in found.text
    labels = [b.label for b in found.buttons]
    assert labels == ["Détail par mission", "Toutes les tailles", "L'avenant 2", "Sources et dates"]


def test_detail_buttons_answer_through_follow() -> None:
    found = faq.answer("combien de financement pour 60 000 habitants ?")
    by_label = {b.label: b.token for b in found.buttons}
    detail = faq.follow(by_label["Détail par mission"])
    assert detail is not None
    assert "Prévention (socle) : 30 000 €" in plain(detail.text)
    sources = faq.follow(by_label["Sources et dates"])
    assert sources is not None and "20/06/2019" in sources.text
    assert faq.follow("nimporte~quoi~") is None
    assert faq.follow("") is None


def test_details_text_holds_everything() -> None:
    text = plain(faq.details_text("combien de financement pour 60 000 habitants ?"))
    assert "— Détail par mission —" in text and "— Sources et dates —" in text
    assert "T4 (plus de 175 000 habitants)" in text


def test_team_context_answers_for_the_territory() -> None:
    context = faq.FaqContext(population=52_300, tier=2, department="38")
    found = faq.answer("combien de financement pour nous ?", context)
    text = plain(found.text)
    assert text.startswith("Pour votre territoire (52 300 hab., taille 2)")
    assert "287 000 €" in text
    typed = faq.answer("combien de financement pour 200 000 habitants", context)
    assert "Pour votre territoire" not in typed.text  # a typed number wins


def test_clarify_offers_close_cards_as_buttons() -> None:
    found = compose.reply("aide ars lettre intention financement")
    if found.kind == "clarify":  # depends on the model; when it asks back, the shape is fixed
        assert found.text.startswith("Vous parlez de")
        assert 2 <= len(found.buttons) <= 3
        chosen = faq.follow(found.buttons[0].token)
        assert chosen is not None and chosen.kind == "answer"


def test_match_only_for_confident_questions() -> None:
    assert faq.match("Association CPTS du Pays Voironnais") is None
    assert faq.match("Voiron, Voreppe, Moirans") is None
    assert faq.match("oui") is None
    assert faq.match("") is None
    found = faq.match("contact CPAM Isère")
    assert found is not None and found.card == "contacts"


def test_overseas_without_ars_names_no_agency() -> None:
    found = faq.answer("contact ARS Saint-Pierre-et-Miquelon")
    assert "pas d'ARS" in found.text
    assert "ARS de" not in found.text


@pytest.mark.parametrize(
    ("text", "population", "money"),
    [
        ("les 15k de l'ARS c'est pour quoi", None, 15_000),
        ("15 000 euros pour 45 000 habitants", 45_000, 15_000),
        ("on est 60k habitants", 60_000, None),
        ("notre SIRET 82345678900017 quelle taille", None, None),
        ("appelez le 06 12 34 56 78", None, None),
        ("réunion le 12/03/2026 pour 60000 hab", 60_000, None),
        ("code postal 38500 quelle taille", None, None),
    ],
)
def test_population_and_money_slots(text: str, population: int | None, money: int | None) -> None:
    slots = extract(text)
    assert slots.population == population
    assert slots.money == money


@pytest.mark.parametrize(
    ("text", "mission", "part", "tier"),
    [
        ("le volet médecin traitant en taille 3", "acces_soins", "medecin_traitant", 3),
        ("part soins non programmés taille 1", None, "snp", 1),
        ("part variable de la mission parcours", "parcours", "variable", None),
    ],
)
def test_mission_part_slots(text: str, mission: str | None, part: str, tier: int | None) -> None:
    slots = extract(text)
    assert slots.part == part
    assert slots.tier == tier
    if mission:
        assert slots.mission == mission


def test_communes_list_is_summed_and_homonyms_flagged() -> None:
    slots = extract("Saint-Jean, Voiron et Voreppe quelle taille")
    assert slots.communes is not None
    assert slots.population == slots.communes.total
    # « Saint-Jean » exists in Isère only as longer names: asked about, never silently (31)
    [(query, candidates)] = slots.communes.ambiguous
    assert query == "Saint-Jean"
    assert {"Saint-Jean-de-Moirans (38)", "Saint-Jean (31)"} <= {
        f"{c.name} ({c.department})" for c in candidates
    }
    found = faq.answer("Saint-Jean, Voiron et Voreppe quelle taille de cpts")
    assert "« Saint-Jean » est ambigu" in found.text and "Précisez le département" in found.text


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=300))
def test_no_text_crashes_the_faq(text: str) -> None:
    found = faq.answer(text)
    assert found.text.strip()
    assert found.kind in ("answer", "clarify", "out_of_scope")
    for button in found.buttons:
        assert len(button.token.encode()) <= 48


@settings(max_examples=150, deadline=None)
@given(
    st.text(
        alphabet=st.one_of(
            st.characters(categories=("Nd", "P", "Zs")), st.sampled_from("²³½€$£%#°+*/=<>|~^😀👍")
        ),
        max_size=40,
    )
)
def test_a_message_without_a_word_is_out_of_scope(text: str) -> None:
    # « 60000 », « #² », « 12/03 » name no card: no guess among three unrelated ones
    assert faq.answer(text).kind == "out_of_scope"


siret = st.from_regex(r"\d{3} ?\d{3} ?\d{3} ?\d{5}", fullmatch=True)
phone = st.from_regex(r"0[1-9]( ?\d{2}){4}", fullmatch=True)
date = st.from_regex(r"(0?[1-9]|[12]\d|3[01])/(0?[1-9]|1[0-2])/(19|20)\d{2}", fullmatch=True)
filler = st.sampled_from(["mon numéro", "siret", "le", "quelle taille pour", "contact", ""])


@settings(max_examples=200, deadline=None)
@given(before=filler, identifier=st.one_of(siret, phone, date), after=filler)
def test_identifiers_are_never_a_population(before: str, identifier: str, after: str) -> None:
    text = f"{before} {identifier} {after}"
    assert extract(text).population is None
    assert identifier not in blank(text)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("population de voiron", "Voiron : 21 847 habitants"),
        ("population du pays voironnais", "CA du Pays Voironnais : 97 384 habitants"),
        ("nombre d'habitants de Grenoble", "Grenoble : 156 140 habitants"),
    ],
)
def test_the_population_card_looks_the_place_up_whatever_the_keywords(
    question: str, expected: str
) -> None:
    # the place was looked up only when the old keyword intents asked for a population:
    # « population de Voiron », the card's own example, answered « pas reconnu »
    found = faq.answer(question)
    assert found.card == "population_lieu"
    assert expected in found.text.replace("\u202f", " ").replace("\xa0", " ")


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("population de la Savoie", "Savoie : 448 226 habitants"),
        ("combien d'habitants en Isère", "Isère : 1 298 990 habitants"),
    ],
)
def test_the_population_card_sums_a_departments_communes(question: str, expected: str) -> None:
    found = faq.answer(question)
    assert found.card == "population_lieu"
    assert expected in found.text.replace("\u202f", " ").replace("\xa0", " ")


def test_a_department_population_counts_paris_once_and_is_no_cpts_population() -> None:
    from bot.rules.territory import area_population, commune_by_insee, department_by_code

    paris = department_by_code("75")
    city = commune_by_insee("75056")
    assert paris is not None and city is not None
    assert area_population(paris) == city.population  # its arrondissements are not added
    # a department named beside a funding question is where, not how many
    slots = extract("financement cpts isère", place_lookup=True)
    assert slots.area_label == "Isère" and slots.population is None


@pytest.mark.parametrize(
    "text",
    [
        "notre siret 123 456 789 00012",
        "siret 12345678900012",
        "mon numéro c'est le 06 12 34 56 78",
        "rdv le 12/03/2026 à 18h30",
    ],
)
def test_an_identifier_alone_is_out_of_scope_not_a_population_question(text: str) -> None:
    # the classifier sees « identifiant », not « 0000000 00000 »: the SIRET was offered as
    # « taille · financement · indemnités ? » when its 5-digit tail looked like a population
    assert faq.answer(text).kind == "out_of_scope"


def test_a_departments_size_detail_asks_for_the_territory() -> None:
    first = faq.answer("population de la Savoie")
    shown = faq.follow(first.buttons[0].token)
    assert shown is not None
    assert "Population inconnue" not in shown.text
    assert "plutôt que tout le département" in shown.text


def _plain(text: str) -> str:
    return text.replace("\u202f", " ").replace("\xa0", " ")


@pytest.mark.parametrize(
    ("question", "expected", "never"),
    [
        # was « Clermont : 10 564 habitants » (Oise), chosen among four villages
        (
            "combien d'habitants à clermont ?",
            "Clermont-Ferrand (63, 146 351 hab.)",
            "Clermont : 10 564 habitants",
        ),
        # was « Je n'ai pas reconnu de commune » for a name two big communes bear
        ("population de Saint-Denis", "Saint-Denis (974, 155 634 hab.)", "pas reconnu"),
    ],
)
def test_a_commune_name_several_communes_bear_is_asked_about(
    question: str, expected: str, never: str
) -> None:
    found = faq.answer(question)
    text = _plain(found.text)
    assert expected in text and "précisez le département" in text
    assert never not in text


def test_a_short_name_in_a_list_is_settled_by_its_neighbours() -> None:
    # was 10 564 habitants: Riom dropped and Clermont read as the Oise's
    text = _plain(faq.answer("quelle taille pour Clermont et Riom").text)
    assert "Clermont-Ferrand (63) 146 351 · Riom (63) 18 820 = 165 171 habitants" in text
    assert "taille 3" in text


def test_a_list_with_one_commune_found_and_one_ambiguous_keeps_both() -> None:
    slots = extract("quelle taille pour saint-denis et riom")
    assert slots.communes is not None
    assert [c.name for c in slots.communes.communes] == ["Riom"]
    [(name, candidates)] = slots.communes.ambiguous
    assert name.lower() == "saint-denis" and len(candidates) >= 2
    assert "« saint-denis » est ambigu" in faq.answer("quelle taille pour saint-denis et riom").text


def test_contacts_for_a_shared_commune_name_ask_which_one() -> None:
    # was the list of departments alone, as if no place had been named; the communes are now
    # the choices (buttons), and the twelve departments are not listed beside them
    text = _plain(faq.answer("cpam de clermont").text)
    assert "Clermont-Ferrand (63" in text and "Contacts demandés : CPAM" in text
    assert "Pour quel département" not in text
    assert "Pour quel département" in faq.answer("cpam").text
    sure = _plain(faq.answer("contact ARS Clermont (63)").text)
    assert "Puy-de-Dôme" in sure and "plusieurs communes" not in sure


def test_a_list_of_communes_gets_its_tier_with_its_source() -> None:
    # « taille pour Valence, Bourg-de-Péage et Romans » went to the population card, which
    # gave the total but left the tier, the thing asked, behind a button
    found = faq.answer("population de Voiron, Moirans et Rives")
    text = _plain(found.text)
    assert "= 36 214 habitants" in text and "taille 1 (moins de 40 000 habitants)" in text
    assert "ACI (2019)" in text
    single = _plain(faq.answer("population de Voiron").text)
    assert "taille" not in single and "ACI" not in single


def test_the_communes_of_a_shared_name_are_buttons_that_answer_for_each() -> None:
    found = faq.answer("combien d'habitants à clermont ?")
    labels = [b.label for b in found.buttons]
    assert labels[:2] == ["Clermont-Ferrand (63)", "Clermont (60)"] and len(labels) <= 4
    picked = faq.follow(found.buttons[0].token)
    assert picked is not None
    assert _plain(picked.text).startswith("Clermont-Ferrand : 146 351 habitants")
    tier = faq.follow(faq.answer("quelle taille pour Romans ?").buttons[0].token)
    assert tier is not None and "33 464 habitants : CPTS de taille 1" in _plain(tier.text)


def test_a_contact_button_for_a_shared_name_keeps_the_kind_asked() -> None:
    found = faq.answer("cpam de clermont")
    assert found.buttons[0].label == "Clermont-Ferrand (63)"
    picked = faq.follow(found.buttons[0].token)
    assert picked is not None
    assert "CPAM du Puy-de-Dôme" in picked.text and "délégation départementale" not in picked.text


def test_a_named_commune_is_not_taken_for_the_teams_territory() -> None:
    context = faq.FaqContext(population=52_300, tier=2, department="38")
    text = _plain(faq.answer("financement pour Boulogne", context).text)
    assert "Pour votre territoire" not in text and "Boulogne-Billancourt (92" in text


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("quelle taille pour Voiron ?", "Voiron, 21 847 habitants : CPTS de taille 1"),
        # « financement pour Voiron » was a commune not found, and Voiron left out of the total
        (
            "financement pour Voiron, Moirans et Rives",
            "Voiron (38) 21 847 · Moirans (38) 7 818 · Rives (38) 6 549 = 36 214 habitants",
        ),
    ],
)
def test_a_population_read_from_the_territory_data_is_named_and_sourced(
    question: str, expected: str
) -> None:
    text = _plain(faq.answer(question).text)
    assert expected in text and "Non trouvé" not in text
    assert "Etalab (populations Insee)" in text  # the figure's source, beside the ACI's
    typed = _plain(faq.answer("quelle taille pour 60000 habitants").text)
    assert "Etalab" not in typed  # a number typed needs no territory source
