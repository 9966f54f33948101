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
Each module lists its kinds in a ``KINDS`` table (``kind.Kind``: parser, shape check); this
module merges the tables and holds the two entry points.
"""

from __future__ import annotations

from typing import Any

from bot.dialogs.guards import looks_like_nir
from bot.dialogs.parsing import choices, communes, identifiers, numbers_dates, text
from bot.dialogs.parsing.choices import (
    FUZZY_MARGIN,
    FUZZY_MIN,
    PARTIAL_MIN,
    match_choice,
    parse_yes_no,
)
from bot.dialogs.parsing.communes import (
    AMBIGUOUS_SHOWN,
    MAX_COMMUNES,
)
from bot.dialogs.parsing.groups import parse_group, ui_text_line, valid_group
from bot.dialogs.parsing.identifiers import (
    EMAIL_MAX,
    siret_ok,
)
from bot.dialogs.parsing.kind import Kind
from bot.dialogs.parsing.numbers_dates import (
    YEAR_MAX,
    YEAR_MIN,
)
from bot.dialogs.parsing.text import (
    ECHO_MAX,
    LONG_TEXT_MAX,
    TEXT_MAX,
    Owner,
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
    "KINDS",
    "AnswerInvalid",
    "Kind",
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


# Every kind's parser and shape check, from the table beside them in each module.
KINDS: dict[QType, Kind] = {
    **text.KINDS,
    **numbers_dates.KINDS,
    **identifiers.KINDS,
    **choices.KINDS,
    **communes.KINDS,
    QType.GROUP: Kind(_parse_group_rows, _valid_group_rows),
}


def parse_answer(q: Owner, raw: str) -> Any:
    """The stored value for ``raw``; ``AnswerInvalid`` carries the French re-prompt.

    Text containing a social-security number is refused for every type (``guards``).
    """
    if not isinstance(raw, str) or not raw.strip():
        raise error("empty")
    if looks_like_nir(raw):  # never store a social-security number, whatever the question
        raise error("nir_refused")
    value = KINDS[q.type].parse(q, raw)
    run_validators(q, value)
    return value


def valid_shape(q: Owner, value: Any) -> bool:
    """True when ``value`` has the stored shape of ``q``'s type (validators not run).

    Shared with the documents, which print a value only when it has this shape.
    """
    kind = KINDS.get(q.type)
    return kind is not None and kind.valid(q, value)


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
