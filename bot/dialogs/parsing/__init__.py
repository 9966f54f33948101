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
    match_choice,
    parse_choice_answer,
    parse_multi_choice_answer,
    parse_yes_no,
    parse_yes_no_answer,
    valid_choice_answer,
    valid_multi_choice_answer,
    valid_yes_no_answer,
)
from bot.dialogs.parsing.communes import (
    AMBIGUOUS_SHOWN,
    MAX_COMMUNES,
    parse_communes_answer,
    valid_communes_answer,
)
from bot.dialogs.parsing.groups import parse_group, ui_text_line, valid_group
from bot.dialogs.parsing.identifiers import (
    EMAIL_MAX,
    parse_email_answer,
    parse_finess_answer,
    parse_phone_answer,
    parse_siret_answer,
    siret_ok,
    valid_email_answer,
    valid_finess_answer,
    valid_phone_answer,
    valid_siret_answer,
)
from bot.dialogs.parsing.numbers_dates import (
    YEAR_MAX,
    YEAR_MIN,
    parse_date_answer,
    parse_integer_answer,
    parse_money_answer,
    parse_month_year_answer,
    parse_population_answer,
    valid_count_answer,
    valid_date_answer,
    valid_month_year_answer,
)
from bot.dialogs.parsing.text import (
    ECHO_MAX,
    LONG_TEXT_MAX,
    TEXT_MAX,
    Owner,
    parse_long_text_answer,
    parse_text_answer,
    valid_long_text_answer,
    valid_text_answer,
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
    return parse_group(q, text, parse_answer)


def _valid_group_rows(q: Owner, value: Any) -> bool:
    return valid_group(q, value, is_valid_value)


_PARSERS: dict[QType, Callable[[Owner, str], Any]] = {
    QType.TEXT: parse_text_answer,
    QType.LONG_TEXT: parse_long_text_answer,
    QType.INTEGER: parse_integer_answer,
    QType.POPULATION: parse_population_answer,
    QType.MONEY: parse_money_answer,
    QType.MONTH_YEAR: parse_month_year_answer,
    QType.DATE: parse_date_answer,
    QType.EMAIL: parse_email_answer,
    QType.PHONE: parse_phone_answer,
    QType.SIRET: parse_siret_answer,
    QType.FINESS: parse_finess_answer,
    QType.YES_NO: parse_yes_no_answer,
    QType.CHOICE: parse_choice_answer,
    QType.MULTI_CHOICE: parse_multi_choice_answer,
    QType.GROUP: _parse_group_rows,
    QType.COMMUNES: parse_communes_answer,
}


_SHAPES: dict[QType, Callable[[Owner, Any], bool]] = {
    QType.TEXT: valid_text_answer,
    QType.LONG_TEXT: valid_long_text_answer,
    QType.INTEGER: valid_count_answer,
    QType.POPULATION: valid_count_answer,
    QType.MONEY: valid_count_answer,
    QType.MONTH_YEAR: valid_month_year_answer,
    QType.DATE: valid_date_answer,
    QType.EMAIL: valid_email_answer,
    QType.PHONE: valid_phone_answer,
    QType.SIRET: valid_siret_answer,
    QType.FINESS: valid_finess_answer,
    QType.YES_NO: valid_yes_no_answer,
    QType.CHOICE: valid_choice_answer,
    QType.MULTI_CHOICE: valid_multi_choice_answer,
    QType.GROUP: _valid_group_rows,
    QType.COMMUNES: valid_communes_answer,
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
