"""Counts, amounts and dates as typed on a phone (« 15 000 », « 60 k€ », « mars 2026 »).

Stored as non-negative ints, « YYYY-MM » and « YYYY-MM-DD ».
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from bot.dialogs.parsing.kind import Kind
from bot.dialogs.parsing.text import ECHO_MAX, Owner
from bot.dialogs.schema import QType
from bot.dialogs.validators import error
from bot.normalize import fold
from bot.rules.numbers import parse_money, parse_number, parse_population

YEAR_MIN, YEAR_MAX = 1900, 2100  # sanity bounds for typed years, not a domain rule


def _bounded(q: Owner, value: int) -> int:
    """Refuse a number over the question's bound (a pasted SIRET is not 12 345 678 901 234 €)."""
    from bot.dialogs.schema import DEFAULT_MAX_VALUE
    from bot.textfmt import number

    limit = getattr(q, "max_value", None) or DEFAULT_MAX_VALUE.get(q.type)
    if limit is not None and value > limit:
        raise error("number_too_large", limit=number(limit))
    return value


def parse_integer_answer(q: Owner, text: str) -> int:
    value = parse_number(text)
    if value is None:
        stripped = text.lstrip()
        if stripped[:1] and stripped[0] in "-−–" and parse_number(stripped[1:]) is not None:
            raise error("integer_negative")
        raise error("integer")
    return _bounded(q, value)


def parse_population_answer(q: Owner, text: str) -> int:
    value = parse_population(text)
    if value is None:
        raise error("population")
    return _bounded(q, value)


def parse_money_answer(q: Owner, text: str) -> int:
    value = parse_money(text)
    if value is None:
        raise error("money")
    return _bounded(q, value)


_MONTHS = {
    "janvier": 1, "janv": 1, "jan": 1, "fevrier": 2, "fevr": 2, "fev": 2, "mars": 3, "mar": 3,
    "avril": 4, "avr": 4, "mai": 5, "juin": 6, "juillet": 7, "juil": 7, "aout": 8,
    "septembre": 9, "sept": 9, "sep": 9, "octobre": 10, "oct": 10, "novembre": 11, "nov": 11,
    "decembre": 12, "dec": 12,
}  # fmt: skip
_FILLERS = {"en", "le", "au", "a", "mois", "de", "d", "lundi", "mardi", "mercredi", "jeudi",
            "vendredi", "samedi", "dimanche"}  # fmt: skip


def _date_tokens(text: str) -> list[str]:
    return [t for t in fold(text).split() if t not in _FILLERS]


def _year(token: str) -> int | None:
    if re.fullmatch(r"\d{4}", token):
        year = int(token)
    elif re.fullmatch(r"\d{2}", token):
        year = 2000 + int(token)
    else:
        return None
    if not YEAR_MIN <= year <= YEAR_MAX:
        raise error("year_out_of_range", year=year, min=YEAR_MIN, max=YEAR_MAX)
    return year


def _month(token: str) -> int | None:
    if token in _MONTHS:
        return _MONTHS[token]
    if re.fullmatch(r"\d{1,2}", token):
        month = int(token)
        if not 1 <= month <= 12:
            raise error("month_invalid", month=month)
        return month
    return None


# Periods people type for a planned step, read as the month they start (« fin 2025 » =
# December, « mi-2026 » = June, « T3 2026 » = July); the confirmation shows the month, so
# the person sees how it was read.
_PERIODS = {
    "debut": 1, "mi": 6, "milieu": 6, "fin": 12, "t1": 1, "t2": 4, "t3": 7, "t4": 10,
    "s1": 1, "s2": 7, "printemps": 4, "ete": 7, "automne": 10, "hiver": 1,
}  # fmt: skip
_ORDINAL_QUARTER = re.compile(r"^(1er|1|2e|2|3e|3|4e|4|premier|deuxieme|troisieme|quatrieme)$")
_QUARTER_MONTH = {"1": 1, "2": 4, "3": 7, "4": 10, "premier": 1, "deuxieme": 4,
                  "troisieme": 7, "quatrieme": 10}  # fmt: skip


def _period(tokens: list[str]) -> tuple[int, int] | None:
    """(month, year) of « fin 2025 », « mi 2026 », « T1 2026 », « 2e trimestre 2026 »."""
    if len(tokens) == 2 and tokens[0] in _PERIODS:
        year = _year(tokens[1])
        return (_PERIODS[tokens[0]], year) if year is not None else None
    if len(tokens) == 3 and tokens[1] in ("trimestre", "semestre"):
        match = _ORDINAL_QUARTER.match(tokens[0])
        year = _year(tokens[2])
        if match and year is not None:
            rank = re.sub(r"(er|e)$", "", tokens[0])
            if tokens[1] == "trimestre":
                return _QUARTER_MONTH[rank], year
            if rank in ("1", "premier"):
                return 1, year
            if rank in ("2", "deuxieme"):
                return 7, year
    return None


def parse_month_year_answer(q: Owner, text: str) -> str:
    tokens = _date_tokens(text)
    period = _period(tokens)
    if period is not None:
        month, year = period
        return f"{year:04d}-{month:02d}"
    if len(tokens) == 2:
        first, second = tokens
        if re.fullmatch(r"\d{4}", first) and re.fullmatch(r"\d{1,2}", second):
            first, second = second, first  # ISO « 2026-03 »
        typed_month, typed_year = _month(first), _year(second)
        if typed_month is not None and typed_year is not None:
            return f"{typed_year:04d}-{typed_month:02d}"
    raise error("month_year")


def _day(token: str) -> int | None:
    match = re.fullmatch(r"(\d{1,2})(er)?", token)
    return int(match.group(1)) if match else None


def parse_date_answer(q: Owner, text: str) -> str:
    tokens = _date_tokens(text)
    if len(tokens) == 3:
        first, second, third = tokens
        if re.fullmatch(r"\d{4}", first):  # ISO « 2026-03-12 »
            first, third = third, first
        day, month, year = _day(first), _month(second), _year(third)
        if day is not None and month is not None and year is not None:
            try:
                return dt.date(year, month, day).isoformat()
            except ValueError:
                raise error("date_impossible", text=text.strip()[:ECHO_MAX]) from None
    raise error("date")


def is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _iso_ok(value: str, fmt: str, length: int) -> bool:
    if len(value) != length:
        return False
    try:
        parsed = dt.datetime.strptime(value, fmt)
    except ValueError:
        return False
    return YEAR_MIN <= parsed.year <= YEAR_MAX and parsed.strftime(fmt) == value


def valid_count_answer(q: Owner, value: Any) -> bool:
    """``INTEGER``, ``POPULATION`` and ``MONEY`` are all stored as non-negative ints."""
    return is_int(value) and value >= 0


def valid_month_year_answer(q: Owner, value: Any) -> bool:
    return isinstance(value, str) and _iso_ok(value, "%Y-%m", 7)


def valid_date_answer(q: Owner, value: Any) -> bool:
    return isinstance(value, str) and _iso_ok(value, "%Y-%m-%d", 10)


KINDS: dict[QType, Kind] = {
    QType.INTEGER: Kind(parse_integer_answer, valid_count_answer),
    QType.POPULATION: Kind(parse_population_answer, valid_count_answer),
    QType.MONEY: Kind(parse_money_answer, valid_count_answer),
    QType.MONTH_YEAR: Kind(parse_month_year_answer, valid_month_year_answer),
    QType.DATE: Kind(parse_date_answer, valid_date_answer),
}
