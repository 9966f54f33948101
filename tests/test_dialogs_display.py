"""Stored answers shown in French."""

from __future__ import annotations

from typing import Any

import pytest

from bot.dialogs.display import display_value, plural
from bot.dialogs.schema import Choice, Field_, QType, Question

NNBSP, NBSP = "\u202f", "\u00a0"


def make(qtype: QType, **extra: Any) -> Question:
    return Question(id="t.q", label="Q", prompt="Q ?", type=qtype, **extra)


CHOICES = [Choice(value="a", label="Alpha"), Choice(value="b", label="Bêta")]
PEOPLE = make(
    QType.GROUP,
    row_label="personne",
    fields=[
        Field_(id="name", label="Nom", prompt="Nom ?", type=QType.TEXT),
        Field_(id="job", label="Métier", prompt="Métier ?", type=QType.TEXT, required=False),
        Field_(id="gov", label="Gouvernance", prompt="Gouv ?", type=QType.YES_NO),
    ],
)


@pytest.mark.parametrize(
    ("q", "value", "expected"),
    [
        (make(QType.MONEY), 15000, f"15{NNBSP}000{NBSP}€"),
        (make(QType.POPULATION), 60000, f"60{NNBSP}000{NBSP}habitants"),
        (make(QType.INTEGER), 1250, f"1{NNBSP}250"),
        (make(QType.YES_NO), True, "Oui"),
        (make(QType.YES_NO), False, "Non"),
        (make(QType.CHOICE, choices=CHOICES), "b", "Bêta"),
        (make(QType.CHOICE, choices=CHOICES), "gone", "gone"),
        (make(QType.MULTI_CHOICE, choices=CHOICES), ["a", "b"], "Alpha, Bêta"),
        (make(QType.MONTH_YEAR), "2026-03", "mars 2026"),
        (make(QType.DATE), "2026-03-12", "12/03/2026"),
        (make(QType.SIRET), "73282932000074", "732 829 320 00074"),
        (make(QType.PHONE), "04 26 20 94 30", "04 26 20 94 30"),
        (make(QType.TEXT), "MSP des Tilleuls", "MSP des Tilleuls"),
        (make(QType.TEXT), None, "—"),
        (make(QType.MONEY), "abc", "abc"),  # a malformed stored value is shown, never raises
        (make(QType.MONTH_YEAR), "2026-xx", "2026-xx"),
        (PEOPLE, [], "0 personne"),
        (
            PEOPLE,
            [
                {"_id": "1", "name": "Marie", "job": "IDE", "gov": True},
                {"_id": "2", "name": "Paul", "gov": False},
                {"_id": "3", "name": "Zoé", "job": "MG", "gov": True},
            ],
            "3 personnes : Marie – IDE, Paul – Non, Zoé – MG",
        ),
    ],
)
def test_display_value(q: Question, value: Any, expected: str) -> None:
    assert display_value(q, value) == expected


def test_group_summary_is_capped() -> None:
    rows = [{"_id": str(i), "name": f"P{i}", "gov": True} for i in range(8)]
    text = display_value(PEOPLE, rows)
    assert text.startswith("8 personnes : P0 – Oui, P1 – Oui")
    assert text.endswith("… (+3)")


def test_communes_summary_with_tier() -> None:
    q = make(QType.COMMUNES)
    value = [
        {"insee": str(i), "name": f"C{i}", "department": "38", "population": p}
        for i, p in enumerate([40000, 12340, 10000])
    ]
    assert display_value(q, value) == f"3 communes, 62{NNBSP}340{NBSP}habitants (Taille 2)"
    one = [{"insee": "1", "name": "C", "department": "38", "population": 1000}]
    assert display_value(q, one) == f"1 commune, 1{NNBSP}000{NBSP}habitants (Taille 1)"


@pytest.mark.parametrize(
    ("word", "count", "expected"),
    [
        ("personne", 2, "personnes"),
        ("personne", 1, "personne"),
        ("établissement", 3, "établissements"),
        ("local", 2, "locaux"),
        ("réseau", 2, "réseaux"),
        ("contact", 0, "contact"),
    ],
)
def test_plural(word: str, count: int, expected: str) -> None:
    assert plural(word, count) == expected
