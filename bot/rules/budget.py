"""The associations' chart of accounts of a CPTS budget, and the totals of a filled budget.

The contracting template (URPS Occitanie, April 2019) and the model health project of the ARS
ARA guide (annex 4) ask for a forecast budget in the associations' chart of accounts: direct
and indirect charges (60 … 68), products (70, 74 subsidies by funder, 75, 76, 78) and, apart,
voluntary contributions in kind (86 uses, 87 resources). The interview stores it as rows of
``budget.lines`` (``{"line": code, "amount": int, "year": int?, "detail": str?}``); this module
knows the lines (``data/rules/budget_chart.yaml``) and adds them up. Pure: no I/O beyond
loading the chart once.

A budget is balanced when total charges equal total products, overall and for each year of a
multi-year budget (the template asks for one budget per year). Contributions in kind are
totalled apart, 86 and 87 separately, as the table does.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Literal

from pydantic import model_validator

from bot.rules.numbers import parse_money
from bot.rules.sourced import Sourced, Strict, load_model

Side = Literal["charge", "produit", "contribution_emploi", "contribution_ressource"]
SIDES: tuple[Side, ...] = ("charge", "produit", "contribution_emploi", "contribution_ressource")

# Warning codes (the French wording lives in templates, not here).
UNBALANCED = "unbalanced"  # total charges ≠ total products
YEAR_UNBALANCED = "year_unbalanced"  # one year of a multi-year budget is not balanced
CONTRIBUTIONS_UNBALANCED = "contributions_unbalanced"  # 86 ≠ 87
UNKNOWN_LINE = "unknown_line"  # a row whose line code is not in the chart
INVALID_AMOUNT = "invalid_amount"  # a row without a usable whole-euro amount


class Section(Strict):
    code: (
        str  # « 60 » … « 68 », « indirect », « 70 », « 74 », « 75 », « 76 », « 78 », « 86 », « 87 »
    )
    side: Side
    label: str


class BudgetLine(Strict):
    code: str
    section: str
    label: str  # wording of the contracting template
    side: Side | None = None  # filled from the section at load
    source: str | None = None  # filled from the chart at load
    also_label: str | None = None  # wording of annex 4 of the ARS ARA guide, when it differs
    note: str | None = None  # short guidance shown with the line


class Footnotes(Strict):
    amounts: str
    subsidies: str
    epci: str
    contributions: str
    multi_year: str


class Chart(Sourced):
    footnotes: Footnotes
    sections: tuple[Section, ...]
    lines: tuple[BudgetLine, ...]

    @model_validator(mode="before")
    @classmethod
    def _fill_lines(cls, data: Any) -> Any:
        """Each line inherits its side from its section and its source from the chart."""
        if not isinstance(data, dict):
            return data
        sides = {str(s.get("code")): s.get("side") for s in data.get("sections", ())}
        lines = []
        for line in data.get("lines", ()):
            line = dict(line)
            line.setdefault("side", sides.get(str(line.get("section"))))
            line.setdefault("source", data.get("source"))
            lines.append(line)
        return {**data, "lines": lines}

    @model_validator(mode="after")
    def _check(self) -> Chart:
        codes = [line.code for line in self.lines]
        if len(codes) != len(set(codes)):
            raise ValueError("duplicate budget line codes")
        sections = {s.code: s for s in self.sections}
        if len(sections) != len(self.sections):
            raise ValueError("duplicate budget section codes")
        for line in self.lines:
            section = sections.get(line.section)
            if section is None:
                raise ValueError(f"{line.code}: unknown section {line.section}")
            if line.side != section.side:
                raise ValueError(f"{line.code}: side differs from its section")
        empty = set(sections) - {line.section for line in self.lines}
        if empty:
            raise ValueError(f"sections without lines: {sorted(empty)}")
        return self


@cache
def chart_table() -> Chart:
    """The whole chart with its source, date and footnotes (loaded once)."""
    return load_model(Chart, "budget_chart")


def chart() -> list[BudgetLine]:
    """Every budget line, in the order of the template's table."""
    return list(chart_table().lines)


@cache
def _by_code() -> dict[str, BudgetLine]:
    return {line.code: line for line in chart_table().lines}


def line(code: str) -> BudgetLine:
    """The line of ``code``; KeyError when the chart has no such line."""
    return _by_code()[code]


def sections() -> list[Section]:
    return list(chart_table().sections)


def parse_amount(text: str) -> int:
    """Whole euros from what people type (« 15 000 », « 15000 € », « 15k »).

    Raises ``ValueError`` for anything else, cents included: the template says « ne pas
    indiquer les centimes ».
    """
    value = parse_money(text)
    if value is None:
        raise ValueError(f"not a whole amount in euros: {text!r}")
    return value


# --------------------------------------------------------------------------- totals


@dataclass(frozen=True)
class SideTotals:
    """The four columns of the table for one set of rows."""

    charges: int = 0
    produits: int = 0
    contributions_emploi: int = 0  # 86
    contributions_ressource: int = 0  # 87

    @property
    def balanced(self) -> bool:
        return self.charges == self.produits

    @property
    def difference(self) -> int:
        """Products minus charges: positive for a surplus, negative for a deficit."""
        return self.produits - self.charges


