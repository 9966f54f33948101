"""« Vérification avant dépôt »: every rule on a dossier that triggers it and on one that does not.

The base dossier is the fictional example (data/examples/cpts_exemple.yaml), which must pass
with no « bloquant » finding; each case changes it the smallest way that breaks one rule.
"""

from __future__ import annotations

import copy
import time
from collections.abc import Callable
from functools import cache
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.dialogs import readiness
from bot.dialogs.loader import Bundle, default_bundle
from bot.dialogs.readiness import Finding, Report, check, render_text
from bot.dialogs.schema import Answer, Dossier
from bot.dossier_file import load
from bot.paths import DATA_DIR
from bot.rules import facts
from bot.rules.territory import sum_communes

EXAMPLE = DATA_DIR / "examples" / "cpts_exemple.yaml"


@cache
def _example() -> Dossier:
    return load(EXAMPLE, default_bundle()).dossier


@pytest.fixture
def bundle() -> Bundle:
    return default_bundle()


@pytest.fixture
def example() -> Dossier:
    return copy.deepcopy(_example())


Edit = Callable[[Dossier], None]


def put(qid: str, value: Any) -> Edit:
    def edit(d: Dossier) -> None:
        d[qid] = Answer(value=value)

    return edit


def drop(qid: str) -> Edit:
    def edit(d: Dossier) -> None:
        d.pop(qid, None)

    return edit


def communes(*names: str) -> list[dict[str, Any]]:
    found = sum_communes(list(names))
    assert not found.ambiguous and not found.not_found
    return [
        {"insee": c.insee, "name": c.name, "department": c.department, "population": c.population}
        for c in found.resolved
    ]


def edit_rows(qid: str, change: Callable[[list[dict[str, Any]]], list[dict[str, Any]]]) -> Edit:
    def edit(d: Dossier) -> None:
        d[qid] = Answer(value=change(copy.deepcopy(d[qid].value)))

    return edit


def add_region(d: Dossier) -> None:
    d["territory.communes"] = Answer(
        value=[*d["territory.communes"].value, *communes("Mende (48)")]
    )


def population_is(d: Dossier) -> int:
    return sum(c["population"] for c in d["territory.communes"].value)


def patients_equal_population(d: Dossier) -> None:
    d["population.patients"] = Answer(value=population_is(d))


def budget_line(code: str, amount: int) -> Edit:
    return edit_rows(
        "budget.lines", lambda rows: [*rows, {"_id": "x", "line": code, "amount": amount}]
    )


def set_line(code: str, amount: int) -> Edit:
    return edit_rows(
        "budget.lines",
        lambda rows: [{**r, "amount": amount} if r["line"] == code else r for r in rows],
    )


def sheets_without(mission: str) -> Edit:
    return edit_rows("actions.sheets", lambda rows: [r for r in rows if r["mission"] != mission])


def sheet_budget(amount: int) -> Edit:
    return edit_rows("actions.sheets", lambda rows: [{**rows[0], "budget": amount}, *rows[1:]])


def sheet_dates(start: str, end: str) -> Edit:
    return edit_rows("actions.sheets", lambda rows: [{**rows[0], "start": start, "end": end}])


def answer_all(d: Dossier) -> None:
    d["information_systems.mes_patients_planned"] = Answer(value=True)


