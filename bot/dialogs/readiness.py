"""« Vérification avant dépôt »: the checks an ARS reviewer makes on a team dossier.

The rules are data (``data/rules/readiness.yaml``, each with its source and date); the
functions here are pure: a dossier and the interview bundle in, findings out. Documents use
the report as the first page of the working version; the conversation shows it for
``/verifier`` with a button per finding that opens the question to fix; ``cpts-bot verifier``
prints it.

Each rule id names a check function in ``CHECKS``; a check returns one parameter dict per
finding (the message's placeholders, plus optional ``_question``/``_document`` overrides).
Thresholds come from ``data/rules/facts.yaml`` / ``missions.yaml`` through the rule's
``threshold`` path, never from this file.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from bot import textfmt
from bot.dialogs import engine
from bot.dialogs.loader import Bundle
from bot.dialogs.schema import Dossier, Question
from bot.normalize import fold
from bot.rules import budget as budget_rules
from bot.rules import facts as facts_rules
from bot.rules import missions as mission_rules
from bot.rules.sourced import Sourced, load_model
from bot.rules.territory import department_by_code, region_by_code
from bot.rules.tiers import tier_for

Severity = Literal["bloquant", "a_revoir", "conseil"]
SEVERITY_ORDER: tuple[Severity, ...] = ("bloquant", "a_revoir", "conseil")
REPORT_TEMPLATE = "readiness/report.txt.j2"


class Finding(BaseModel):
    model_config = ConfigDict(frozen=True)

    rule: str  # rule id in readiness.yaml
    severity: Severity
    message: str  # French, one or two short sentences, values filled in
    source: str  # the rule's source, named for people (« guide ARS ARA 2019, p. 12 »)
    question_id: str | None = None  # the question that fixes it, when one does
    interview_id: str | None = None
    document: str | None = None  # catalog id of the document concerned, when one is


class Report(BaseModel):
    model_config = ConfigDict(frozen=True)

    findings: tuple[Finding, ...] = ()

    @property
    def blocking(self) -> bool:
        return any(f.severity == "bloquant" for f in self.findings)

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity == severity)


# --------------------------------------------------------------------------- rules as data


class Rule(Sourced):
    id: str
    severity: Severity
    message: str
    question: str | None = None
    document: str | None = None
    threshold: str | None = None  # path in facts.yaml, or « missions.<path> » in missions.yaml
    pairs: tuple[tuple[str, str], ...] = ()  # question pairs, for the rules that compare two
    words: dict[str, str] = {}  # French words a check picks from (« dépasse », « est égal à »)

    @property
    def citation_text(self) -> str:
        """« formulaire de pré-projet ARS Auvergne-Rhône-Alpes, après 2022 »."""
        if self.as_of_label:
            return f"{self.text}, {self.as_of_label}"
        if self.precision == "day":
            shown = textfmt.date_long(self.as_of)
        elif self.precision == "month":
            shown = textfmt.month_year(self.as_of)
        else:
            shown = self.as_of
        return f"{self.text}, {shown}"


class RuleTable(Sourced):
    rules: tuple[Rule, ...]


@cache
def rules() -> tuple[Rule, ...]:
    """The rule table, loaded and checked once (every id must have a check function)."""
    table = load_model(RuleTable, "readiness")
    unknown = [r.id for r in table.rules if r.id not in CHECKS]
    if unknown:
        raise ValueError(f"data/rules/readiness.yaml: no check for rule(s) {unknown}")
    return table.rules


def rule(rule_id: str) -> Rule:
    for r in rules():
        if r.id == rule_id:
            return r
    raise KeyError(rule_id)


def threshold(path: str) -> Any:
    """The figure a rule refers to: ``population.coherence.min_population`` in facts.yaml."""
    parts = path.split(".")
    node: Any
    if parts[0] == "missions":
        node, parts = mission_rules.catalogue(), parts[1:]
    else:
        node = facts_rules.facts()
    for part in parts:
        node = getattr(node, part)
    return node


def threshold_region(path: str) -> str | None:
    """The region a threshold is an expectation of (« Auvergne-Rhône-Alpes »), if regional."""
    parent = ".".join(path.split(".")[:-1])
    region = getattr(threshold(parent), "region", None) if parent else None
    return region if isinstance(region, str) else None


# --------------------------------------------------------------------------- dossier access


@dataclass(frozen=True)
class View:
    """Read-only helpers over the dossier the checks share (answered values only)."""

    bundle: Bundle
    dossier: Dossier

    def value(self, qid: str) -> Any:
        answer = self.dossier.get(qid)
        if answer is None or answer.status != "answered":
            return None
        return answer.value

    def rows(self, qid: str) -> list[dict[str, Any]]:
        value = self.value(qid)
        return [r for r in value if isinstance(r, dict)] if isinstance(value, list) else []

    def integer(self, qid: str) -> int | None:
        value = self.value(qid)
        return value if isinstance(value, int) and not isinstance(value, bool) else None

    def text(self, qid: str) -> str | None:
        value = self.value(qid)
        return value.strip() if isinstance(value, str) and value.strip() else None

    def label(self, qid: str) -> str:
        q = self.bundle.questions.get(qid)
        return q.label if q is not None else qid

    def choice_label(self, qid: str, value: Any) -> str:
        q = self.bundle.questions.get(qid)
        for c in q.choices if q is not None else []:
            if c.value == value:
                return c.label
        return str(value)

    def visible(self, qid: str) -> bool:
        q = self.bundle.questions.get(qid)
        return q is not None and engine.is_visible(self.bundle, q, self.dossier)

    def regions(self) -> set[str]:
        """Names of the regions of the territory's communes (empty while none is known)."""
        names: set[str] = set()
        for commune in self.rows("territory.communes"):
            dep = department_by_code(str(commune.get("department", "")))
            region = region_by_code(dep.region) if dep is not None else None
            if region is not None:
                names.add(region.name)
        return names

    def applies(self, r: Rule) -> bool:
        """False when the rule's threshold is another region's expectation."""
        region = threshold_region(r.threshold) if r.threshold else None
        regions = self.regions()
        return region is None or not regions or region in regions

    def population(self) -> int | None:
        communes = self.rows("territory.communes")
        pops = [c.get("population") for c in communes]
        if not communes or not all(isinstance(p, int) and p >= 0 for p in pops):
            return None
        return sum(p for p in pops if isinstance(p, int))