@dataclass(frozen=True)
class BudgetTotals:
    by_section: dict[str, int]  # section code → total, only sections with rows
    by_side: dict[Side, int]  # every side, 0 when empty
    overall: int  # every usable amount, whatever its side
    charges: int  # « TOTAL DES CHARGES » (direct + indirect)
    produits: int  # « TOTAL DES PRODUITS »
    contributions_emploi: int  # 86
    contributions_ressource: int  # 87
    balanced: bool  # charges == produits
    difference: int  # produits - charges
    # year → totals; empty when no row has a year, key None for rows without one
    by_year: dict[int | None, SideTotals] = field(default_factory=dict)
    unknown_lines: tuple[str, ...] = ()  # row ids (or codes) not in the chart
    invalid_rows: tuple[str, ...] = ()  # row ids with no usable amount
    warnings: tuple[str, ...] = ()  # codes: UNBALANCED, YEAR_UNBALANCED, …

    @property
    def warning(self) -> bool:
        """True when charges and products differ (the flag a review shows)."""
        return not self.balanced

    @property
    def contributions_balanced(self) -> bool:
        return self.contributions_emploi == self.contributions_ressource

    @property
    def charges_with_contributions(self) -> int:
        """The bottom « TOTAL » of the charges column: charges plus 86."""
        return self.charges + self.contributions_emploi

    @property
    def produits_with_contributions(self) -> int:
        """The bottom « TOTAL » of the products column: products plus 87."""
        return self.produits + self.contributions_ressource

    @property
    def years(self) -> list[int]:
        return sorted(y for y in self.by_year if y is not None)


def _amount(value: Any) -> int | None:
    """A stored amount (int) or a typed one (« 15 000 € »); None when unusable."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str):
        try:
            return parse_amount(value)
        except ValueError:
            return None
    return None


def _year(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdecimal() and len(value.strip()) == 4:
        return int(value.strip())
    return None


def _side_totals(amounts: Mapping[Side, int]) -> SideTotals:
    return SideTotals(
        charges=amounts.get("charge", 0),
        produits=amounts.get("produit", 0),
        contributions_emploi=amounts.get("contribution_emploi", 0),
        contributions_ressource=amounts.get("contribution_ressource", 0),
    )


def totals(lines: Iterable[Mapping[str, Any]] | None) -> BudgetTotals:
    """Add up budget rows (``{"line", "amount", "year"?}``) per section, side and year.

    Never raises: rows that are not mappings, whose line is not in the chart or whose amount
    is unusable are left out and reported (``unknown_lines``, ``invalid_rows``, warnings).
    """
    codes = _by_code()
    by_section: dict[str, int] = defaultdict(int)
    by_side: dict[Side, int] = dict.fromkeys(SIDES, 0)
    by_year: dict[int | None, dict[Side, int]] = defaultdict(lambda: dict.fromkeys(SIDES, 0))
    unknown: list[str] = []
    invalid: list[str] = []
    any_year = False
    for index, row in enumerate(lines or ()):
        if not isinstance(row, Mapping):
            invalid.append(f"#{index + 1}")
            continue
        name = str(row.get("_id") or f"#{index + 1}")
        code = row.get("line")
        budget_line = codes.get(code) if isinstance(code, str) else None
        if budget_line is None:
            unknown.append(name)
            continue
        amount = _amount(row.get("amount"))
        if amount is None:
            invalid.append(name)
            continue
        assert budget_line.side is not None  # filled at load
        year = _year(row.get("year"))
        any_year = any_year or year is not None
        by_section[budget_line.section] += amount
        by_side[budget_line.side] += amount
        by_year[year][budget_line.side] += amount
    overall = sum(by_side.values())
    years = {y: _side_totals(v) for y, v in sorted(by_year.items(), key=_year_key)}
    charges, produits = by_side["charge"], by_side["produit"]
    warnings: list[str] = []
    if charges != produits:
        warnings.append(UNBALANCED)
    if any_year and any(not t.balanced for t in years.values()):
        warnings.append(YEAR_UNBALANCED)
    if by_side["contribution_emploi"] != by_side["contribution_ressource"]:
        warnings.append(CONTRIBUTIONS_UNBALANCED)
    if unknown:
        warnings.append(UNKNOWN_LINE)
    if invalid:
        warnings.append(INVALID_AMOUNT)
    order = {s.code: i for i, s in enumerate(chart_table().sections)}
    return BudgetTotals(
        by_section={k: by_section[k] for k in sorted(by_section, key=order.__getitem__)},
        by_side=by_side,
        overall=overall,
        charges=charges,
        produits=produits,
        contributions_emploi=by_side["contribution_emploi"],
        contributions_ressource=by_side["contribution_ressource"],
        balanced=charges == produits,
        difference=produits - charges,
        by_year=years if any_year else {},
        unknown_lines=tuple(unknown),
        invalid_rows=tuple(invalid),
        warnings=tuple(warnings),
    )


def _year_key(item: tuple[int | None, Any]) -> tuple[int, int]:
    """Years in order, the undated rows last."""
    year = item[0]
    return (1, 0) if year is None else (0, year)


# --------------------------------------------------------------------------- funding tables

LETTER_FUNDERS: tuple[str, ...] = ("urps", "ars", "other")  # columns of letter_funding.lines


@dataclass(frozen=True)
class FundingTotals:
    """Totals of a « who funds which action » table (the letter of intent's last table)."""

    rows: tuple[int, ...]  # total of each row, in order
    by_funder: dict[str, int]  # total of each column
    total: int


def funding_totals(
    lines: Iterable[Mapping[str, Any]] | None, funders: tuple[str, ...] = LETTER_FUNDERS
) -> FundingTotals:
    """Row, column and grand totals; missing or unusable cells count as 0. Never raises."""
    by_funder = dict.fromkeys(funders, 0)
    rows: list[int] = []
    for row in lines or ():
        if not isinstance(row, Mapping):
            continue
        row_total = 0
        for funder in funders:
            amount = _amount(row.get(funder)) or 0
            by_funder[funder] += amount
            row_total += amount
        rows.append(row_total)
    return FundingTotals(rows=tuple(rows), by_funder=by_funder, total=sum(rows))
