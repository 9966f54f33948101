"""The card registry is the one list of what the FAQ knows: every sourced fact of
``data/rules/`` is reachable through a card, and every card renders."""

from __future__ import annotations

from typing import Any, get_args

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel

from bot.rules import faq
from bot.rules.contacts import PROFESSIONS, contact_book
from bot.rules.facts import facts
from bot.rules.faq import cards, compose, sources
from bot.rules.faq.slots import PART_KEYS, Slots
from bot.rules.faq.views import View
from bot.rules.funding import table as funding_table
from bot.rules.glossary import entries
from bot.rules.landscape import landscape
from bot.rules.missions import MissionKey, missions
from bot.rules.sourced import Sourced


def _sourced_paths(node: Any, prefix: str) -> list[str]:
    """Dotted paths of every sourced record inside a rules model."""
    found = [prefix] if isinstance(node, Sourced) else []
    if isinstance(node, BaseModel):
        for name in type(node).model_fields:
            child = getattr(node, name)
            if isinstance(child, BaseModel):
                found += _sourced_paths(child, f"{prefix}.{name}" if prefix else name)
    return found


def _claimed() -> set[str]:
    keys: set[str] = set()
    for card in cards.registry().cards:
        keys |= set(card.sources) | set(card.facts)
    return keys


FACT_PATHS = [f"facts:{p}" for p in _sourced_paths(facts(), "")] + [
    f"landscape:{p}" for p in _sourced_paths(landscape(), "") if "." not in p
]
FUNDING_PATHS = [f"funding:{v.key}" for v in funding_table().versions] + [
    f"caveat:{c.key}" for c in funding_table().caveats
]


@pytest.mark.parametrize("path", FACT_PATHS + FUNDING_PATHS)
def test_every_sourced_fact_is_reachable_through_a_card(path: str) -> None:
    assert path in _claimed(), f"no card lists {path} in its sources or facts"
    assert sources.is_sourced(path)


@pytest.mark.parametrize("card", cards.registry().cards, ids=lambda c: c.id)
def test_every_card_and_detail_renders(card: cards.Card) -> None:
    for key in card.sources:
        assert sources.is_sourced(key), key
    first = faq.follow(f"{card.id}~~")
    assert first is not None and first.text.strip()
    for detail in card.details:
        shown = faq.follow(f"{card.id}~{detail.id}~t2")
        assert shown is not None and shown.text.strip(), detail.id


@pytest.mark.parametrize("mission", missions(), ids=lambda m: m.key)
def test_every_mission_is_answered(mission: Any) -> None:
    shown = faq.follow(f"mission_detail~~m{mission.key}")
    assert shown is not None
    assert mission.short_label.lower() in shown.text.lower()


@pytest.mark.parametrize("index", range(len(entries())), ids=lambda i: entries()[i].term)
def test_every_glossary_term_is_a_card(index: int) -> None:
    entry = entries()[index]
    shown = faq.follow(f"glossaire~~g{index}")
    assert shown is not None
    assert entry.term in shown.text
    # « Lettre d'intention : Lettre d'intention. » said the term twice
    assert f"{entry.term} : {entry.term}" not in shown.text


def test_the_sisa_card_answers_a_definition_question_too() -> None:
    """« c'est quoi une SISA » read as this card got « Non : … », an answer to no question."""
    shown = faq.follow("sisa~~")
    assert shown is not None
    assert not shown.text.startswith("Non")
    assert "société interprofessionnelle de soins ambulatoires" in shown.text
    assert "association loi 1901" in shown.text


@pytest.mark.parametrize(
    "code", ["01", "03", "07", "15", "26", "38", "42", "43", "63", "69", "73", "74"]
)
def test_every_ara_department_has_contacts(code: str) -> None:
    shown = faq.follow(f"contacts~~d{code}")
    assert shown is not None
    assert "CPAM" in shown.text or "ARS" in shown.text


@pytest.mark.parametrize(
    ("question", "detail", "expected"),
    [
        # population and department ran together (« p21847d38 ») and both were lost
        ("population de Voiron", "tier", "21 847 habitants : CPTS de taille 1"),
        # tier, mission and part ran together (« t3mpreventionxfixe »): the detail fell back
        # to taille 2
        ("part fixe de la mission prévention pour une taille 3", "missions", "Taille 3,"),
        # the code was longer than the callback limit and was dropped: taille 2 again
        ("le volet médecin traitant en taille 3", "missions", "Taille 3,"),
    ],
)
def test_a_detail_button_keeps_the_cell_asked(question: str, detail: str, expected: str) -> None:
    first = faq.answer(question)
    token = next(b.token for b in first.buttons if b.token.split("~")[1] == detail)
    assert len(token.encode()) <= 48
    shown = faq.follow(token)
    assert shown is not None
    assert expected in shown.text.replace("\u202f", " ").replace("\xa0", " ")


@given(
    population=st.none() | st.integers(0, 10**8),
    tier=st.none() | st.integers(1, 4),
    mission=st.none() | st.sampled_from(get_args(MissionKey)),
    part=st.none() | st.sampled_from(PART_KEYS),
    department=st.none() | st.sampled_from(["01", "2A", "38", "974"]),
    kinds=st.lists(st.sampled_from(list(contact_book().kinds)), unique=True),
    profession=st.none() | st.sampled_from(PROFESSIONS),
)
def test_slot_codes_round_trip(
    population: int | None,
    tier: int | None,
    mission: str | None,
    part: str | None,
    department: str | None,
    kinds: list[str],
    profession: str | None,
) -> None:
    slots = Slots(text="", population=population, tier=tier, mission=mission, part=part)
    slots.department = department
    slots.kinds, slots.contact_profession = tuple(kinds), profession
    code = compose.encode_slots(slots, View(slots))
    decoded = compose.decode_slots(code)
    assert (decoded.population, decoded.mission, decoded.part, decoded.department) == (
        population,
        mission,
        part,
        department,
    )
    assert decoded.tier == (tier if population is None else None)
    assert (decoded.kinds, decoded.contact_profession) == (tuple(kinds), profession)


@given(st.text(max_size=60))
def test_a_forged_slot_code_never_raises(code: str) -> None:
    compose.decode_slots(code)


@given(
    insee=st.sampled_from(["63113", "2A004", "97411"]),
    code=st.lists(st.from_regex(r"[a-z][0-9]{1,9}", fullmatch=True), max_size=12).map(".".join),
)
def test_a_commune_button_keeps_its_commune_however_long_the_code(insee: str, code: str) -> None:
    token = compose._picked("population_minimale", insee, code)
    assert len(token.encode()) <= 48
    assert token.split(compose.SEP)[2].split(".")[0] == f"c{insee}"