# (rule, edit that triggers it, question the finding points to)
TRIGGERS: list[tuple[str, list[Edit], str | None]] = [
    (
        "territory_population",
        [put("territory.communes", communes("Tence (43)"))],
        "territory.communes",
    ),
    ("territory_one_region", [add_region], "territory.communes"),
    ("territory_one_cpts", [], "territory.boundaries"),
    ("territory_tier", [put("territory.aci_size", "t4")], "territory.aci_size"),
    ("representativity", [put("diagnosis.health_workforce_total", 400)], "members.people"),
    ("socle_missions", [sheets_without("crise")], "actions.sheets"),
    ("sas_articulation", [drop("missions.sas_articulation")], "missions.sas_articulation"),
    ("budget_balanced", [budget_line("60_achats", 1000)], "budget.lines"),
    ("budget_contributions", [set_line("87_benevolat", 3000)], "budget.lines"),
    ("amounts_positive", [sheet_budget(0)], "actions.sheets"),
    ("amounts_positive", [put("budget_preprojet.meetings", -5)], "budget_preprojet.meetings"),
    ("grant_use", [put("budget_preprojet.meetings", 3000)], "budget_preprojet.staff_amount"),
    (
        "professionals_count",
        [put("diagnosis.health_workforce_total", 170)],
        "diagnosis.health_workforce_total",
    ),
    (
        "announced_actions",
        [put("health.operational_objectives", "Deux actions la première année.")],
        "health.operational_objectives",
    ),
    (
        "announced_actions",
        [put("health.operational_objectives", "Nous mènerons 6 grandes actions.")],
        "health.operational_objectives",
    ),
    ("patients_vs_population", [patients_equal_population], "population.patients"),
    ("patients_vs_population", [put("population.patients", 10_000_000)], "population.patients"),
    ("dates_order", [put("contracting.signature_date", "2026-09-01")], "statutes.signature_date"),
    ("dates_order", [put("calendar.contracting", "2026-06")], "calendar.health_project_deposit"),
    ("dates_order", [put("project.creation_date", "2026-04-02")], "project.creation_date"),
    ("action_dates", [sheet_dates("2028-01", "2027-12")], "actions.sheets"),
    ("statutes_status", [put("structure.statutes_status", "draft")], "structure.statutes_status"),
    ("legal_rep_signs", [put("legal_rep.name", "Pierre Autre")], "statutes.signatories"),
    ("contact_listed", [put("contact.name", "Zoé Absente")], "members.people"),
    ("names_match", [put("project.title", "CPTS des Autres Sucs")], "project.title"),
    ("required_missing", [answer_all, drop("organisation.rcp")], "organisation.rcp"),
]

# (rule, edit after which the base dossier no longer triggers it) for the two rules the
# example triggers on purpose (a reminder, and one « Je ne sais pas encore » kept as a demo)
CLEARS: dict[str, list[Edit]] = {
    "territory_one_cpts": [drop("territory.communes")],
    "required_missing": [answer_all],
}


def findings(bundle: Bundle, dossier: Dossier, rule: str) -> list[Finding]:
    return [f for f in check(bundle, dossier).findings if f.rule == rule]


def test_every_rule_has_a_case() -> None:
    ids = {r.id for r in readiness.rules()}
    assert ids == {rule for rule, _, _ in TRIGGERS}
    assert ids == set(readiness.CHECKS)


@pytest.mark.parametrize(("rule", "edits", "question"), TRIGGERS, ids=[t[0] for t in TRIGGERS])
def test_rule_triggers(
    bundle: Bundle, example: Dossier, rule: str, edits: list[Edit], question: str | None
) -> None:
    for edit in edits:
        edit(example)
    found = findings(bundle, example, rule)
    assert found, f"{rule} did not trigger"
    spec = readiness.rule(rule)
    assert {f.severity for f in found} == {spec.severity}
    assert found[0].question_id == question
    assert question is None or found[0].interview_id == bundle.owner_interview(question)
    for f in found:
        assert "{" not in f.message and "}" not in f.message
        assert f.source.startswith(spec.text)


@pytest.mark.parametrize("rule", sorted({t[0] for t in TRIGGERS}))
def test_rule_quiet_on_a_dossier_that_passes(bundle: Bundle, example: Dossier, rule: str) -> None:
    for edit in CLEARS.get(rule, []):
        edit(example)
    assert findings(bundle, example, rule) == []


def test_example_has_nothing_blocking(bundle: Bundle, example: Dossier) -> None:
    report = check(bundle, example)
    assert not report.blocking
    assert {f.rule for f in report.findings} == {"territory_one_cpts", "required_missing"}


