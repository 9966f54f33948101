"""A team dossier → the Jinja context of a document template.

Every question of the bundle is reachable by its id: ``{{ structure.association_name }}``
prints the answer in French (« 15 000 € », « 12/03/2026 », « mars 2026 », « Oui »), or the
« à compléter » marker carrying the question's label when there is no answer (or « Je ne
sais pas encore »), or nothing when the question's condition hides it. Each value also
carries what tables and checkboxes need: ``.raw`` (the stored value), ``.label``, ``.rows``
(groups and communes, one ``Row`` per line, cells built the same way from the group's
fields), ``.choices`` (label + checked, for checkbox lists), ``.labels`` (chosen labels of
a multi-choice), ``.answered`` and ``.visible``. Missing and hidden values are falsy, so
``{% if x %}`` means « answered ».

Derived values (tables with totals, the ARS the letter is addressed to, the tier, the
selected action sheets…) are the top-level names of ``DERIVED``; none clashes with a
question-id prefix. Their French wording lives in the templates: only numbers, labels from
data files and flags are computed here.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache, partial
from typing import Any

from bot import textfmt
from bot.dialogs.display import display_value
from bot.dialogs.engine import is_visible
from bot.dialogs.loader import Bundle
from bot.dialogs.schema import Answer, Dossier, Field_, QType, Question
from bot.documents import catalog
from bot.documents.markup import Safe, marker

# The contacts entry whose address is the recipient block of the letter-of-intent seed
# (ARS Occitanie, Montpellier): printed as is, only for that region.
LETTER_RECIPIENT_ID = "ars-occitanie-siege"

DERIVED = frozenset(
    {
        "cpts_name",
        "region",
        "perimeter",
        "people",
        "representativity",
        "writer",
        "prs_tables",
        "funding_table",
        "preprojet_budget",
        "budget_tables",
        "action_sheets",
        "selected_actions",
        "facts",
    }
)


class UnknownAction(KeyError):
    """The action sheet asked for does not exist (deleted since the button was sent)."""


# --------------------------------------------------------------------------- values


@dataclass(frozen=True)
class ChoiceBox:
    """One line of a checkbox list: ``{{ checkbox(c.checked) }} {{ c.label }}``."""

    value: str
    label: str
    checked: bool
    help: str | None = None


class Answered(str):
    """An answer in French; printed escaped like any value."""

    answered = True
    visible = True

    def __new__(
        cls,
        text: str,
        *,
        label: str,
        raw: Any,
        rows: Iterable[Row] = (),
        choices: Iterable[ChoiceBox] = (),
        labels: Iterable[str] = (),
    ) -> Answered:
        self = super().__new__(cls, text)
        self.label = label
        self.raw = raw
        self.rows = list(rows)
        self.choices = list(choices)
        self.labels = list(labels)
        return self


class Missing(Safe):
    """No answer yet: prints the « à compléter » marker with the label; falsy."""

    answered = False
    visible = True
    raw = None
    labels: list[str] = []
    rows: list[Row] = []

    def __new__(cls, label: str, choices: Iterable[ChoiceBox] = ()) -> Missing:
        self = super().__new__(cls, marker(label))
        self.label = label
        self.choices = list(choices)
        return self

    def __bool__(self) -> bool:
        return False


class Blank(Safe):
    """Nothing to print: a hidden question or an optional cell left empty; falsy."""

    answered = False
    raw = None
    labels: list[str] = []
    rows: list[Row] = []
    choices: list[ChoiceBox] = []

    def __new__(cls, label: str = "", *, visible: bool = True) -> Blank:
        self = super().__new__(cls, "")
        self.label = label
        self.visible = visible
        return self


Value = Answered | Missing | Blank


class _Thunk:
    """A cell computed on first access (formatting every cell of every group costs)."""

    __slots__ = ("call",)

    def __init__(self, call: Callable[[], Any]) -> None:
        self.call = call


class Row:
    """One line of a group (or a commune): ``row.<field id>`` is a value; ``row.n`` its rank."""

    __slots__ = ("_cells", "n", "row_id")

    def __init__(self, cells: Mapping[str, Any], n: int, row_id: str | None = None) -> None:
        self._cells = dict(cells)
        self.n = n
        self.row_id = row_id

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        try:
            value = self._cells[name]
        except KeyError:
            raise AttributeError(name) from None
        if isinstance(value, _Thunk):
            value = self._cells[name] = value.call()
        return value

    def __repr__(self) -> str:
        return f"Row({self.n}, {self._cells!r})"


class Namespace:
    """The questions sharing an id prefix: ``structure`` → ``structure.association_name``.

    Values are computed on first access: a template formats only the answers it prints.
    """

    __slots__ = ("_cache", "_factories")

    def __init__(self, factories: Mapping[str, Callable[[], Any]]) -> None:
        self._factories = dict(factories)
        self._cache: dict[str, Any] = {}

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        try:
            return self._cache[name]
        except KeyError:
            pass
        try:
            factory = self._factories[name]
        except KeyError:
            raise AttributeError(name) from None
        value = self._cache[name] = factory()
        return value


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


def _blank(value: Any) -> bool:
    return value is None or value == "" or value == []


_MONTH_RE = re.compile(r"^[0-9]{4}-(0[1-9]|1[0-2])$")
_TEXTS = (QType.TEXT, QType.LONG_TEXT, QType.EMAIL, QType.PHONE, QType.SIRET, QType.FINESS)


def fits(owner: Question | Field_, value: Any) -> bool:
    """Whether a stored value has the shape its type needs to be printed.

    Lenient on content (any text is printed, escaped) but strict on shape: an old answer
    that no longer fits its question (a YAML change turned a text into a list, a choice
    was removed) is shown as « à compléter » instead of breaking the document.
    """
    t = owner.type
    if t in _TEXTS:
        return isinstance(value, str)
    if t in (QType.INTEGER, QType.POPULATION, QType.MONEY):
        return type(value) is int
    if t is QType.YES_NO:
        return isinstance(value, bool)
    if t is QType.MONTH_YEAR:
        return isinstance(value, str) and bool(_MONTH_RE.match(value))
    if t is QType.DATE:
        try:
            dt.date.fromisoformat(value)
        except (TypeError, ValueError):
            return False
        return True
    if t is QType.CHOICE:
        return isinstance(value, str) and value in {c.value for c in owner.choices}
    if t is QType.MULTI_CHOICE:
        known = {c.value for c in owner.choices}
        return isinstance(value, list) and all(isinstance(v, str) and v in known for v in value)
    return isinstance(value, list)  # groups and communes: rows are filtered one by one


def _choices(owner: Question | Field_, value: Any) -> list[ChoiceBox]:
    chosen = value if isinstance(value, list) else [value]
    return [ChoiceBox(c.value, c.label, c.value in chosen, c.help) for c in owner.choices]


_NUMBER_FORMATS: dict[QType, Callable[[int], str]] = {
    QType.MONEY: textfmt.money,
    QType.INTEGER: textfmt.number,
    QType.POPULATION: textfmt.population,
}


@lru_cache(maxsize=4096)
def _number_text(qtype: QType, value: int) -> str:
    """Babel formatting is slow (tens of µs) and the same amounts recur across documents."""
    return _NUMBER_FORMATS[qtype](value)


def _display(owner: Question | Field_, value: Any) -> str:
    if owner.type in _NUMBER_FORMATS and type(value) is int:
        return _number_text(owner.type, value)
    return display_value(owner, value)


def _field_value(f: Field_, value: Any) -> Value:
    if _blank(value) or not fits(f, value):
        return Missing(f.label, _choices(f, None)) if f.required else Blank(f.label)
    choices = _choices(f, value)
    return Answered(
        _display(f, value),
        label=f.label,
        raw=value,
        choices=choices,
        labels=[c.label for c in choices if c.checked],
    )


def group_rows(q: Question, value: Any) -> list[Row]:
    """The rows of a group answer, each cell a value (missing required cells are markers)."""
    rows = [r for r in value if isinstance(r, dict)] if isinstance(value, list) else []
    return [
        Row(
            {f.id: _Thunk(partial(_field_value, f, r.get(f.id))) for f in q.fields}, n, r.get("_id")
        )
        for n, r in enumerate(rows, start=1)
    ]


def commune_rows(value: Any) -> list[Row]:
    """Communes with their INSEE code, department, population and first postal code."""
    from bot.rules.territory import commune_by_insee

    rows = []
    for n, item in enumerate((c for c in value or () if isinstance(c, dict)), start=1):
        population = item.get("population")
        found = commune_by_insee(str(item.get("insee", "")))
        postal = found.postal_codes[0] if found is not None and found.postal_codes else ""
        cells = {
            "insee": str(item.get("insee", "")),
            "name": str(item.get("name", "")),
            "department": str(item.get("department", "")),
            "population": _number_text(QType.INTEGER, population)
            if isinstance(population, int)
            else "",
            "population_raw": population if isinstance(population, int) else None,
            "postal_code": postal,
        }
        rows.append(Row(cells, n))
    return rows


def question_value(bundle: Bundle, q: Question, dossier: Dossier) -> Value:
    """The value a template sees for question ``q``."""
    if not is_visible(bundle, q, dossier):
        return Blank(q.label, visible=False)
    answer = dossier.get(q.id)
    if answer is None or answer.status != "answered":
        return Missing(q.label, _choices(q, None))
    value = answer.value
    if not fits(q, value):
        return Missing(q.label, _choices(q, None))
    rows: list[Row] = []
    if q.type is QType.GROUP:
        rows = group_rows(q, value)
    elif q.type is QType.COMMUNES:
        rows = commune_rows(value)
    elif _blank(value):
        return Missing(q.label, _choices(q, None))
    choices = _choices(q, value)
    return Answered(
        _display(q, value),
        label=q.label,
        raw=value,
        rows=rows,
        choices=choices,
        labels=[c.label for c in choices if c.checked],
    )


def answer_tree(bundle: Bundle, dossier: Dossier) -> dict[str, Namespace]:
    """Every question's value, reachable as ``prefix.name`` (ids have exactly one dot)."""
    tree: dict[str, dict[str, Callable[[], Value]]] = {}
    for qid, q in bundle.questions.items():
        prefix, _, name = qid.partition(".")
        tree.setdefault(prefix, {})[name] = partial(question_value, bundle, q, dossier)
    clash = DERIVED & set(tree)
    if clash:
        raise ValueError(f"question prefixes clash with derived context names: {sorted(clash)}")
    return {prefix: Namespace(values) for prefix, values in tree.items()}


