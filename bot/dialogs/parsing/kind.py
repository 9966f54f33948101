"""What an answer kind brings: its parser and its shape check. Each parsing module lists
its kinds in a ``KINDS`` table beside their functions, so a new kind is written in one place
(with its strings in ``templates/ui/`` and its tests); ``parsing`` only merges the tables."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

from bot.dialogs.schema import Field_, Question

Owner = Question | Field_


class Kind(NamedTuple):
    parse: Callable[[Owner, str], Any]  # text → stored value, or ``AnswerInvalid``
    valid: Callable[[Owner, Any], bool]  # a stored value has this kind's shape
