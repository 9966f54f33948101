"""French quantity parsing: every way a population or an amount is typed on a phone."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.rules.numbers import (
    NumberMention,
    find_numbers,
    parse_money,
    parse_number,
    parse_population,
    words_to_number,
)
from bot.textfmt import date_long, enumeration, money, number

NBSP = "\u00a0"
NNBSP = "\u202f"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("60 000", 60000),
        ("60000", 60000),
        ("60.000", 60000),
        (f"60{NBSP}000", 60000),
        (f"60{NNBSP}000", 60000),
        ("60,000", 60000),
        ("60k", 60000),
        ("60 K", 60000),
        ("60 mille", 60000),
        ("soixante mille", 60000),
        ("Soixante-Mille", 60000),
        ("quatre-vingt-dix mille", 90000),
        ("quatre vingt mille", 80000),
        ("soixante-dix mille", 70000),
        ("1,2 million", 1200000),
        ("1.5 millions", 1500000),
        ("2 millions", 2000000),
        ("1,25 k", 1250),
        ("15 000 €", 15000),
        (f"15{NNBSP}000{NBSP}€", 15000),
        ("15000€", 15000),
        ("15 k€", 15000),
        ("15k€", 15000),
        ("1,2 M€", 1200000),
        ("15 000 euros", 15000),
        ("2 500 habitants", 2500),
        ("2500 hab.", 2500),
        ("1 234 567", 1234567),
        ("12", 12),
        ("0", 0),
        ("60 000.", 60000),
        ("environ 60 000", 60000),
        ("  60000  ", 60000),
        ("mille", 1000),
        ("deux cent mille habitants", 200000),
        ("un million deux cent mille", 1200000),
    ],
)
def test_parse_number_formats(text: str, expected: int) -> None:
    assert parse_number(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "2,5",
        "1.5",
        "1,5 habitant",
        "-5",
        "- 60 000",
        "−60000",
        "60 000 et 70 000",
        "bonjour",
        "un",  # the article, not a count
        "T2",
        "2A",
        "3e",
        "60 000 habitants à Grenoble",
        "quatre quatre",
        "vingt dix",
        "mille mille",
    ],
)
def test_parse_number_rejects(text: str) -> None:
    assert parse_number(text) is None


@pytest.mark.parametrize(
    ("text", "money_value", "population_value"),
    [
        ("15 000 €", 15000, None),
        ("15 k€", 15000, None),
        ("15000 euros", 15000, None),
        ("15 000", 15000, 15000),
        ("2 500 habitants", None, 2500),
        ("60k", 60000, 60000),
        ("12,50 €", None, None),  # cents: not whole euros
        ("12,00 €", 12, None),
        ("75 %", None, None),
    ],
)
def test_money_and_population_units(
    text: str, money_value: int | None, population_value: int | None
) -> None:
    assert parse_money(text) == money_value
    assert parse_population(text) == population_value


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("zéro", 0),
        ("un", 1),
        ("dix-sept", 17),
        ("vingt et un", 21),
        ("vingt-deux", 22),
        ("soixante et onze", 71),
        ("soixante-dix-sept", 77),
        ("quatre-vingts", 80),
        ("quatre-vingt-un", 81),
        ("quatre-vingt-dix-neuf", 99),
        ("septante-cinq", 75),
        ("nonante", 90),
        ("cent", 100),
        ("cent un", 101),
        ("deux cents", 200),
        ("trois cent vingt", 320),
        ("mille deux cent cinquante", 1250),
        ("soixante mille", 60000),
        ("cent soixante-quinze mille", 175000),
        ("un million", 1000000),
        ("deux millions cinq cent mille", 2500000),
        ("un milliard", 1000000000),
    ],
)
def test_words_to_number(text: str, expected: int) -> None:
    assert words_to_number(text) == expected


@pytest.mark.parametrize(
    "text",
    ["", "et", "et un", "vingt et", "un un", "vingt dix", "cent cent", "mille million", "bonjour"],
)
def test_words_to_number_rejects(text: str) -> None:
    assert words_to_number(text) is None


def _summary(mentions: list[NumberMention]) -> list[tuple[int, str | None, str]]:
    return [(m.value, m.unit, m.role) for m in mentions]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "combien pour 60 000 habitants en taille 2 ?",
            [(60000, "inhabitant", "quantity"), (2, None, "tier")],
        ),
        ("quelle taille pour 60k ?", [(60000, None, "quantity")]),
        ("une CPTS T3", [(3, None, "tier")]),
        ("taille deux", [(2, None, "tier")]),
        ("la taille n° 3", [(3, None, "tier")]),
        ("contact du département 38", [(38, None, "department")]),
        ("contact dpt 74", [(74, None, "department")]),
        ("cpam du 2A", []),  # a Corsican department code is no quantity at all
        ("en 2024 pour 38000 Grenoble", [(2024, None, "year"), (38000, None, "postal_code")]),
        ("code postal 69003", [(69003, None, "postal_code")]),
        (
            "entre 40 000-80 000 hab",
            [(40000, None, "quantity"), (80000, "inhabitant", "quantity")],
        ),
        (
            "soixante-dix mille personnes et 15 k€",
            [(70000, "inhabitant", "quantity"), (15000, "euro", "quantity")],
        ),
        ("75 % du fonctionnement", [(75, "percent", "quantity")]),
        ("réunion à 15h30 le 3e jeudi", []),
        ("un contact pour une CPTS", []),
        ("pas de -5 ici", []),
        ("1,2 million d'habitants", [(1200000, None, "quantity")]),
    ],
)
def test_find_numbers(text: str, expected: list[tuple[int, str | None, str]]) -> None:
    assert _summary(find_numbers(text)) == expected


def test_find_numbers_spans_point_at_the_typed_text() -> None:
    text = "Pour 60 000 habitants et soixante mille €"
    mentions = find_numbers(text)
    assert [text[m.start : m.end] for m in mentions] == ["60 000 habitants", "soixante mille €"]
    assert [m.text for m in mentions] == ["60 000 habitants", "soixante mille €"]
    assert [m.written for m in mentions] == ["digits", "words"]


def test_population_candidates() -> None:
    text = "département 38, taille 2, 60 000 habitants, 15 000 €, en 2024, 50000"
    candidates = [m.value for m in find_numbers(text) if m.is_population_candidate]
    assert candidates == [60000, 50000]


# --- properties -------------------------------------------------------------------------------

_FORMATS = [
    number,
    lambda n: str(n),
    lambda n: f"{n:,}".replace(",", " "),
    lambda n: f"{n:,}".replace(",", "."),
    lambda n: f"{n:,}".replace(",", NBSP),
    lambda n: f"{n:,}".replace(",", NNBSP),
]


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=10**12), st.sampled_from(_FORMATS))
def test_round_trip_formatted_integers(value: int, fmt) -> None:  # type: ignore[no-untyped-def]
    text = fmt(value)
    assert parse_number(text) == value
    assert parse_population(f"{text} habitants") == value
    assert parse_money(f"{text} €") == value


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=10**9))
def test_round_trip_money_format(value: int) -> None:
    assert parse_money(money(value)) == value


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=1, max_value=999_999))
def test_round_trip_thousands_suffix(value: int) -> None:
    assert parse_number(f"{value}k") == value * 1000
    assert parse_number(f"{value} mille") == value * 1000


_UNITS = ["zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf"]
_TEENS = ["dix", "onze", "douze", "treize", "quatorze", "quinze", "seize"]
_TENS = {2: "vingt", 3: "trente", 4: "quarante", 5: "cinquante", 6: "soixante"}


def _below_100(n: int) -> str:
    """An independent French speller (test oracle), standard France usage."""
    if n < 10:
        return _UNITS[n]
    if n < 17:
        return _TEENS[n - 10]
    if n < 20:
        return "dix-" + _UNITS[n - 10]
    if n < 70:
        tens, unit = divmod(n, 10)
        if unit == 0:
            return _TENS[tens]
        return f"{_TENS[tens]} et un" if unit == 1 else f"{_TENS[tens]}-{_UNITS[unit]}"
    if n < 80:
        return "soixante et onze" if n == 71 else "soixante-" + _below_100(n - 60)
    if n == 80:
        return "quatre-vingts"
    return "quatre-vingt-" + _below_100(n - 80)


def _below_1000(n: int) -> str:
    hundreds, rest = divmod(n, 100)
    if hundreds == 0:
        return _below_100(rest)
    head = "cent" if hundreds == 1 else f"{_UNITS[hundreds]} cent"
    if rest == 0:
        return head if hundreds == 1 else head + "s"
    return f"{head} {_below_100(rest)}"


def _spell(n: int) -> str:
    millions, rest = divmod(n, 1_000_000)
    thousands, units = divmod(rest, 1000)
    parts = []
    if millions:
        parts.append(f"{_below_1000(millions)} million{'s' if millions > 1 else ''}")
    if thousands:
        parts.append("mille" if thousands == 1 else f"{_below_1000(thousands)} mille")
    if units or not parts:
        parts.append(_below_1000(units))
    return " ".join(parts)


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=999_999_999))
def test_round_trip_spelled_numbers(value: int) -> None:
    spelled = _spell(value)
    assert words_to_number(spelled) == value
    assert words_to_number(spelled.replace("-", " ")) == value
    if value > 1:
        assert parse_population(f"{spelled} habitants") == value


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80))
def test_never_crashes_never_negative(text: str) -> None:
    for parse in (parse_number, parse_money, parse_population, words_to_number):
        value = parse(text)
        assert value is None or value >= 0
    for mention in find_numbers(text):
        assert mention.value >= 0
        assert 0 <= mention.start < mention.end <= len(text)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="0123456789 .,-−k€%Ketmilcnvgsxabh\u00a0\u202f", max_size=40))
def test_never_negative_on_number_like_text(text: str) -> None:
    value = parse_number(text)
    assert value is None or value >= 0
    assert all(m.value >= 0 for m in find_numbers(text))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-03-12", "12 mars 2026"),
        ("2026-03-01", "1er mars 2026"),  # the first of the month is an ordinal in French
        ("2025-12-31", "31 décembre 2025"),
        ("2027-08-01", "1er août 2027"),
    ],
)
def test_dates_in_full(value: str, expected: str) -> None:
    assert date_long(value) == expected


@pytest.mark.parametrize(
    ("items", "expected"),
    [
        ([], ""),
        (["l'ARS"], "l'ARS"),
        (["l'ARS", "la CPAM"], "l'ARS et la CPAM"),
        (["l'ARS", "l'Assurance Maladie", "la CPTS"], "l'ARS, l'Assurance Maladie et la CPTS"),
    ],
)
def test_enumeration_reads_as_french(items: list[str], expected: str) -> None:
    assert enumeration(items) == expected
