"""Budget rules: the chart of accounts, amounts typed the French way, and the totals."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.rules import budget
from bot.rules.budget import (
    CONTRIBUTIONS_UNBALANCED,
    INVALID_AMOUNT,
    UNBALANCED,
    UNKNOWN_LINE,
    YEAR_UNBALANCED,
    chart,
    funding_totals,
    line,
    parse_amount,
    totals,
)

CODES = [entry.code for entry in chart()]


def row(code: str, amount: Any, year: Any = None, rid: str | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"line": code, "amount": amount}
    if year is not None:
        out["year"] = year
    if rid is not None:
        out["_id"] = rid
    return out


# --------------------------------------------------------------------------- chart


def test_chart_has_every_section_of_the_template() -> None:
    sections = {entry.section for entry in chart()}
    assert sections == {
        "60", "61", "62", "63", "64", "65", "66", "67", "68", "indirect",
        "70", "74", "75", "76", "78", "86", "87",
    }  # fmt: skip


@pytest.mark.parametrize(
    ("code", "section", "side", "label"),
    [
        ("60_prestations", "60", "charge", "Prestations de services"),
        ("61_documentation", "61", "charge", "Documentation"),
        ("62_deplacements", "62", "charge", "Déplacements, missions"),
        ("63_taxes_remunerations", "63", "charge", "Impôts et taxes sur rémunération"),
        ("64_charges_sociales", "64", "charge", "Charges sociales"),
        ("68_amortissements", "68", "charge", "Dotation aux amortissements"),
        ("ind_frais_financiers", "indirect", "charge", "Frais financiers"),
        ("70_prestations", "70", "produit", "Vente de prestations de services"),
        ("74_ars", "74", "produit", "Agence Régionale de Santé"),
        ("74_epci", "74", "produit", "Intercommunalité(s) : EPCI"),
        ("74_aides_privees", "74", "produit", "Aides privées"),
        ("75_cotisations", "75", "produit", "Dont cotisations, dons manuels ou legs"),
        ("78_reprises", "78", "produit", "Reprises amortissements et provisions"),
        ("86_personnel_benevole", "86", "contribution_emploi", "Personnel bénévole"),
        ("87_benevolat", "87", "contribution_ressource", "Bénévolat"),
        ("87_dons", "87", "contribution_ressource", "Dons en nature"),
    ],
)
def test_chart_lines(code: str, section: str, side: str, label: str) -> None:
    entry = line(code)
    assert (entry.section, entry.side, entry.label) == (section, side, label)
    assert entry.source == "contractualisation-ars-trame-2019.txt"


def test_subsidies_are_detailed_by_funder() -> None:
    funders = [e.label for e in chart() if e.section == "74"]
    assert len(funders) == 12
    assert funders[0] == "Agence Régionale de Santé"
    assert "Fonds européens" in funders and "Institution - URPS" in funders


def test_chart_table_is_sourced() -> None:
    table = budget.chart_table()
    assert table.as_of == "2019-04"
    assert "guide-cpts-ars-auvergne-rhone-alpes.txt" in table.also
    assert table.footnotes.amounts == "Ne pas indiquer les centimes d'euros."


def test_choice_values_fit_the_schema() -> None:
    import re

    from bot.dialogs.schema import CHOICE_VALUE

    assert all(re.fullmatch(CHOICE_VALUE, code) for code in CODES)


def test_unknown_code_raises() -> None:
    with pytest.raises(KeyError):
        line("99_nope")


# --------------------------------------------------------------------------- amounts


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("15 000", 15_000),
        ("15000 €", 15_000),
        ("15k", 15_000),
        ("15 k€", 15_000),
        ("15\u202f000\u00a0€", 15_000),
        ("15 000 euros", 15_000),
        ("0", 0),
        ("1,5 M€", 1_500_000),
    ],
)
def test_parse_amount(text: str, expected: int) -> None:
    assert parse_amount(text) == expected


@pytest.mark.parametrize("text", ["", "abc", "15 000,50 €", "-5", "15 %", "60 000 habitants"])
def test_parse_amount_rejects(text: str) -> None:
    with pytest.raises(ValueError):
        parse_amount(text)


# --------------------------------------------------------------------------- totals


@pytest.mark.parametrize(
    ("rows", "by_section", "charges", "produits", "balanced", "difference"),
    [
        ([], {}, 0, 0, True, 0),
        (
            [row("64_remunerations", 30_000), row("64_charges_sociales", 12_000)],
            {"64": 42_000},
            42_000,
            0,
            False,
            -42_000,
        ),
        (
            [
                row("60_prestations", 1_000),
                row("62_publicite", 2_000),
                row("62_deplacements", 500),
                row("ind_charges_fixes", 1_500),
                row("74_ars", 4_000),
                row("75_cotisations", 1_000),
            ],
            {"60": 1_000, "62": 2_500, "indirect": 1_500, "74": 4_000, "75": 1_000},
            5_000,
            5_000,
            True,
            0,
        ),
        (
            [row("74_ars", 15_000), row("74_region", 5_000), row("64_remunerations", 18_000)],
            {"64": 18_000, "74": 20_000},
            18_000,
            20_000,
            False,
            2_000,
        ),
        (  # amounts as typed are parsed
            [row("74_ars", "15 000 €"), row("64_remunerations", "15k")],
            {"64": 15_000, "74": 15_000},
            15_000,
            15_000,
            True,
            0,
        ),
    ],
)
def test_totals_per_section(
    rows: list[dict[str, Any]],
    by_section: dict[str, int],
    charges: int,
    produits: int,
    balanced: bool,
    difference: int,
) -> None:
    result = totals(rows)
    assert result.by_section == by_section
    assert (result.charges, result.produits) == (charges, produits)
    assert result.balanced is balanced
    assert result.warning is (not balanced)
    assert result.difference == difference
    assert (UNBALANCED in result.warnings) is (not balanced)
    assert result.overall == sum(by_section.values())


def test_sections_follow_the_table_order() -> None:
    result = totals(
        [row("87_dons", 1), row("74_ars", 1), row("ind_autres", 1), row("60_achats", 1)]
    )
    assert list(result.by_section) == ["60", "indirect", "74", "87"]


def test_contributions_are_totalled_apart_86_and_87() -> None:
    result = totals(
        [
            row("64_remunerations", 10_000),
            row("74_ars", 10_000),
            row("86_personnel_benevole", 3_000),
            row("86_mise_a_disposition", 1_000),
            row("87_benevolat", 3_000),
        ]
    )
    assert result.balanced
    assert (result.contributions_emploi, result.contributions_ressource) == (4_000, 3_000)
    assert result.by_side["contribution_emploi"] == 4_000
    assert not result.contributions_balanced
    assert CONTRIBUTIONS_UNBALANCED in result.warnings
    assert UNBALANCED not in result.warnings
    assert result.charges_with_contributions == 14_000
    assert result.produits_with_contributions == 13_000
    assert result.overall == 27_000


def test_per_year_totals() -> None:
    rows = [
        row("64_remunerations", 40_000, 2026),
        row("74_ars", 40_000, 2026),
        row("64_remunerations", 45_000, 2027),
        row("74_ars", 30_000, "2027"),
        row("74_region", 10_000, 2027),
        row("61_locations", 2_000),
    ]
    result = totals(rows)
    assert result.years == [2026, 2027]
    assert list(result.by_year) == [2026, 2027, None]
    assert result.by_year[2026].balanced and result.by_year[2026].charges == 40_000
    y27 = result.by_year[2027]
    assert (y27.charges, y27.produits, y27.difference) == (45_000, 40_000, -5_000)
    assert result.by_year[None].charges == 2_000
    assert YEAR_UNBALANCED in result.warnings
    assert result.charges == 87_000 and result.produits == 80_000


def test_no_year_no_per_year_table() -> None:
    result = totals([row("74_ars", 100), row("60_achats", 100)])
    assert result.by_year == {}
    assert result.years == []
    assert result.warnings == ()


def test_bad_rows_are_reported_not_fatal() -> None:
    rows: list[Any] = [
        row("74_ars", 100, rid="r1"),
        row("99_unknown", 50, rid="r2"),
        row("60_achats", "beaucoup", rid="r3"),
        row("60_achats", True, rid="r4"),
        "not a row",
        {"amount": 5},
    ]
    result = totals(rows)
    assert result.produits == 100 and result.charges == 0
    assert result.unknown_lines == ("r2", "#6")
    assert result.invalid_rows == ("r3", "r4", "#5")
    assert UNKNOWN_LINE in result.warnings and INVALID_AMOUNT in result.warnings


def test_none_is_an_empty_budget() -> None:
    assert totals(None).overall == 0


# --------------------------------------------------------------------------- properties

valid_rows = st.lists(
    st.builds(
        row,
        st.sampled_from(CODES),
        st.integers(min_value=0, max_value=10**9),
        st.one_of(st.none(), st.integers(min_value=2019, max_value=2035)),
    ),
    max_size=40,
)


# A first-year budget worked out by hand (not by the code's own sums): charges 52 300 €
# (coordinator 30 000 + social charges 12 000 + rent 6 000 + travel 2 300 + indirect 2 000),
# produits 50 000 € (ARS FIR 15 000 + Assurance Maladie 30 000 + fees 5 000): 2 300 € short.
HAND_BUDGET = [
    row("64_remunerations", 30_000),
    row("64_charges_sociales", 12_000),
    row("61_locations", 6_000),
    row("62_deplacements", 1_500),
    row("62_deplacements", 800),
    row("ind_charges_fixes", 2_000),
    row("74_ars", 15_000),
    row("74_organismes_sociaux", 30_000),
    row("75_cotisations", 5_000),
    row("87_benevolat", 4_000),
    row("86_personnel_benevole", 4_000),
]


def test_hand_computed_budget() -> None:
    result = totals(HAND_BUDGET)
    assert (result.charges, result.produits) == (52_300, 50_000)
    assert result.difference == -2_300 and not result.balanced
    assert result.by_section == {
        "61": 6_000, "62": 2_300, "64": 42_000, "indirect": 2_000,
        "74": 45_000, "75": 5_000, "86": 4_000, "87": 4_000,
    }  # fmt: skip
    assert result.overall == 110_300  # 52 300 + 50 000 + 4 000 + 4 000
    assert (result.charges_with_contributions, result.produits_with_contributions) == (
        56_300,
        54_000,
    )
    assert result.contributions_balanced


@settings(max_examples=200, deadline=None)
@given(valid_rows, st.randoms(use_true_random=False))
def test_totals_do_not_depend_on_row_order(rows: list[dict[str, Any]], rnd: Any) -> None:
    shuffled = list(rows)
    rnd.shuffle(shuffled)
    a, b = totals(rows), totals(shuffled)
    assert (a.charges, a.produits, a.overall, a.by_side) == (
        b.charges,
        b.produits,
        b.overall,
        b.by_side,
    )


@settings(max_examples=200, deadline=None)
@given(valid_rows, st.integers(min_value=1, max_value=10**6))
def test_one_more_charge_moves_the_totals_by_its_amount(
    rows: list[dict[str, Any]], amount: int
) -> None:
    before = totals(rows)
    after = totals([*rows, row("60_achats", amount)])
    assert after.charges == before.charges + amount
    assert after.produits == before.produits
    assert after.difference == before.difference - amount
    assert after.overall == before.overall + amount


junk = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=12) | st.floats(),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=6), children)
    ),
    max_leaves=8,
)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.one_of(
            junk,
            st.fixed_dictionaries(
                {"line": st.one_of(st.sampled_from(CODES), junk), "amount": junk, "year": junk}
            ),
        ),
        max_size=12,
    )
)
def test_totals_never_crash(rows: list[Any]) -> None:
    result = totals(rows)
    assert result.overall == sum(result.by_side.values())
    assert len(result.unknown_lines) + len(result.invalid_rows) <= len(rows)


# --------------------------------------------------------------------------- letter funding


@pytest.mark.parametrize(
    ("rows", "per_row", "by_funder", "total"),
    [
        ([], (), {"urps": 0, "ars": 0, "other": 0}, 0),
        (
            [
                {"action": "communication", "urps": 1_000, "ars": 2_000},
                {"action": "redaction", "urps": 3_000, "ars": 5_000, "other": 500},
            ],
            (3_000, 8_500),
            {"urps": 4_000, "ars": 7_000, "other": 500},
            11_500,
        ),
        (
            [{"action": "other", "title": "Site web", "ars": "1 500 €"}, "junk", {"ars": None}],
            (1_500, 0),
            {"urps": 0, "ars": 1_500, "other": 0},
            1_500,
        ),
    ],
)
def test_funding_totals(
    rows: list[Any], per_row: tuple[int, ...], by_funder: dict[str, int], total: int
) -> None:
    result = funding_totals(rows)
    assert (result.rows, result.by_funder, result.total) == (per_row, by_funder, total)
    assert sum(result.by_funder.values()) == result.total
