"""A row or a contact typed on one line fills its fields; only what is missing is asked."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.dialogs.loader import load_bundle
from bot.dialogs.parsing import AnswerInvalid, parse_answer
from bot.dialogs.parsing.one_line import parse_line

BUNDLE = load_bundle()
PEOPLE = BUNDLE.questions["members.people"].fields
CONTACT = [
    BUNDLE.questions[q]
    for q in ("contact.name", "contact.profession", "contact.phone", "contact.email")
]


@pytest.mark.parametrize(
    ("text", "values", "missing"),
    [
        (
            "Sophie Durand, infirmière libérale, Voiron, gouvernance oui",
            {
                "name": "Sophie Durand",
                "category": "infirmière libérale",
                "place": "Voiron",
                "governance": True,
            },
            ["participation"],
        ),
        (
            "Dr Paul Girard, médecin généraliste, Moirans, MSP de Moirans, sanitaire, "
            "gouvernance non",
            {
                "name": "Dr Paul Girard",
                "category": "médecin généraliste",
                "place": "Moirans",
                "structure": "MSP de Moirans",
                "sector": "sanitaire",
                "governance": False,
            },
            ["participation"],
        ),
    ],
)
def test_a_person_on_one_line(text: str, values: dict, missing: list[str]) -> None:
    guess = parse_line(PEOPLE, text)
    assert guess is not None and guess.convincing
    assert guess.values == values
    assert guess.missing == missing


def test_a_contact_in_one_message() -> None:
    guess = parse_line(
        CONTACT, "Claire Morel, médecin généraliste, 06 11 22 33 44, claire.morel@example.org"
    )
    assert guess is not None and guess.convincing and guess.missing == []
    assert guess.values == {
        "contact.name": "Claire Morel",
        "contact.profession": "médecin généraliste",
        "contact.phone": "06 11 22 33 44",
        "contact.email": "claire.morel@example.org",
    }
    partial = parse_line(CONTACT, "Claire Morel, claire.morel@example.org")
    assert partial is not None and partial.missing == ["contact.profession", "contact.phone"]


@pytest.mark.parametrize("text", ["Sophie Durand", "Voiron, Voreppe", "oui", ""])
def test_not_a_one_line_row(text: str) -> None:
    guess = parse_line(PEOPLE, text)
    assert guess is None or not guess.convincing


@settings(max_examples=100, deadline=None)
@given(st.lists(st.text(max_size=30).filter(lambda t: "," not in t), max_size=6).map(", ".join))
def test_any_line_gives_values_each_field_accepts(text: str) -> None:
    guess = parse_line(PEOPLE, text)
    if guess is None:
        return
    by_id = {f.id: f for f in PEOPLE}
    for field_id, value in guess.values.items():
        f = by_id[field_id]
        if isinstance(value, str):
            try:
                assert parse_answer(f, value) is not None
            except AnswerInvalid:
                pytest.fail(f"{field_id}: {value!r} stored without being a valid answer")
