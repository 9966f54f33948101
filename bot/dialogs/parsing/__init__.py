"""Raw text from a phone → the typed JSON value of ``schema.QType``, or a French re-prompt.

``parse_answer`` never raises anything but ``AnswerInvalid`` and only returns values that
``is_valid_value`` accepts: the store can trust what it receives, and a value read back from
the store (or edited by hand) can be checked with the same rules.

Each answer type has a parser and a shape check, side by side in one module:
  text           TEXT, LONG_TEXT (and the cleaning every parser shares)
  numbers_dates  INTEGER, POPULATION, MONEY, MONTH_YEAR, DATE
  identifiers    EMAIL, PHONE, SIRET, FINESS
  choices        YES_NO, CHOICE, MULTI_CHOICE
  communes       COMMUNES
  groups         GROUP (bulk rows, each cell parsed as its own field)
This module holds the two dispatch tables and the two entry points.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bot.dialogs.guards import looks_like_nir
from bot.dialogs.parsing.choices import (
    FUZZY_MARGIN,
    FUZZY_MIN,
    PARTIAL_MIN,
    _parse_choice,
    _parse_multi_choice,
    _parse_yes_no,
    _valid_choice,
    _valid_multi_choice,
    _valid_yes_no,
    match_choice,
    parse_yes_no,
)
from bot.dialogs.parsing.communes import (
    AMBIGUOUS_SHOWN,
    MAX_COMMUNES,
    _parse_communes,
    _valid_communes,
)
from bot.dialogs.parsing.groups import _parse_group, _valid_group, ui_text_line
from bot.dialogs.parsing.identifiers import (
    EMAIL_MAX,
    _parse_email,
    _parse_finess,
    _parse_phone,
    _parse_siret,
    _valid_email,
    _valid_finess,
    _valid_phone,
    _valid_siret,
    siret_ok,
)
from bot.dialogs.parsing.numbers_dates import (
    YEAR_MAX,
    YEAR_MIN,
    _parse_date,
    _parse_integer,
    _parse_money,
    _parse_month_year,
    _parse_population,
    _valid_count,
    _valid_date,
    _valid_month_year,
)
from bot.dialogs.parsing.text import (
    ECHO_MAX,
    LONG_TEXT_MAX,
    TEXT_MAX,
    Owner,
    _parse_long_text,
    _parse_text,
    _valid_long_text,
    _valid_text,
)
from bot.dialogs.schema import QType
from bot.dialogs.validators import AnswerInvalid, error, run_validators

__all__ = [
    "AMBIGUOUS_SHOWN",
    "ECHO_MAX",
    "EMAIL_MAX",
    "FUZZY_MARGIN",
    "FUZZY_MIN",
    "LONG_TEXT_MAX",
    "MAX_COMMUNES",
    "PARTIAL_MIN",
    "TEXT_MAX",
    "YEAR_MAX",
    "YEAR_MIN",
    "AnswerInvalid",
    "Owner",
    "is_valid_value",
    "match_choice",
    "parse_answer",
    "parse_yes_no",
    "siret_ok",
    "ui_text_line",
    "valid_shape",
]


def _parse_group_rows(q: Owner, text: str) -> list[dict[str, Any]]:
    return _parse_group(q, text, parse_answer)


def _valid_group_rows(q: Owner, value: Any) -> bool:
    return _valid_group(q, value, is_valid_value)


_PARSERS: dict[QType, Callable[[Owner, str], Any]] = {
    QType.TEXT: _parse_text,
    QType.LONG_TEXT: _parse_long_text,
    QType.INTEGER: _parse_integer,
    QType.POPULATION: _parse_population,
    QType.MONEY: _parse_money,
    QType.MONTH_YEAR: _parse_month_year,
    QType.DATE: _parse_date,
    QType.EMAIL: _parse_email,
    QType.PHONE: _parse_phone,
    QType.SIRET: _parse_siret,
    QType.FINESS: _parse_finess,
    QType.YES_NO: _parse_yes_no,
    QType.CHOICE: _parse_choice,
    QType.MULTI_CHOICE: _parse_multi_choice,
    QType.GROUP: _parse_group_rows,
    QType.COMMUNES: _parse_communes,
}


_SHAPES: dict[QType, Callable[[Owner, Any], bool]] = {
    QType.TEXT: _valid_text,
    QType.LONG_TEXT: _valid_long_text,
    QType.INTEGER: _valid_count,
    QType.POPULATION: _valid_count,
    QType.MONEY: _valid_count,
    QType.MONTH_YEAR: _valid_month_year,
    QType.DATE: _valid_date,
    QType.EMAIL: _valid_email,
    QType.PHONE: _valid_phone,
    QType.SIRET: _valid_siret,
    QType.FINESS: _valid_finess,
    QType.YES_NO: _valid_yes_no,
    QType.CHOICE: _valid_choice,
    QType.MULTI_CHOICE: _valid_multi_choice,
    QType.GROUP: _valid_group_rows,
    QType.COMMUNES: _valid_communes,
}


def parse_answer(q: Owner, raw: str) -> Any:
    """The stored value for ``raw``; ``AnswerInvalid`` carries the French re-prompt.

    Text containing a social-security number is refused for every type (``guards``).
    """
    if not isinstance(raw, str) or not raw.strip():
        raise error("empty")
    if looks_like_nir(raw):  # never store a social-security number, whatever the question
        raise error("nir_refused")
    value = _PARSERS[q.type](q, raw)
    run_validators(q, value)
    return value


def valid_shape(q: Owner, value: Any) -> bool:
    """True when ``value`` has the stored shape of ``q``'s type (validators not run).

    Shared with the documents, which print a value only when it has this shape.
    """
    shape = _SHAPES.get(q.type)
    return shape is not None and shape(q, value)


_valid_shape = valid_shape


def is_valid_value(q: Owner, value: Any) -> bool:
    """True when ``value`` is a well-formed stored answer of ``q`` (type and validators)."""
    if not _valid_shape(q, value):
        return False
    try:
        run_validators(q, value)
    except AnswerInvalid:
        return False
    return True
