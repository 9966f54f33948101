"""Named validators and non-blocking advice."""

from __future__ import annotations

from typing import Any

import pytest

from bot.dialogs.loader import load_bundle
from bot.dialogs.schema import Answer, Dossier, QType, Question
from bot.dialogs.validators import (
    ADVISORS,
    VALIDATORS,
    AnswerInvalid,
    advise,
    communes_population,
    run_validators,
    split_spec,
    ui_text,
)

NNBSP, NBSP = "\u202f", "\u00a0"

BUNDLE = load_bundle()  # every interview file, without the cross-file check


def answered(**values: Any) -> Dossier:
    return {key.replace("__", "."): Answer(value=v) for key, v in values.items()}


def commune(name: str, population: int) -> dict[str, Any]:
    return {"insee": "00000", "name": name, "department": "38", "population": population}


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ("not_in_future", ("not_in_future", None)),
        ("min_total_population:15000", ("min_total_population", "15000")),
        (" date_order : calendar.start ", ("date_order", "calendar.start")),
    ],
)
def test_split_spec(spec: str, expected: tuple[str, str | None]) -> None:
    assert split_spec(spec) == expected


def test_registries_are_named_functions() -> None:
    assert {"not_in_future", "population_over_zero", "positive", "exclusive_choice"} <= set(
        VALIDATORS
    )
    assert {"min_total_population", "tier_matches_communes", "representativity"} <= set(ADVISORS)


def test_population_over_zero_on_communes() -> None:
    q = Question(
        id="t.c", label="C", prompt="C ?", type=QType.COMMUNES, validators=["population_over_zero"]
    )
    run_validators(q, [commune("A", 10)])
    with pytest.raises(AnswerInvalid, match="supérieure à zéro"):
        run_validators(q, [commune("A", 0)])


def test_communes_population() -> None:
    assert communes_population([commune("A", 10), commune("B", 5)]) == 15
    assert communes_population("nope") is None
    assert communes_population([{"name": "A"}]) is None


def test_ui_text_formats() -> None:
    assert ui_text("errors", "siret_length", count=12) == (
        "Le SIRET doit comporter 14 chiffres ; vous en avez saisi 12."
    )
    assert ui_text("display", "unknown") == "À compléter"


# ---------------------------------------------------------------- advice on the real form


@pytest.fixture(scope="module")
def questions() -> dict[str, Question]:
    return BUNDLE.questions


def test_small_territory_gets_the_15000_hint(questions: dict[str, Question]) -> None:
    q = questions["territory.communes"]
    notes = advise(BUNDLE, q, [commune("A", 9000), commune("B", 3500)], {})
    assert notes == [
        f"Le territoire compte 12{NNBSP}500{NBSP}habitants. Il est attendu une certaine cohérence "
        f"du territoire avec des populations supérieures à 15{NNBSP}000 habitants."
    ]
    assert advise(BUNDLE, q, [commune("A", 15000)], {}) == []


def test_tier_cross_check(questions: dict[str, Question]) -> None:
    q = questions["territory.aci_size"]
    d = answered(territory__communes=[commune("A", 45000), commune("B", 17000)])
    assert advise(BUNDLE, q, "t2", d) == []
    notes = advise(BUNDLE, q, "t1", d)
    assert notes == [
        f"D'après les communes saisies (62{NNBSP}000{NBSP}habitants), la CPTS relève de la "
        "catégorie « Taille 2 », et non « Taille 1 : moins de 40 000 habitants »."
    ]
    assert advise(BUNDLE, q, "t1", {}) == []  # no communes yet: nothing to compare


def test_tier_4_with_100_professionals_counts_as_tier_4(questions: dict[str, Question]) -> None:
    q = questions["territory.aci_size"]
    d = answered(territory__communes=[commune("A", 200000)])
    assert advise(BUNDLE, q, "t4_100ps", d) == []


def test_representativity_hint(questions: dict[str, Question]) -> None:
    q = questions["diagnosis.health_workforce_total"]
    people = [{"_id": f"r{i}", "name": f"P{i}"} for i in range(12)]
    d = answered(members__people=people)
    notes = advise(BUNDLE, q, 200, d)
    assert notes == [
        f"12 personnes impliquées pour 200 professionnels de santé sur le territoire, soit "
        f"6{NBSP}% : une représentativité d'environ 15 % est attendue dans le pré-projet."
    ]
    assert advise(BUNDLE, q, 80, d) == []  # 15 %
    assert advise(BUNDLE, q, 0, d) == []


def test_calendar_order_hint(questions: dict[str, Question]) -> None:
    q = questions["calendar.health_project_deposit"]
    # far-future dates: the question also warns about a planned date already past
    d = answered(calendar__construction_start="2040-05")
    assert advise(BUNDLE, q, "2040-09", d) == []
    assert advise(BUNDLE, q, "2040-01", d) == [
        "Cette date (janvier 2040) précède « Début de la phase de construction » (mai 2040) : "
        "vérifiez le calendrier."
    ]


def test_budget_total_hint(questions: dict[str, Question]) -> None:
    q = questions["budget_preprojet.staff_amount"]
    d = answered(budget_preprojet__communication=1000, budget_preprojet__meetings=2000)
    assert advise(BUNDLE, q, 12000, d) == []
    assert advise(BUNDLE, q, 10000, d) == [
        f"Total des charges prévues : 13{NNBSP}000{NBSP}€, pour une subvention ARS de "
        f"15{NNBSP}000{NBSP}€."
    ]


def test_unknown_answers_are_ignored_by_advice(questions: dict[str, Question]) -> None:
    q = questions["budget_preprojet.staff_amount"]
    d = {"budget_preprojet.communication": Answer(value=None, status="unknown")}
    assert advise(BUNDLE, q, 15000, d) == []


@pytest.mark.parametrize(
    ("value", "warned"),
    [
        ("2026-11", True),
        ("2026-12", False),
        ("2027-03", False),
        ("2026-12-01", True),
        ("2026-12-02", False),
    ],
)
def test_a_planned_step_in_the_past_gets_a_warning(
    value: str, warned: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    import datetime as dt

    from bot.dialogs import validators
    from bot.dialogs.schema import QType, Question

    monkeypatch.setattr(validators, "today", lambda: dt.date(2026, 12, 2))
    qtype = QType.MONTH_YEAR if len(value) == 7 else QType.DATE
    q = Question(id="t.q", label="Q", prompt="Q ?", type=qtype, advice=["planned"])
    notes = validators.advise(None, q, value, {})
    assert bool(notes) is warned
    if warned:
        assert "déjà passée" in notes[0]
