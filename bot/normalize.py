"""Text folding shared by every matcher (places, intents, choices).

Users type on phones: no accents, odd apostrophes, hyphens or not, « st » for « saint ».
Everything that compares user text to known names goes through ``fold`` first.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_APOSTROPHES = "'’`´ʼ‘"
_SEPARATORS = re.compile(r"[\s\-‐‑‒–—_/.,;:!?()\[\]{}\"«»" + _APOSTROPHES + r"]+")
_SAINT = re.compile(r"\b(st|ste)\b")


@lru_cache(maxsize=65536)
def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def fold(text: str) -> str:
    """Lower-case, accent-free, single-spaced; « St-Étienne » → « saint etienne »."""
    folded = strip_accents(text.casefold()).replace("œ", "oe").replace("æ", "ae")
    folded = _SEPARATORS.sub(" ", folded).strip()
    return _SAINT.sub(lambda m: "saint" if m.group(1) == "st" else "sainte", folded)


def tokens(text: str) -> list[str]:
    return fold(text).split()
