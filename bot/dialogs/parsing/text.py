"""Free text (``TEXT``, ``LONG_TEXT``) and the text hygiene every parser shares.

``Owner`` is what a parser receives: a question, or one field of a repeatable group.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from bot.dialogs.parsing.kind import Kind, Owner
from bot.dialogs.schema import QType
from bot.dialogs.validators import error

TEXT_MAX = 300
LONG_TEXT_MAX = 4000
ECHO_MAX = 60  # how much of the user's text an error message quotes back


def clean_text(raw: str) -> str:
    """Unify line ends and drop invisible control characters (whitespace is kept)."""
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    return "".join(c for c in text if c.isspace() or unicodedata.category(c) not in ("Cc", "Cs"))


def _has_control(value: str, keep_newlines: bool) -> bool:
    return any(
        unicodedata.category(c) in ("Cc", "Cs") and not (c == "\n" and keep_newlines) for c in value
    )


def parse_text_answer(q: Owner, text: str) -> str:
    value = " ".join(clean_text(text).split())
    if not value:
        raise error("empty")
    if len(value) > TEXT_MAX:
        raise error("text_too_long", length=len(value), limit=TEXT_MAX)
    return value


def parse_long_text_answer(q: Owner, text: str) -> str:
    lines = [" ".join(line.split()) for line in clean_text(text).split("\n")]
    value = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    if not value:
        raise error("empty")
    if len(value) > LONG_TEXT_MAX:
        raise error("text_too_long", length=len(value), limit=LONG_TEXT_MAX)
    return value


def echo(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= ECHO_MAX else text[: ECHO_MAX - 1] + "…"


def valid_text_answer(q: Owner, value: Any) -> bool:
    return (
        isinstance(value, str)
        and 0 < len(value) <= TEXT_MAX
        and value == " ".join(value.split())
        and not _has_control(value, keep_newlines=False)
    )


def valid_long_text_answer(q: Owner, value: Any) -> bool:
    return (
        isinstance(value, str)
        and 0 < len(value) <= LONG_TEXT_MAX
        and value == value.strip()
        and not _has_control(value, keep_newlines=True)
    )


KINDS: dict[QType, Kind] = {
    QType.TEXT: Kind(parse_text_answer, valid_text_answer),
    QType.LONG_TEXT: Kind(parse_long_text_answer, valid_long_text_answer),
}
