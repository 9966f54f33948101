"""Budget tables of the documents: the associations' chart of accounts and the letter's
funding table. Every sum comes from ``bot.rules.budget``; only layout is decided here.

An empty table says so (``has_rows`` False, ``empty`` True): templates print « — » rather
than « 0 € » totals that read like data.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from typing import Any

from bot.dialogs.schema import QType
from bot.documents.context.values import Missing, Value, number_text
from bot.rules import budget

EMPTY_TOTAL = "—"  # a total over no line is not « 0 € »


def eur(amount: int) -> str:
    return number_text(QType.MONEY, amount)


def money_cell(amount: int | None) -> str:
    """The amount, or nothing for an empty budget line."""
    return eur(amount) if amount else ""


def _line_rows(lines: list[Mapping[str, Any]]) -> dict[str, dict[str, Any]]:
    """Per chart line: summed amount (from the rules' totals) and the details typed."""
    out: dict[str, dict[str, Any]] = {}
    for row in lines:
        code = row.get("line")
        one = budget.totals([row])
        if not isinstance(code, str) or one.unknown_lines or one.invalid_rows:
            continue
        entry = out.setdefault(code, {"amount": 0, "details": []})
        entry["amount"] += one.overall
        detail = row.get("detail")
        if isinstance(detail, str) and detail.strip() and detail.strip() not in entry["details"]:
            entry["details"].append(detail.strip())
    return out


def _side_items(sides: tuple[str, ...], per_line: Mapping[str, Mapping[str, Any]]) -> list[dict]:
    """Headings and lines of one column of the table, with their amounts."""
    items: list[dict[str, Any]] = []
    lines = budget.chart()
    for section in budget.sections():
        if section.side not in sides:
            continue
        own = [line for line in lines if line.section == section.code]
        subtotal = sum(per_line.get(line.code, {}).get("amount", 0) for line in own)
        if len(own) == 1:
            details = per_line.get(own[0].code, {}).get("details", [])
            label = " – ".join([section.label, *details])
            items.append({"label": label, "amount": money_cell(subtotal), "heading": True})
            continue
        items.append({"label": section.label, "amount": money_cell(subtotal), "heading": True})
        for line in own:
            entry = per_line.get(line.code, {})
            label = " – ".join([line.label, *entry.get("details", [])])
            items.append(
                {"label": label, "amount": money_cell(entry.get("amount", 0)), "heading": False}
            )
    return items


def _pair(left: list[dict], right: list[dict]) -> list[dict[str, Any]]:
    empty = {"label": "", "amount": "", "heading": False}
    return [{"left": a, "right": b} for a, b in itertools.zip_longest(left, right, fillvalue=empty)]


def budget_table(lines: list[Mapping[str, Any]], year: int | None = None) -> dict[str, Any]:
    """One budget table in the associations' chart of accounts, with totals and checks."""
    totals = budget.totals(lines)
    per_line = _line_rows(lines)

    def total(amount: int) -> str:
        return eur(amount) if per_line else EMPTY_TOTAL

    return {
        "year": year,
        "has_rows": bool(per_line),
        "empty": not per_line,
        "rows": _pair(_side_items(("charge",), per_line), _side_items(("produit",), per_line)),
        "contributions": _pair(
            _side_items(("contribution_emploi",), per_line),
            _side_items(("contribution_ressource",), per_line),
        ),
        "charges": total(totals.charges),
        "produits": total(totals.produits),
        "contributions_emploi": total(totals.contributions_emploi),
        "contributions_ressource": total(totals.contributions_ressource),
        "total_left": total(totals.charges_with_contributions),
        "total_right": total(totals.produits_with_contributions),
        "balanced": totals.balanced,
        "gap": eur(abs(totals.difference)),
        "surplus": totals.difference > 0,
        "contributions_balanced": totals.contributions_balanced,
        "unknown": len(totals.unknown_lines),
        "invalid": len(totals.invalid_rows),
    }


def budget_tables(value: Value) -> dict[str, Any]:
    """The whole budget, and one table per year when the rows carry years."""
    lines = [r for r in value.raw or () if isinstance(r, Mapping)] if value else []
    totals = budget.totals(lines)
    years: list[dict[str, Any]] = []
    if totals.by_year:
        by_year: dict[int | None, list[Mapping[str, Any]]] = {year: [] for year in totals.by_year}
        for row in lines:
            year = next(iter(budget.totals([row]).by_year), None)
            by_year.setdefault(year, []).append(row)
        years = [budget_table(rows, year) for year, rows in by_year.items()]
    return {
        "has_rows": bool(lines),
        "empty": not lines,
        "overall": budget_table(lines),
        "years": years,
        "footnotes": budget.chart_table().footnotes,
    }


def letter_funding(value: Value, preprojet: Sequence[tuple[str, int]] = ()) -> dict[str, Any]:
    """The letter's « who funds which action » table; sums by ``budget.funding_totals``.

    While the team has not filled the letter's table, the pré-projet's budget (the ARS
    grant, line by line: ``preprojet``) is shown in the ARS column instead of asking again.
    """
    rows_raw = [r for r in value.raw or () if isinstance(r, Mapping)] if value else []
    if not rows_raw and preprojet:
        lines = [{"ars": amount} for _, amount in preprojet]
        sums = budget.funding_totals(lines)
        prefilled = [
            {"label": label, "urps": "", "ars": money_cell(amount), "other": "", "total": eur(t)}
            for (label, amount), t in zip(preprojet, sums.rows, strict=True)
        ]
        return {
            "rows": prefilled,
            "empty": False,
            "from_preprojet": True,
            **{f"total_{k}": eur(v) for k, v in sums.by_funder.items()},
            "total": eur(sums.total),
        }
    sums = budget.funding_totals(rows_raw)
    rows = []
    for row, row_total in zip(value.rows, sums.rows, strict=False):
        action, title = row.action, row.title
        if action.raw == "other" or not action:
            label: Value | str = title if title else Missing(title.label or action.label)
        else:
            label = f"{action} – {title}" if title else action
        cells = {
            k: money_cell(getattr(row, k).raw if isinstance(getattr(row, k).raw, int) else 0)
            for k in budget.LETTER_FUNDERS
        }
        rows.append({"label": label, **cells, "total": eur(row_total)})
    return {
        "rows": rows,
        "empty": not rows,
        "from_preprojet": False,
        **{f"total_{k}": eur(v) for k, v in sums.by_funder.items()},
        "total": eur(sums.total),
    }