def test_empty_dossier_is_blocked_on_missions_and_lists_every_document(bundle: Bundle) -> None:
    report = check(bundle, {})
    assert report.blocking
    missing = [f for f in report.findings if f.rule == "required_missing"]
    assert {f.interview_id for f in missing} == set(bundle.interviews)
    assert all(f.document == bundle.interviews[f.interview_id or ""].document for f in missing)
    # most severe first
    order = [readiness.SEVERITY_ORDER.index(f.severity) for f in report.findings]
    assert order == sorted(order)


def test_required_missing_counts_and_points_to_the_first(bundle: Bundle, example: Dossier) -> None:
    for qid in ("organisation.rcp", "organisation.protocols"):
        example.pop(qid)
    (found,) = [
        f
        for f in findings(bundle, example, "required_missing")
        if f.interview_id == "contractualisation"
    ]
    assert found.question_id == "organisation.rcp"
    assert "2 réponses obligatoires manquantes" in found.message
    assert found.document == "contractualisation"


def test_thresholds_come_from_facts(
    bundle: Bundle, example: Dossier, monkeypatch: pytest.MonkeyPatch
) -> None:
    minimum = facts.population_rules().coherence.min_population
    assert readiness.threshold("population.coherence.min_population") == minimum
    assert readiness.threshold("population.representativity.percent") == 15
    assert readiness.threshold("grant.amount") == facts.grant().amount
    assert readiness.threshold("missions.count_note.socle_now") == 4
    # just under / at the threshold
    example["territory.communes"] = Answer(
        value=[{"insee": "1", "name": "A", "department": "43", "population": minimum - 1}]
    )
    assert findings(bundle, example, "territory_population")
    example["territory.communes"] = Answer(
        value=[{"insee": "1", "name": "A", "department": "43", "population": minimum}]
    )
    assert not findings(bundle, example, "territory_population")


@pytest.mark.parametrize("rule", ["territory_population", "representativity"])
def test_ara_expectations_only_apply_in_ara(bundle: Bundle, example: Dossier, rule: str) -> None:
    """15 000 inhabitants and 15 % are the ARS ARA's expectations, not Occitanie's."""
    example["diagnosis.health_workforce_total"] = Answer(value=10_000)
    example.pop("territory.liberal_professionals")
    small = communes("Tence (43)")
    example["territory.communes"] = Answer(value=small)
    assert findings(bundle, example, rule)
    example["territory.communes"] = Answer(value=communes("Mende (48)"))
    assert not findings(bundle, example, rule)
    example.pop("territory.communes")  # region unknown: the expectation still applies
    if rule == "representativity":
        assert findings(bundle, example, rule)


def test_representativity_at_the_edge(bundle: Bundle, example: Dossier) -> None:
    people = len(example["members.people"].value)
    example["diagnosis.health_workforce_total"] = Answer(value=people * 100 // 15)
    assert not findings(bundle, example, "representativity")
    example["diagnosis.health_workforce_total"] = Answer(value=people * 100 // 15 + 1)
    assert findings(bundle, example, "representativity")


def test_representativity_falls_back_on_the_table(bundle: Bundle, example: Dossier) -> None:
    example.pop("diagnosis.health_workforce_total")
    example["territory.liberal_professionals"] = Answer(
        value=[{"_id": "a", "category": "generalistes", "count": 1000}]
    )
    assert findings(bundle, example, "representativity")


def test_unknown_answers_are_not_used(bundle: Bundle, example: Dossier) -> None:
    example["territory.aci_size"] = Answer(value=None, status="unknown")
    assert not findings(bundle, example, "territory_tier")


def test_dates_compare_months_with_days(bundle: Bundle, example: Dossier) -> None:
    example["calendar.letter_deposit"] = Answer(value="2026-01")
    example["project.creation_date"] = Answer(value="2026-01-05")
    assert not findings(bundle, example, "dates_order")  # same month as the start
    example["calendar.construction_start"] = Answer(value="2026-02")
    (found,) = findings(bundle, example, "dates_order")
    assert "février 2026" in found.message and "janvier 2026" in found.message


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("Quatre actions prioritaires la première année", 4),
        ("deux grandes actions", 2),
        ("12 actions", 12),
        ("une action", 1),
        ("Les actions sont décrites en annexe.", None),
        ("Trois objectifs et des actions", None),
    ],
)
def test_announced_count(text: str, count: int | None) -> None:
    assert readiness.announced_count(text) == count