# --------------------------------------------------------------------------- derived


def _raw(dossier: Dossier, qid: str) -> Any:
    answer = dossier.get(qid)
    return answer.value if answer is not None and answer.status == "answered" else None


def _eur(amount: int) -> str:
    return _number_text(QType.MONEY, amount)


def _money(amount: int | None) -> str:
    """The amount, or nothing for an empty budget line."""
    return _eur(amount) if amount else ""


def _cpts_name(tree: Mapping[str, Namespace]) -> Value:
    name = tree["structure"].association_name
    if name:
        return name
    title = tree["project"].title
    return title if title else name


def _region(communes: Value) -> dict[str, Any]:
    """The region of the territory (most inhabitants), and the ARS address the seeds give."""
    from bot.rules.contacts import regional_ars_contact
    from bot.rules.territory import department_by_code, region_by_code

    weights: Counter[str] = Counter()
    for row in communes.rows:
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


def _perimeter(dossier: Dossier, communes: Value) -> dict[str, Any]:
    from bot.rules.tiers import tier_for

    rows = communes.rows
    populations = [r.population_raw for r in rows]
    total = sum(p for p in populations if p is not None) if rows else None
    tier = tier_for(total) if total is not None else None
    return {
        "communes": rows,
        "count": len(rows),
        "population": textfmt.population(total) if total is not None else "",
        "population_number": textfmt.number(total) if total is not None else "",
        "population_raw": total,
        "tier_label": tier.label if tier else "",
        "tier_range": tier.range_label if tier else "",
        "tier_number": tier.tier if tier else None,
        "at_boundary": bool(tier and tier.at_boundary),
        "near_boundary": bool(tier and tier.near_boundary),
    }


