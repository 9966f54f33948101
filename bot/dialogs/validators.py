"""Named, pure checks on answers: blocking validators and non-blocking advice.

A question lists them by name in its YAML (``validators: [not_in_future]``,
``advice: ["min_total_population:15000"]``); the optional ``:arg`` keeps a figure in the
data file, next to its source, instead of in code. Validators raise ``AnswerInvalid`` (a
re-prompt, never a logged error); advisors return a French remark or None and never block.
All user-facing wording comes from ``templates/ui/errors.yaml``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

import yaml

from bot import textfmt
from bot.dialogs.schema import Dossier, Field_, Question
from bot.paths import TEMPLATES_DIR

if TYPE_CHECKING:
    from bot.dialogs.loader import Bundle

MESSAGES_FILE = TEMPLATES_DIR / "ui" / "errors.yaml"


class AnswerInvalid(ValueError):
    """The raw answer cannot be stored; ``message`` is the French re-prompt."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@cache
def _catalogue() -> dict[str, dict[str, str]]:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with MESSAGES_FILE.open(encoding="utf-8") as fh:
        data = yaml.load(fh, Loader=loader)  # noqa: S506 - safe loader
    return {name: {str(k): str(v) for k, v in entries.items()} for name, entries in data.items()}


def ui_text(section: str, key: str, **params: Any) -> str:
    """A message of ``templates/ui/errors.yaml`` (sections: errors, display, advice)."""
    return _catalogue()[section][key].format(**params)


def error(key: str, **params: Any) -> AnswerInvalid:
    return AnswerInvalid(ui_text("errors", key, **params))


def split_spec(spec: str) -> tuple[str, str | None]:
    """« min_total_population:15000 » → (« min_total_population », « 15000 »)."""
    name, sep, arg = spec.partition(":")
    return name.strip(), (arg.strip() if sep else None)


# --------------------------------------------------------------------------- validators

Validator = Callable[[Any, str | None, Question | Field_], None]


def _not_in_future(value: Any, arg: str | None, q: Question | Field_) -> None:
    """Dates (« YYYY-MM-DD ») and months (« YYYY-MM ») that must already have happened."""
    if isinstance(value, str) and value > dt.date.today().isoformat()[: len(value)]:
        raise error("not_in_future")


def _population_over_zero(value: Any, arg: str | None, q: Question | Field_) -> None:
    total = value if isinstance(value, int) else communes_population(value)
    if total is not None and total <= 0:
        raise error("population_over_zero")


def _positive(value: Any, arg: str | None, q: Question | Field_) -> None:
    if isinstance(value, int) and not isinstance(value, bool) and value <= 0:
        raise error("positive")


def _exclusive_choice(value: Any, arg: str | None, q: Question | Field_) -> None:
    """A choice such as « none » (``arg``) cannot be ticked along with other choices."""
    if isinstance(value, list) and arg in value and len(value) > 1:
        label = next((c.label for c in q.choices if c.value == arg), arg)
        raise error("exclusive_choice", label=label)


VALIDATORS: dict[str, Validator] = {
    "not_in_future": _not_in_future,
    "population_over_zero": _population_over_zero,
    "positive": _positive,
    "exclusive_choice": _exclusive_choice,
}


def run_validators(q: Question | Field_, value: Any) -> None:
    """Apply the question's named validators; unknown names are caught by ``check_bundle``."""
    for spec in q.validators:
        name, arg = split_spec(spec)
        VALIDATORS[name](value, arg, q)


# --------------------------------------------------------------------------- advice


@dataclass(frozen=True)
class AdviceContext:
    question: Question
    value: Any
    dossier: Dossier
    arg: str | None
    bundle: Bundle | None


Advisor = Callable[[AdviceContext], str | None]


def communes_population(value: Any) -> int | None:
    """Total inhabitants of a stored commune list; None when the value is not one."""
    if not isinstance(value, list):
        return None
    total = 0
    for item in value:
        if not isinstance(item, dict) or not isinstance(item.get("population"), int):
            return None
        total += item["population"]
    return total


def _answered(dossier: Dossier, qid: str) -> Any:
    answer = dossier.get(qid)
    return answer.value if answer is not None and answer.status == "answered" else None


def _min_total_population(ctx: AdviceContext) -> str | None:
    """Below the ARS's expected population (``arg``, else data/rules/facts.yaml)."""
    from bot.rules.facts import population_rules

    threshold = int(ctx.arg) if ctx.arg else population_rules().coherence.min_population
    total = communes_population(ctx.value)
    if ctx.value and total is not None and total < threshold:
        return ui_text(
            "advice",
            "min_total_population",
            population=textfmt.population(total),
            threshold=textfmt.number(threshold),
        )
    return None