Params = dict[str, Any]
Check = Callable[[View, Rule], Iterator[Params]]


def plural(r: Rule, count: int) -> str:
    """The rule's French word for ``count`` (French: 0 and 1 take the singular)."""
    return r.words["one" if count <= 1 else "many"]


def _same_name(a: str, b: str) -> bool:
    return " ".join(fold(a).split()) == " ".join(fold(b).split())


# --------------------------------------------------------------------------- territory


def territory_population(v: View, r: Rule) -> Iterator[Params]:
    population, minimum = v.population(), int(threshold(r.threshold or ""))
    if population is not None and population < minimum and v.applies(r):
        yield {"population": textfmt.population(population), "threshold": textfmt.number(minimum)}


def territory_one_region(v: View, r: Rule) -> Iterator[Params]:
    regions = v.regions()
    if len(regions) > 1:
        yield {"regions": ", ".join(sorted(regions))}


def territory_one_cpts(v: View, r: Rule) -> Iterator[Params]:
    communes = v.rows("territory.communes")
    if communes:
        yield {"communes": textfmt.number(len(communes))}


def territory_tier(v: View, r: Rule) -> Iterator[Params]:
    chosen, population = v.value("territory.aci_size"), v.population()
    match = re.match(r"t(\d)", chosen) if isinstance(chosen, str) else None
    if match is None or population is None:
        return
    expected = tier_for(population)
    unsure = expected.at_boundary or expected.near_boundary  # the CPAM decides at the edges
    if int(match.group(1)) != expected.tier and not unsure:
        yield {
            "chosen": v.choice_label("territory.aci_size", chosen),
            "population": textfmt.population(population),
            "expected": f"{expected.label.lower()} ({expected.range_label})",
        }


