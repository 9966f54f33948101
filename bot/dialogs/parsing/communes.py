"""The communes of a territory, typed as a list: every one resolved, or a re-prompt.

The territory package is imported on first use: it is only needed for this one question.
"""

from __future__ import annotations

from typing import Any

from bot.dialogs.parsing.kind import Kind
from bot.dialogs.parsing.numbers_dates import is_int
from bot.dialogs.parsing.text import Owner, echo
from bot.dialogs.schema import QType
from bot.dialogs.validators import AnswerInvalid, error, ui_text


class AmbiguousCommunes(AnswerInvalid):
    """A list with a homonym: ``options`` are (button label, the whole list with that
    candidate written « Name (dep) »), one per candidate of the first ambiguous name."""

    def __init__(self, message: str, options: list[tuple[str, str]]) -> None:
        super().__init__(message)
        self.options = options


MAX_COMMUNES = 500  # a CPTS covers at most a few hundred communes; bounds the lookup work
AMBIGUOUS_SHOWN = 4  # homonyms listed in the « précisez le département » message


def parse_communes_answer(q: Owner, text: str) -> list[dict[str, Any]]:
    from bot.rules.territory import split_commune_list, sum_communes

    queries = [s for s in split_commune_list(text) if s.strip()]
    if not queries:
        raise error("communes_empty")
    if len(queries) > MAX_COMMUNES:
        raise error("communes_too_many", count=len(queries), max=MAX_COMMUNES)
    total = sum_communes(queries)
    problems: list[str] = []
    for result in total.ambiguous:
        shown = result.candidates[:AMBIGUOUS_SHOWN]
        names = " ou ".join(f"{c.name} ({c.department})" for c in shown)
        if len(result.candidates) > AMBIGUOUS_SHOWN:
            names += " …"
        example = f"{shown[0].name} ({shown[0].department})" if shown else result.query
        problems.append(
            ui_text(
                "errors",
                "communes_ambiguous",
                query=echo(result.query),
                candidates=names,
                example=example,
            )
        )
    if total.not_found:
        names = ", ".join(f"« {echo(name)} »" for name in total.not_found)
        s = "s" if len(total.not_found) > 1 else ""
        problems.append(ui_text("errors", "communes_not_found", names=names, s=s))
    if problems:
        message = "\n".join([ui_text("errors", "communes_header"), *problems])
        if total.ambiguous and not total.not_found:
            raise AmbiguousCommunes(message, _options(queries, total.ambiguous[0]))
        raise AnswerInvalid(message)
    if not total.resolved:
        raise error("communes_empty")
    return [_commune_value(c) for c in total.resolved]


def _options(queries: list[str], ambiguous: Any) -> list[tuple[str, str]]:
    """One (label, corrected list) per candidate of one ambiguous name."""
    out = []
    for c in ambiguous.candidates:
        label = f"{c.name} ({c.department})"
        items = [label if q == ambiguous.query else q for q in queries]
        out.append((label, ", ".join(items)))
    return out


def _commune_value(c: Any) -> dict[str, Any]:
    keys = ("insee", "name", "department", "population")
    return {key: getattr(c, key) for key in keys}


def _commune_ok(item: Any) -> bool:
    return (
        isinstance(item, dict)
        and set(item) == {"insee", "name", "department", "population"}
        and isinstance(item["insee"], str)
        and isinstance(item["name"], str)
        and isinstance(item["department"], str)
        and is_int(item["population"])
        and item["population"] >= 0
    )


def valid_communes_answer(q: Owner, value: Any) -> bool:
    return isinstance(value, list) and len(value) > 0 and all(_commune_ok(c) for c in value)


KINDS: dict[QType, Kind] = {
    QType.COMMUNES: Kind(parse_communes_answer, valid_communes_answer),
}
