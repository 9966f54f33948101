"""Stored answers → short French text for reviews, confirmations and progress lines.

« 15 000 € », « 60 000 habitants », « Oui », « mars 2026 », « 12/03/2026 »,
« 3 personnes : … », « 10 communes, 62 340 habitants (Taille 2) ». Never raises: a value
that does not fit its type (an old answer after a YAML change) is shown as plain text.
"""

from __future__ import annotations

from typing import Any

from bot import textfmt
from bot.dialogs.schema import Field_, QType, Question
from bot.dialogs.validators import communes_population, ui_text

GROUP_ITEMS_SHOWN = 5  # rows named in a group summary before « … (+n) »
ROW_CELLS_SHOWN = 2  # cells of a row used to name it


def _d(key: str, **params: Any) -> str:
    return ui_text("display", key, **params)


def plural(word: str, count: int) -> str:
    """French plural of a row label: « personne » → « personnes » (0 and 1 stay singular)."""
    if count <= 1 or word.endswith(("s", "x", "z")):
        return word
    if word.endswith("al"):
        return word[:-2] + "aux"
    if word.endswith(("au", "eu")):
        return word + "x"
    return word + "s"


def _choice_label(q: Question | Field_, value: Any) -> str:
    if isinstance(value, str):
        return q.choice_labels.get(value, value)
    return str(value)


def _siret(value: str) -> str:
    """« 732 829 320 00074 »: SIREN in threes, then the establishment number."""
    if len(value) == 14 and value.isdecimal():
        return f"{value[:3]} {value[3:6]} {value[6:9]} {value[9:]}"
    return value


def _row_text(q: Question, row: dict[str, Any]) -> str:
    cells = [
        display_value(f, row[f.id])
        for f in q.fields
        if row.get(f.id) not in (None, "", []) and f.type is not QType.LONG_TEXT
    ]
    return " – ".join(cells[:ROW_CELLS_SHOWN]) or _d("none")


def _group(q: Question, value: list[Any]) -> str:
    rows = [r for r in value if isinstance(r, dict)]
    unit = plural(q.row_label or "", len(rows))
    if not rows:
        return _d("group_empty", unit=unit)
    items = _d("list_separator").join(_row_text(q, r) for r in rows[:GROUP_ITEMS_SHOWN])
    if len(rows) > GROUP_ITEMS_SHOWN:
        items += " " + _d("group_more", count=len(rows) - GROUP_ITEMS_SHOWN)
    return _d("group_summary", count=len(rows), unit=unit, items=items)


def _communes(value: list[Any]) -> str:
    from bot.rules.tiers import tier_for

    total = communes_population(value)
    count = len(value)
    unit = _d("commune_singular") if count <= 1 else _d("commune_plural")
    if total is None:
        return f"{count} {unit}"
    summary = _d(
        "communes_summary",
        count=textfmt.number(count),
        unit=unit,
        population=textfmt.population(total),
    )
    return _d("communes_tier", summary=summary, tier=tier_for(total).label)


def display_value(q: Question | Field_, value: Any) -> str:
    """The answer as a French reader expects it; « — » for no value."""
    if value is None or value == "" or value == []:
        if q.type is QType.GROUP and isinstance(q, Question) and value == []:
            return _group(q, [])
        return _d("none")
    try:
        return _format(q, value)
    except (TypeError, ValueError, AttributeError, KeyError):
        return str(value)


def _format(q: Question | Field_, value: Any) -> str:
    t = q.type
    if t is QType.YES_NO:
        return _d("yes") if value is True else _d("no") if value is False else str(value)
    if isinstance(value, bool):
        return str(value)
    if t is QType.INTEGER and isinstance(value, int):
        return textfmt.number(value)
    if t is QType.POPULATION and isinstance(value, int):
        return textfmt.population(value)
    if t is QType.MONEY and isinstance(value, int | float):
        return textfmt.money(value)
    if t is QType.MONTH_YEAR and isinstance(value, str):
        return textfmt.month_year(value)
    if t is QType.DATE and isinstance(value, str):
        return textfmt.date_short(value)
    if t is QType.SIRET and isinstance(value, str):
        return _siret(value)
    if t is QType.CHOICE:
        return _choice_label(q, value)
    if t is QType.MULTI_CHOICE and isinstance(value, list):
        return _d("list_separator").join(_choice_label(q, v) for v in value)
    if t is QType.GROUP and isinstance(q, Question) and isinstance(value, list):
        return _group(q, value)
    if t is QType.COMMUNES and isinstance(value, list):
        return _communes(value)
    return str(value)