def _people(members: Value) -> dict[str, list[Row]]:
    engaged = [r for r in members.rows if r.participation.raw != "uncertain"]
    solicited = [r for r in members.rows if r.participation.raw == "uncertain"]
    return {"engaged": engaged, "solicited": solicited, "all": list(members.rows)}


def _representativity(members: Value, workforce: Value) -> dict[str, Any]:
    total = workforce.raw if isinstance(workforce.raw, int) and workforce.raw > 0 else None
    count = len(members.rows)
    percent = round(100 * count / total) if total else None
    return {"people": count, "workforce": total, "percent": percent}


def _writer(tree: Mapping[str, Namespace]) -> dict[str, Value]:
    """Who writes the letter: the contact person unless the team said someone else."""
    source = tree["author"] if tree["author"].is_contact.raw is False else tree["contact"]
    return {
        "name": source.name,
        "profession": source.profession,
        "email": source.email,
        "phone": source.phone,
        "address": tree["author"].address,
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


def _letter_funding(value: Value) -> dict[str, Any]:
    rows = []
    sums = {"urps": 0, "ars": 0, "other": 0}
    for row in value.rows:
        action, title = row.action, row.title
        if action.raw == "other" or not action:
            label: Value | str = title if title else Missing(title.label or action.label)
        else:
            label = f"{action} – {title}" if title else action
        amounts = {
            k: getattr(row, k).raw if isinstance(getattr(row, k).raw, int) else 0 for k in sums
        }
        for k, v in amounts.items():
            sums[k] += v
        rows.append(
            {
                "label": label,
                **{k: _money(v) for k, v in amounts.items()},
                "total": _eur(sum(amounts.values())),
            }
        )
    return {
        "rows": rows,
        **{f"total_{k}": _eur(v) for k, v in sums.items()},
        "total": _eur(sum(sums.values())),
    }


def _preprojet_budget(tree: Mapping[str, Namespace]) -> dict[str, Any]:
    from bot.rules.facts import grant

    b = tree["budget_preprojet"]
    amounts = [v.raw for v in (b.communication, b.meetings, b.staff_amount)]
    total = sum(a for a in amounts if isinstance(a, int))
    amount = grant().amount
    return {
        "total": _eur(total),
        "total_raw": total,
        "grant": _eur(amount),
        "grant_raw": amount,
        "balanced": total == amount,
        "gap": _eur(abs(amount - total)),
        "over": total > amount,
        "has_amounts": any(isinstance(a, int) for a in amounts),
    }


# --------------------------------------------------------------------------- budget table


def _line_rows(lines: list[Mapping[str, Any]]) -> dict[str, dict[str, Any]]:
    """Per chart line: summed amount and the details typed on its rows."""
    out: dict[str, dict[str, Any]] = {}
    for row in lines:
        code = row.get("line")
        amount = row.get("amount")
        if not isinstance(code, str) or isinstance(amount, bool) or not isinstance(amount, int):
            continue
        entry = out.setdefault(code, {"amount": 0, "details": []})
        entry["amount"] += amount
        detail = row.get("detail")
        if isinstance(detail, str) and detail.strip() and detail.strip() not in entry["details"]:
            entry["details"].append(detail.strip())
    return out


def _side_items(sides: tuple[str, ...], per_line: Mapping[str, Mapping[str, Any]]) -> list[dict]:
    """Headings and lines of one column of the table, with their amounts."""
    from bot.rules import budget

    items: list[dict[str, Any]] = []
    lines = budget.chart()
    for section in budget.sections():
        if section.side not in sides:
            continue
        own = [line for line in lines if line.section == section.code]
        subtotal = sum(per_line.get(line.code, {}).get("amount", 0) for line in own)
        single = len(own) == 1
        if single:
            line = own[0]
            details = per_line.get(line.code, {}).get("details", [])
            label = " – ".join([section.label, *details])
            items.append({"label": label, "amount": _money(subtotal), "heading": True})
            continue
        items.append({"label": section.label, "amount": _money(subtotal), "heading": True})
        for line in own:
            entry = per_line.get(line.code, {})
            label = " – ".join([line.label, *entry.get("details", [])])
            items.append(
                {"label": label, "amount": _money(entry.get("amount", 0)), "heading": False}
            )
    return items


def _pair(left: list[dict], right: list[dict]) -> list[dict[str, Any]]:
    empty = {"label": "", "amount": "", "heading": False}
    return [{"left": a, "right": b} for a, b in itertools.zip_longest(left, right, fillvalue=empty)]


def budget_table(lines: list[Mapping[str, Any]], year: int | None = None) -> dict[str, Any]:
    """One budget table in the associations' chart of accounts, with totals and checks."""
    from bot.rules import budget

    totals = budget.totals(lines)
    per_line = _line_rows(lines)
    return {
        "year": year,
        "has_rows": bool(per_line),
        "rows": _pair(_side_items(("charge",), per_line), _side_items(("produit",), per_line)),
        "contributions": _pair(
            _side_items(("contribution_emploi",), per_line),
            _side_items(("contribution_ressource",), per_line),
        ),
        "charges": _eur(totals.charges),
        "produits": _eur(totals.produits),
        "contributions_emploi": _eur(totals.contributions_emploi),
        "contributions_ressource": _eur(totals.contributions_ressource),
        "total_left": _eur(totals.charges_with_contributions),
        "total_right": _eur(totals.produits_with_contributions),
        "balanced": totals.balanced,
        "gap": _eur(abs(totals.difference)),
        "surplus": totals.difference > 0,
        "contributions_balanced": totals.contributions_balanced,
        "unknown": len(totals.unknown_lines),
        "invalid": len(totals.invalid_rows),
    }


def _budget_tables(value: Value) -> dict[str, Any]:
    """The whole budget, and one table per year when the rows carry years."""
    from bot.rules import budget

    lines = [r for r in value.raw or () if isinstance(r, Mapping)] if value else []
    totals = budget.totals(lines)
    years: list[dict[str, Any]] = []
    if totals.by_year:
        by_year: dict[int | None, list[Mapping[str, Any]]] = {year: [] for year in totals.by_year}
        for row in lines:
            year = next(iter(budget.totals([row]).by_year), None)
            by_year.setdefault(year, []).append(row)
        years = [budget_table(rows, year) for year, rows in by_year.items()]
    footnotes = budget.chart_table().footnotes
    return {
        "has_rows": bool(lines),
        "overall": budget_table(lines),
        "years": years,
        "footnotes": footnotes,
    }


# --------------------------------------------------------------------------- actions


def _actions(sheets: Value) -> list[Row]:
    return list(sheets.rows)


def select_action(actions: list[Row], action_id: str | None) -> Row:
    """The sheet whose row id is ``action_id``, or whose rank is ``action_id`` (« 2 »)."""
    for row in actions:
        if action_id is not None and row.row_id == action_id:
            return row
    if action_id is not None and action_id.isdigit() and 1 <= int(action_id) <= len(actions):
        return actions[int(action_id) - 1]
    raise UnknownAction(action_id)


def placeholder_action(bundle: Bundle) -> Row:
    """An empty action sheet (every field a marker): the model, before any action exists."""
    q = bundle.questions["actions.sheets"]
    return Row({f.id: Missing(f.label, _choices(f, None)) for f in q.fields}, 1)


def _facts() -> dict[str, Any]:
    from bot.rules.facts import grant, legal_form, population_rules

    rules = legal_form()
    population = population_rules()
    return {
        "grant": _eur(grant().amount),
        "coherence_min": population.coherence.min_population,
        "coherence_region": population.coherence.region,
        "coherence_min_text": textfmt.population(population.coherence.min_population),
        "representativity_percent": population.representativity.percent,
        "legal_form_article": rules.mandatory.article,
        "legal_form_text": rules.mandatory.text,
        "indemnities_article": rules.indemnities.article,
        "indemnities_text": rules.indemnities.text,
    }


# --------------------------------------------------------------------------- entry points


def build_context(
    bundle: Bundle, dossier: Dossier, doc_id: str, *, action_id: str | None = None
) -> dict[str, Any]:
    """Everything the template of ``doc_id`` may read (see the module docstring)."""
    spec = catalog.get(doc_id)
    tree = answer_tree(bundle, dossier)
    actions = _actions(tree["actions"].sheets)
    if spec.per_action and action_id is not None:
        selected = [select_action(actions, action_id)]
    elif spec.per_action and not actions:
        selected = [placeholder_action(bundle)]
    else:
        selected = actions
    context: dict[str, Any] = dict(tree)
    context.update(
        cpts_name=_cpts_name(tree),
        region=Lazy(lambda: _region(tree["territory"].communes)),
        perimeter=Lazy(lambda: _perimeter(dossier, tree["territory"].communes)),
        people=Lazy(lambda: _people(tree["members"].people)),
        representativity=Lazy(
            lambda: _representativity(
                tree["members"].people, tree["diagnosis"].health_workforce_total
            )
        ),
        writer=Lazy(lambda: _writer(tree)),
        prs_tables=Lazy(
            lambda: {
                "transversal": _prs_rows(tree["prs"].transversal_axes),
                "pathways": _prs_rows(tree["prs"].priority_pathways),
                "activities": _prs_rows(tree["prs"].care_activities),
            }
        ),
        funding_table=Lazy(lambda: _letter_funding(tree["letter_funding"].lines)),
        preprojet_budget=Lazy(lambda: _preprojet_budget(tree)),
        budget_tables=Lazy(lambda: _budget_tables(tree["budget"].lines)),
        action_sheets=actions,
        selected_actions=selected,
        facts=Lazy(_facts),
    )
    return context


def completeness(
    bundle: Bundle, dossier: Dossier, doc_id: str, *, action_id: str | None = None
) -> tuple[int, int]:
    """(answered, total) over the document's visible questions: « 23/31 rubriques ».

    A per-action document with an action counts that sheet's fields instead.
    """
    spec = catalog.get(doc_id)
    if spec.per_action and action_id is not None:
        q = bundle.questions["actions.sheets"]
        row = select_action(group_rows(q, _raw(dossier, q.id)), action_id)
        cells = [getattr(row, f.id) for f in q.fields]
        return sum(1 for c in cells if c.answered), len(cells)
    questions = [q for q in catalog.questions_of(bundle, spec) if is_visible(bundle, q, dossier)]
    answered = sum(1 for q in questions if _is_answered(q, dossier.get(q.id)))
    return answered, len(questions)


def _is_answered(q: Question, answer: Answer | None) -> bool:
    return (
        answer is not None
        and answer.status == "answered"
        and answer.value not in (None, "")
        and fits(q, answer.value)
    )