# --------------------------------------------------------------------------- representativity


def professionals_table(v: View) -> int | None:
    """Sum of the projet de santé's table of professionals of the territory (None if empty)."""
    counts = [row.get("count") for row in v.rows("territory.liberal_professionals")]
    ints = [c for c in counts if isinstance(c, int) and not isinstance(c, bool)]
    return sum(ints) if ints else None


def representativity(v: View, r: Rule) -> Iterator[Params]:
    people = len(v.rows("members.people"))
    professionals = v.integer("diagnosis.health_workforce_total") or professionals_table(v)
    expected = int(threshold(r.threshold or ""))
    if not people or not professionals or not v.applies(r):
        return
    if people * 100 < expected * professionals:
        yield {
            "people": textfmt.number(people),
            "professionals": textfmt.number(professionals),
            "share": textfmt.percent(round(people * 100 / professionals)),
            "threshold": textfmt.number(expected),
        }


# --------------------------------------------------------------------------- missions


def socle_missions(v: View, r: Rule) -> Iterator[Params]:
    covered = {row.get("mission") for row in v.rows("actions.sheets")}
    missing = [m for m in mission_rules.missions() if m.is_socle and m.key not in covered]
    if missing:
        yield {
            "missing": ", ".join(f"« {m.label} »" for m in missing),
            "threshold": textfmt.number(int(threshold(r.threshold or ""))),
        }


def sas_articulation(v: View, r: Rule) -> Iterator[Params]:
    plans_snp = (
        v.text("missions.unscheduled_care_plan") is not None
        or v.text("missions.unscheduled_care") is not None
    )
    asked = v.visible("missions.sas_articulation")
    if plans_snp and asked and v.text("missions.sas_articulation") is None:
        yield {}


# --------------------------------------------------------------------------- budget


def budget_balanced(v: View, r: Rule) -> Iterator[Params]:
    lines = v.rows("budget.lines")
    if not lines:
        return
    totals = budget_rules.totals(lines)
    if not totals.balanced:
        yield {
            "charges": textfmt.money(totals.charges),
            "produits": textfmt.money(totals.produits),
            "difference": textfmt.money(abs(totals.difference)),
        }


def budget_contributions(v: View, r: Rule) -> Iterator[Params]:
    lines = v.rows("budget.lines")
    if not lines:
        return
    totals = budget_rules.totals(lines)
    if not totals.contributions_balanced:
        yield {
            "emploi": textfmt.money(totals.contributions_emploi),
            "ressource": textfmt.money(totals.contributions_ressource),
        }


