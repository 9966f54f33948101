"""Derived values: what templates read besides the answers (tables with totals, the ARS the
letter is addressed to, the tier, the selected action sheets…).

Each one is registered once with the question ids it reads, so the start-up check
(``checks.derived_problems``) catches a renamed question here as it does in a template.
Their French wording lives in the templates: only numbers, labels from data files and flags
are computed here. None clashes with a question-id prefix (``answer_tree`` refuses it).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from bot import textfmt
from bot.dialogs.loader import Bundle
from bot.dialogs.schema import Dossier
from bot.documents.context import budget_tables as tables
from bot.documents.context.values import Namespace, Row, Value, missing

# The contacts entry whose address is the recipient block of the letter-of-intent seed
# (ARS Occitanie, Montpellier): printed as is, only for that region.
LETTER_RECIPIENT_ID = "ars-occitanie-siege"


class UnknownAction(KeyError):
    """The action sheet asked for does not exist (deleted since the button was sent)."""


@dataclass(frozen=True)
class Inputs:
    """What a derived value may read: the answer tree (through the ids it declared)."""

    bundle: Bundle
    dossier: Dossier
    tree: Mapping[str, Namespace]
    actions: list[Row]
    selected: list[Row]
    version: str = "travail"  # « travail » (working) or « envoi » (sending), see service

    def q(self, qid: str) -> Value:
        prefix, _, name = qid.partition(".")
        value: Value = getattr(self.tree[prefix], name)
        return value


@dataclass(frozen=True)
class Derived:
    name: str
    reads: tuple[str, ...]  # question ids, checked against the bundle at start-up
    build: Callable[[Inputs], Any]
    lazy: bool = True  # a mapping computed on first use (``Lazy``), else a plain value
    uses_facts: bool = field(default=False)  # reads data/rules/facts.yaml


class Lazy:
    """A derived mapping computed on first use (``region.name``, ``perimeter["count"]``)."""

    __slots__ = ("_factory", "_value")

    def __init__(self, factory: Callable[[], Mapping[str, Any]]) -> None:
        self._factory = factory
        self._value: Mapping[str, Any] | None = None

    def resolve(self) -> Mapping[str, Any]:
        if self._value is None:
            self._value = self._factory()
        return self._value

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        try:
            return self.resolve()[name]
        except KeyError:
            raise AttributeError(name) from None

    def __getitem__(self, key: str) -> Any:
        return self.resolve()[key]

    def __contains__(self, key: object) -> bool:
        return key in self.resolve()


# --------------------------------------------------------------------------- builders


def _cpts_name(i: Inputs) -> Value:
    name = i.q("structure.association_name")
    if name:
        return name
    title = i.q("project.title")
    return title if title else name


def _project_title(i: Inputs) -> Value:
    """The project's title: its own answer, else the association's name (not asked twice)."""
    title = i.q("project.title")
    if title:
        return title
    name = i.q("structure.association_name")
    return name if name or not title.visible else title


def _region(i: Inputs) -> dict[str, Any]:
    """The region of the territory (most inhabitants), and the ARS address the seeds give."""
    from bot.rules.contacts import regional_ars_contact
    from bot.rules.territory import department_by_code, region_by_code

    weights: Counter[str] = Counter()
    for row in i.q("territory.communes").rows:
        department = department_by_code(row.department)
        if department is not None:
            weights[department.region] += row.population_raw or 0
    if not weights:
        return {"name": None, "code": None, "seed_block": [], "address": []}
    code = max(weights, key=lambda c: (weights[c], c))
    region = region_by_code(code)
    contact = regional_ars_contact(code)
    lines = [line for a in contact.addresses for line in a.lines] if contact else []
    is_seed = contact is not None and contact.id == LETTER_RECIPIENT_ID
    return {
        "name": region.name if region else None,
        "code": code,
        "seed_block": lines if is_seed else [],
        "address": [] if is_seed else lines,
    }


def _perimeter(i: Inputs) -> dict[str, Any]:
    from bot.rules.tiers import tier_for

    rows = i.q("territory.communes").rows
    populations = [r.population_raw for r in rows]
    total = sum(p for p in populations if p is not None) if rows else None
    tier = tier_for(total) if total is not None else None
    return {
        "communes": rows,
        "count": len(rows),
        "empty": not rows,
        "population": textfmt.population(total) if total is not None else "",
        "population_number": textfmt.number(total) if total is not None else "",
        "population_raw": total,
        "tier_label": tier.label if tier else "",
        "tier_range": tier.range_label if tier else "",
        "tier_number": tier.tier if tier else None,
        "at_boundary": bool(tier and tier.at_boundary),
        "near_boundary": bool(tier and tier.near_boundary),
    }


def _people(i: Inputs) -> dict[str, Any]:
    members = i.q("members.people")
    engaged = [r for r in members.rows if r.participation.raw != "uncertain"]
    solicited = [r for r in members.rows if r.participation.raw == "uncertain"]
    return {
        "engaged": engaged,
        "solicited": solicited,
        "all": list(members.rows),
        "empty": not members.rows,
    }


def _representativity(i: Inputs) -> dict[str, Any]:
    workforce = i.q("diagnosis.health_workforce_total")
    total = workforce.raw if isinstance(workforce.raw, int) and workforce.raw > 0 else None
    count = len(i.q("members.people").rows)
    percent = round(100 * count / total) if total else None
    return {"people": count, "workforce": total, "percent": percent}


def _writer(i: Inputs) -> dict[str, Any]:
    """Who writes the letter: the contact person unless the team said someone else.

    The address is the writer's own when someone else writes, else the head office's
    (given in the pré-projet, never asked again).
    """
    other = i.q("author.is_contact").raw is False
    prefix = "author" if other else "contact"
    own_address = i.q("author.address")
    address = own_address if own_address.visible else i.q("structure.address")
    return {
        "name": i.q(f"{prefix}.name"),
        "profession": i.q(f"{prefix}.profession"),
        "email": i.q(f"{prefix}.email"),
        "phone": i.q(f"{prefix}.phone"),
        "address": address,
    }


def _prs_rows(value: Value) -> list[dict[str, str]]:
    """The chosen rows of a PRS table; the theme (choice help) printed once per run."""
    rows: list[dict[str, str]] = []
    previous = None
    for c in value.choices:
        if not c.checked:
            continue
        theme = c.help or ""
        rows.append({"theme": theme if theme != previous else "", "axis": c.label})
        previous = theme
    return rows


def _prs_tables(i: Inputs) -> dict[str, Any]:
    return {
        "transversal": _prs_rows(i.q("prs.transversal_axes")),
        "pathways": _prs_rows(i.q("prs.priority_pathways")),
        "activities": _prs_rows(i.q("prs.care_activities")),
    }


def _preprojet_budget(i: Inputs) -> dict[str, Any]:
    from bot.rules.facts import grant

    ids = ("budget_preprojet.communication", "budget_preprojet.meetings")
    amounts = [i.q(qid).raw for qid in (*ids, "budget_preprojet.staff_amount")]
    total = sum(a for a in amounts if isinstance(a, int))
    amount = grant().amount
    return {
        "total": tables.eur(total),
        "total_raw": total,
        "grant": tables.eur(amount),
        "grant_raw": amount,
        "balanced": total == amount,
        "gap": tables.eur(abs(amount - total)),
        "over": total > amount,
        "has_amounts": any(isinstance(a, int) for a in amounts),
    }


def _funding_table(i: Inputs) -> dict[str, Any]:
    """The letter's funding table; the pré-projet's budget lines while it is empty."""
    fallback: list[tuple[str, int]] = []
    action = next(f for f in i.bundle.questions["letter_funding.lines"].fields if f.id == "action")
    labels = {c.value: c.label for c in action.choices}
    staff_kind = i.q("budget_preprojet.staff_kind")
    for qid, label in (
        ("budget_preprojet.communication", labels.get("communication", "")),
        ("budget_preprojet.meetings", i.q("budget_preprojet.meetings").label),
        (
            "budget_preprojet.staff_amount",
            str(staff_kind) if staff_kind else i.q("budget_preprojet.staff_amount").label,
        ),
    ):
        amount = i.q(qid).raw
        if isinstance(amount, int) and amount > 0:
            fallback.append((label, amount))
    return tables.letter_funding(i.q("letter_funding.lines"), fallback)


def _facts(i: Inputs) -> dict[str, Any]:
    """Thresholds and legal references from data/rules/facts.yaml (never retyped)."""
    from bot.rules.facts import grant, indicators, legal_form, population_rules

    rules = legal_form()
    population = population_rules()
    ceiling = rules.indemnities.ceiling_recent
    latest = max(ceiling.values, key=lambda v: v.year)
    return {
        "grant": tables.eur(grant().amount),
        "coherence_min": population.coherence.min_population,
        "coherence_region": population.coherence.region,
        "coherence_min_text": textfmt.population(population.coherence.min_population),
        "representativity_percent": population.representativity.percent,
        "legal_form_article": rules.mandatory.article,
        "legal_form_text": rules.mandatory.text,
        "indemnities_article": rules.indemnities.article,
        "indemnities_text": rules.indemnities.text,
        "indemnities_ceiling": tables.eur(latest.amount),
        "indemnities_ceiling_year": latest.year,
        "indemnities_ceiling_confidence": ceiling.confidence,
        "indemnities_ceiling_source": ceiling.text,
        "aci_indicators": list(indicators().national.items),
        "aci_indicators_text": indicators().national.text,
        "sas_indicators": indicators().sas_change.message,
    }


def _version(i: Inputs) -> dict[str, Any]:
    """Which version is rendered: notes for the team (coaching) print only when working."""
    return {"name": i.version, "working": i.version != "envoi", "sending": i.version == "envoi"}


REGISTRY: tuple[Derived, ...] = (
    Derived("version", (), _version),
    Derived("cpts_name", ("structure.association_name", "project.title"), _cpts_name, lazy=False),
    Derived(
        "project_title", ("project.title", "structure.association_name"), _project_title, lazy=False
    ),
    Derived("region", ("territory.communes",), _region),
    Derived("perimeter", ("territory.communes",), _perimeter),
    Derived("people", ("members.people",), _people),
    Derived(
        "representativity",
        ("members.people", "diagnosis.health_workforce_total"),
        _representativity,
    ),
    Derived(
        "writer",
        (
            "author.is_contact",
            *(f"{p}.{f}" for p in ("author", "contact") for f in ("name", "profession")),
            *(f"{p}.{f}" for p in ("author", "contact") for f in ("email", "phone")),
            "author.address",
            "structure.address",
        ),
        _writer,
    ),
    Derived(
        "prs_tables",
        ("prs.transversal_axes", "prs.priority_pathways", "prs.care_activities"),
        _prs_tables,
    ),
    Derived(
        "funding_table",
        (
            "letter_funding.lines",
            "budget_preprojet.communication",
            "budget_preprojet.meetings",
            "budget_preprojet.staff_kind",
            "budget_preprojet.staff_amount",
        ),
        _funding_table,
    ),
    Derived(
        "preprojet_budget",
        (
            "budget_preprojet.communication",
            "budget_preprojet.meetings",
            "budget_preprojet.staff_amount",
        ),
        _preprojet_budget,
    ),
    Derived(
        "budget_tables", ("budget.lines",), lambda i: tables.budget_tables(i.q("budget.lines"))
    ),
    Derived("action_sheets", ("actions.sheets",), lambda i: i.actions, lazy=False),
    Derived("selected_actions", ("actions.sheets",), lambda i: i.selected, lazy=False),
    Derived("facts", (), _facts, uses_facts=True),
)

DERIVED = frozenset(d.name for d in REGISTRY)


def derived_values(inputs: Inputs) -> dict[str, Any]:
    """Every derived value for a template (lazy ones computed on first use)."""
    out: dict[str, Any] = {}
    for d in REGISTRY:
        if d.lazy:
            out[d.name] = Lazy(partial(d.build, inputs))
        else:
            out[d.name] = d.build(inputs)
    return out


def select_action(actions: list[Row], action_id: str | None) -> Row:
    """The sheet whose row id is ``action_id``, or whose rank is ``action_id`` (« 2 »)."""
    for row in actions:
        if action_id is not None and row.row_id == action_id:
            return row
    if action_id is not None and action_id.isdecimal() and 1 <= int(action_id) <= len(actions):
        return actions[int(action_id) - 1]
    raise UnknownAction(action_id)


def placeholder_action(bundle: Bundle) -> Row:
    """An empty action sheet (every field a marker): the model, before any action exists."""
    q = bundle.questions["actions.sheets"]
    return Row({f.id: missing(f) for f in q.fields}, 1)