def _tier_matches_communes(ctx: AdviceContext) -> str | None:
    """The size the team picked (choice « t2 »…) against the tier of its communes."""
    from bot.rules.tiers import tier_for

    qid = ctx.arg or "territory.communes"
    total = communes_population(_answered(ctx.dossier, qid))
    if not total or not isinstance(ctx.value, str):
        return None
    chosen_tier = _tier_number(ctx.value)
    tier = tier_for(total)
    if chosen_tier is None or chosen_tier == tier.tier:
        return None
    chosen = next((c.label for c in ctx.question.choices if c.value == ctx.value), ctx.value)
    return ui_text(
        "advice",
        "tier_mismatch",
        population=textfmt.population(total),
        tier=tier.label,
        chosen=chosen,
    )


def _tier_number(choice_value: str) -> int | None:
    """« t2 » → 2, « t4_100ps » → 4."""
    if len(choice_value) >= 2 and choice_value[0] == "t" and choice_value[1].isdecimal():
        return int(choice_value[1])
    return None


def _representativity(ctx: AdviceContext) -> str | None:
    """People involved (``members.people`` rows) against the professionals of the territory.

    The expected share is ``arg``, else the one of data/rules/facts.yaml.
    """
    from bot.rules.facts import population_rules

    threshold = int(ctx.arg) if ctx.arg else population_rules().representativity.percent
    rows = _answered(ctx.dossier, "members.people")
    total = ctx.value
    if threshold is None or not isinstance(total, int) or isinstance(total, bool) or total <= 0:
        return None
    members = len(rows) if isinstance(rows, list) else 0
    if members * 100 >= threshold * total:
        return None
    share = round(members * 100 / total, 1)
    return ui_text(
        "advice",
        "representativity",
        members=textfmt.number(members),
        s="s" if members > 1 else "",
        total=textfmt.number(total),
        share=textfmt.percent(share),
        threshold=textfmt.number(threshold),
    )


def _date_order(ctx: AdviceContext) -> str | None:
    """This month/date should not precede the one of question ``arg``."""
    if not ctx.arg or not isinstance(ctx.value, str):
        return None
    other = _answered(ctx.dossier, ctx.arg)
    if not isinstance(other, str) or len(other) != len(ctx.value) or ctx.value >= other:
        return None
    other_q = ctx.bundle.questions.get(ctx.arg) if ctx.bundle is not None else None
    fmt = textfmt.month_year if len(other) == 7 else textfmt.date_short
    return ui_text(
        "advice",
        "date_order",
        value=fmt(ctx.value),
        other=fmt(other),
        other_label=other_q.label if other_q else ctx.arg,
    )


def today() -> dt.date:
    """The current date (one place, so tests can set it)."""
    return dt.date.today()


def _planned(ctx: AdviceContext) -> str | None:
    """A planned step (« date prévue… ») dated in the past: probably a typo, or already done."""
    if not isinstance(ctx.value, str) or len(ctx.value) not in (7, 10):
        return None
    now = today()
    current = now.isoformat()[: len(ctx.value)]
    if ctx.value >= current:
        return None
    fmt = textfmt.month_year if len(ctx.value) == 7 else textfmt.date_short
    return ui_text("advice", "planned_in_past", value=fmt(ctx.value))


def _budget_total(ctx: AdviceContext) -> str | None:
    """Sum of the money answers sharing this question's prefix, against the grant (``arg``,
    else the pré-projet grant of data/rules/facts.yaml)."""
    from bot.rules.facts import grant as grant_fact

    prefix = ctx.question.id.rsplit(".", 1)[0] + "."
    values = {qid: a.value for qid, a in ctx.dossier.items() if a.status == "answered"}
    values[ctx.question.id] = ctx.value
    total = sum(
        v
        for qid, v in values.items()
        if qid.startswith(prefix) and isinstance(v, int) and not isinstance(v, bool)
    )
    grant = int(ctx.arg) if ctx.arg else grant_fact().amount
    if total == grant:
        return None
    return ui_text("advice", "budget_total", total=textfmt.money(total), grant=textfmt.money(grant))


ADVISORS: dict[str, Advisor] = {
    "min_total_population": _min_total_population,
    "tier_matches_communes": _tier_matches_communes,
    "representativity": _representativity,
    "date_order": _date_order,
    "budget_total": _budget_total,
    "planned": _planned,
}


# What the « :arg » of each named check must be, so check_bundle can verify it at startup:
# « int » a whole number, « question » an existing question id, « choice » one of the
# question's choice values; a name missing here takes no argument (a trailing ? = optional).
ARG_KINDS: dict[str, str] = {
    "exclusive_choice": "choice",
    "min_total_population": "int?",
    "tier_matches_communes": "question?",
    "representativity": "int?",
    "date_order": "question",
    "budget_total": "int?",
}


def advise(bundle: Bundle | None, q: Question, value: Any, dossier: Dossier) -> list[str]:
    """Non-blocking remarks on a value just given (shown after « Enregistré »)."""
    notes: list[str] = []
    for spec in q.advice:
        name, arg = split_spec(spec)
        note = ADVISORS[name](AdviceContext(q, value, dossier, arg, bundle))
        if note:
            notes.append(note)
    return notes