def test_report_text(bundle: Bundle, example: Dossier) -> None:
    text = render_text(check(bundle, example), cpts_name="CPTS X")
    assert text.startswith("Vérification avant dépôt — CPTS X")
    assert "Rien ne bloque le dépôt" in text and "Conseil" in text
    assert "Aucun point" in render_text(Report())
    blocked = render_text(check(bundle, {}))
    assert "ne peut pas être déposé" in blocked and "Bloquant" in blocked


def test_check_is_fast_on_the_full_example(bundle: Bundle, example: Dossier) -> None:
    check(bundle, example)
    start = time.perf_counter()
    for _ in range(20):
        check(bundle, example)
    assert (time.perf_counter() - start) / 20 < 0.020


# Any stored value, of any type, in the questions the rules read: check never raises (it runs
# on the first page of every working document, so a crash would stop the documents).
READ_QIDS = sorted(
    {
        "territory.communes", "territory.aci_size", "members.people", "actions.sheets",
        "diagnosis.health_workforce_total", "territory.liberal_professionals", "budget.lines",
        "budget_preprojet.meetings", "budget_preprojet.staff_amount", "letter_funding.lines",
        "population.patients", "statutes.signature_date", "health.signature_date",
        "contracting.signature_date", "calendar.contracting", "calendar.construction_start",
        "structure.statutes_status", "health.version_date", "legal_rep.name",
        "statutes.signatories", "contact.name", "project.title", "missions.sas_articulation",
        "health.operational_objectives", "missions.unscheduled_care_plan",
    }
)  # fmt: skip
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**9), max_value=10**9)
    | st.text(max_size=12)
    | st.sampled_from(["2026-13", "2026-02-30", "2026-01", "2027-05-04", "t9", "draft", "crise"])
)
ROWS = st.dictionaries(
    st.sampled_from(["population", "department", "mission", "count", "line", "amount", "name",
                     "budget", "ars", "urps", "insee"]),
    SCALARS,
    max_size=4,
)  # fmt: skip
VALUES = SCALARS | st.lists(ROWS | SCALARS, max_size=3)


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(st.sampled_from(READ_QIDS), VALUES, max_size=10))
def test_check_never_raises(values: dict[str, Any]) -> None:
    dossier = {qid: Answer(value=value) for qid, value in values.items()}
    report = check(default_bundle(), dossier)
    assert all("{" not in f.message for f in report.findings)


@pytest.mark.parametrize(
    "values",
    [
        {"statutes.signature_date": "2026-13-01", "health.signature_date": "2026-01-01"},
        {"calendar.contracting": "2026-13", "calendar.implementation_start": "2026-01"},
        {
            "territory.communes": [{"population": -5, "department": "43"}],
            "territory.aci_size": "t2",
        },
        {
            "structure.statutes_status": "draft",
            "statutes.signature_date": "2026-02-30",
            "health.version_date": "2026-03-01",
        },
    ],
)
def test_impossible_stored_values_are_ignored(values: dict[str, Any]) -> None:
    dossier = {qid: Answer(value=value) for qid, value in values.items()}
    rules = {f.rule for f in check(default_bundle(), dossier).findings}
    assert not rules & {"dates_order", "statutes_status", "territory_tier", "territory_population"}
