"""Numbers that are identifiers, not quantities: SIRET, SIREN, phone numbers, dates, times.

Read by the slots (blanked, so never taken for a population) and by the classifier (one word,
so that « notre siret 123 456 789 00012 » does not look like a question about 12 000
inhabitants).
"""

from __future__ import annotations

import re
from collections.abc import Callable

_IDENTIFIERS = re.compile(
    r"""
    (?<![\d.,])(?:
        \d{3}\s?\d{3}\s?\d{3}\s?\d{5}          # SIRET, spaced or not
      | \d{3}\s\d{3}\s\d{3}                    # SIREN, spaced (unspaced is a 9-digit number)
      | (?:\+33\s?|0)[1-9](?:[\s.-]?\d{2}){4}  # French phone number
      | \d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}        # date 12/03/2026
      | \d{4}-\d{2}-\d{2}                      # ISO date
      | \d{1,2}\s?h\s?\d{2}                    # time 18h30
    )(?![\d])
    """,
    re.VERBOSE,
)
_SIREN_ALONE = re.compile(r"(?<![\d\s])\b\d{9}\b(?!\s?\d)")


def replace(text: str, by: Callable[[str], str]) -> str:
    """``text`` with every identifier replaced by ``by(identifier)``."""
    replaced = _IDENTIFIERS.sub(lambda m: by(m.group()), text)
    return _SIREN_ALONE.sub(lambda m: by(m.group()), replaced)


def blank(text: str) -> str:
    """Every identifier blanked (same length, same positions: spans stay valid)."""
    return replace(text, lambda found: " " * len(found))