def _non_positive(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and value <= 0


def _bad_amounts(v: View) -> Iterator[tuple[str, str]]:
    """(question id, French place) of every amount that is zero or negative."""
    for row in v.rows("budget.lines"):
        if _non_positive(row.get("amount")):
            code = row.get("line")
            try:
                name = budget_rules.line(str(code)).label
            except KeyError:
                name = str(code)
            yield "budget.lines", f"{v.label('budget.lines')} « {name} »"
    for qid in v.dossier:
        if qid.startswith("budget_preprojet.") and _non_positive(v.value(qid)):
            yield qid, v.label(qid)
    for row in v.rows("letter_funding.lines"):
        if any(_non_positive(row.get(f)) for f in budget_rules.LETTER_FUNDERS):
            yield "letter_funding.lines", v.label("letter_funding.lines")
    for n, row in enumerate(v.rows("actions.sheets"), start=1):
        if _non_positive(row.get("budget")):
            yield "actions.sheets", f"{v.label('actions.sheets')} n° {n}"


def amounts_positive(v: View, r: Rule) -> Iterator[Params]:
    bad = list(_bad_amounts(v))
    if bad:
        yield {"where": ", ".join(dict.fromkeys(p for _, p in bad)), "_question": bad[0][0]}


GRANT_PARTS = ("budget_preprojet.communication", "budget_preprojet.meetings")
GRANT_STAFF = "budget_preprojet.staff_amount"


def grant_use(v: View, r: Rule) -> Iterator[Params]:
    parts = [*GRANT_PARTS, GRANT_STAFF]
    wanted = [q for q in parts if v.visible(q)]
    amounts = [v.integer(q) for q in wanted]
    if not wanted or any(a is None for a in amounts):
        return  # not filled yet: « required_missing » says so
    total, grant = sum(a for a in amounts if a is not None), int(threshold(r.threshold or ""))
    if total != grant:
        yield {"total": textfmt.money(total), "threshold": textfmt.number(grant)}


# --------------------------------------------------------------------------- consistency


def professionals_count(v: View, r: Rule) -> Iterator[Params]:
    declared, table = v.integer("diagnosis.health_workforce_total"), professionals_table(v)
    if declared is not None and table is not None and declared != table:
        yield {"declared": textfmt.number(declared), "table": textfmt.number(table)}


NUMBER_WORDS = {
    "une": 1, "un": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7,
    "huit": 8, "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "quinze": 15, "vingt": 20,
}  # fmt: skip
_ANNOUNCED = re.compile(
    r"\b(\d{1,2}|" + "|".join(NUMBER_WORDS) + r")\s+(?:[a-zàâçéèêëîïôûù'-]+\s+){0,2}?actions?\b",
    re.IGNORECASE,
)


def announced_count(text: str) -> int | None:
    """« Quatre actions prioritaires » → 4; None when the text announces no number."""
    match = _ANNOUNCED.search(text)
    if match is None:
        return None
    word = match.group(1).lower()
    return int(word) if word.isdecimal() else NUMBER_WORDS[word]


def announced_actions(v: View, r: Rule) -> Iterator[Params]:
    text = v.text(r.question or "")
    announced = announced_count(text) if text else None
    sheets = len(v.rows("actions.sheets"))
    if announced is not None and announced != sheets:
        yield {
            "announced": textfmt.number(announced),
            "sheets": textfmt.number(sheets),
            "sheets_word": plural(r, sheets),
        }


def patients_vs_population(v: View, r: Rule) -> Iterator[Params]:
    patients, population = v.integer("population.patients"), v.population()
    if patients is None or population is None or patients < population:
        return
    yield {
        "patients": textfmt.number(patients),
        "population": textfmt.population(population),
        "relation": r.words["equal" if patients == population else "above"],
    }


def _date(value: Any) -> str | None:
    """A stored « YYYY-MM-DD » or « YYYY-MM » that is a real date; None otherwise."""
    if not isinstance(value, str):
        return None
    try:
        if len(value) == 10:
            dt.date.fromisoformat(value)
        elif len(value) == 7:
            dt.date.fromisoformat(value + "-01")
        else:
            return None
    except ValueError:
        return None
    return value


def _show_date(value: str) -> str:
    return textfmt.date_long(value) if len(value) == 10 else textfmt.month_year(value)


def dates_order(v: View, r: Rule) -> Iterator[Params]:
    for earlier, later in r.pairs:
        a, b = _date(v.value(earlier)), _date(v.value(later))
        if a is None or b is None:
            continue
        size = min(len(a), len(b))  # compare a month with a date at month precision
        if a[:size] > b[:size]:
            yield {
                "earlier_label": v.label(earlier),
                "earlier": _show_date(a),
                "later_label": v.label(later),
                "later": _show_date(b),
                "_question": earlier,
            }


def action_dates(v: View, r: Rule) -> Iterator[Params]:
    for n, row in enumerate(v.rows("actions.sheets"), start=1):
        start, end = _date(row.get("start")), _date(row.get("end"))
        if start is not None and end is not None and start > end:
            yield {
                "n": n,
                "title": str(row.get("title") or ""),
                "start": _show_date(start),
                "end": _show_date(end),
            }


NOT_SIGNED = ("draft", "not_started")


def statutes_status(v: View, r: Rule) -> Iterator[Params]:
    status = v.value("structure.statutes_status")
    signed = _date(v.value("statutes.signature_date"))
    version = _date(v.value("health.version_date"))
    if status in NOT_SIGNED and signed and version and signed <= version:
        yield {
            "version_date": _show_date(version),
            "status": v.choice_label("structure.statutes_status", status).lower(),
            "signed": _show_date(signed),
        }


def legal_rep_signs(v: View, r: Rule) -> Iterator[Params]:
    name, signatories = v.text("legal_rep.name"), v.rows("statutes.signatories")
    if (
        name
        and signatories
        and not any(_same_name(name, str(s.get("name", ""))) for s in signatories)
    ):
        yield {"name": name}


def contact_listed(v: View, r: Rule) -> Iterator[Params]:
    name, people = v.text("contact.name"), v.rows("members.people")
    if name and people and not any(_same_name(name, str(p.get("name", ""))) for p in people):
        yield {"name": name}


def _where(v: View, qid: str) -> str:
    try:
        return v.bundle.interviews[v.bundle.owner_interview(qid)].short_title
    except KeyError:
        return qid


def names_match(v: View, r: Rule) -> Iterator[Params]:
    for first, second in r.pairs:
        a, b = v.text(first), v.text(second)
        if a and b and not _same_name(a, b):
            yield {
                "first": a,
                "first_where": _where(v, first),
                "second": b,
                "second_where": _where(v, second),
                "_question": second,
            }


# --------------------------------------------------------------------------- completeness


def required_missing(v: View, r: Rule) -> Iterator[Params]:
    """One finding per interview (= document) with required answers missing."""
    for interview_id, interview in v.bundle.interviews.items():
        missing: list[Question] = engine.missing(v.bundle, interview_id, v.dossier)
        if missing:
            yield {
                "title": interview.short_title,
                "count": textfmt.number(len(missing)),
                "count_word": plural(r, len(missing)),
                "first": missing[0].label,
                "_question": missing[0].id,
                "_interview": interview_id,
                "_document": interview.document,
            }


CHECKS: dict[str, Check] = {
    f.__name__: f
    for f in (
        territory_population,
        territory_one_region,
        territory_one_cpts,
        territory_tier,
        representativity,
        socle_missions,
        sas_articulation,
        budget_balanced,
        budget_contributions,
        amounts_positive,
        grant_use,
        professionals_count,
        announced_actions,
        patients_vs_population,
        dates_order,
        action_dates,
        statutes_status,
        legal_rep_signs,
        contact_listed,
        names_match,
        required_missing,
    )
}


# --------------------------------------------------------------------------- the report


def _finding(v: View, r: Rule, params: Params) -> Finding:
    question = params.get("_question", r.question)
    interview = params.get("_interview")
    if interview is None and question in v.bundle.questions:
        interview = v.bundle.owner_interview(question)
    values = {k: val for k, val in params.items() if not k.startswith("_")}
    return Finding(
        rule=r.id,
        severity=r.severity,
        message=" ".join(r.message.format_map(values).split()),
        source=r.citation_text,
        question_id=question,
        interview_id=interview,
        document=params.get("_document", r.document),
    )


def check(bundle: Bundle, dossier: Dossier) -> Report:
    """Every finding for ``dossier``, most severe first (rule order within a severity)."""
    view = View(bundle, dossier)
    findings = [_finding(view, r, p) for r in rules() for p in CHECKS[r.id](view, r)]
    findings.sort(key=lambda f: SEVERITY_ORDER.index(f.severity))
    return Report(findings=tuple(findings))


def render_text(report: Report, *, cpts_name: str | None = None) -> str:
    """The report as plain French text (terminal, ``cpts-bot verifier``, examples/)."""
    return textfmt.render(
        REPORT_TEMPLATE,
        report=report,
        cpts_name=cpts_name,
        severities=SEVERITY_ORDER,
    )
