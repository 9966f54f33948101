"""How wide a table column must be so that Word never breaks a word inside it.

Word breaks a line at spaces and after hyphens, never inside a word or at a no-break
space: « Gouvernance » or « 15 000 € » (no-break spaces, see ``bot.typography``) must fit
on one line of their cell. Widths are estimated from Arial's (= Liberation Sans's) glyph
widths in four classes, which is within a few percent for French text and needs no font
file; a margin covers the rest.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from bot.documents.markup import BREAK, KEEP, MARK_CLOSE, MARK_OPEN, ROOM

TABLE_FONT_TWIPS = 190  # 9.5 pt table text (base.TABLE_TEXT_STYLE), 20 twips a point
CELL_PADDING = 216 + 60  # Word's default cell margins (2 × 0.19 cm) and a safety margin

# Glyph widths in em, (regular, bold), Arial metrics rounded up within each class.
_NARROW = frozenset("iljtfrI'’.,;:!|()[]-/ ")
_WIDE = frozenset("mwMW@%")
_SPACES = frozenset("\u00a0\u202f")
_EM = {
    "narrow": (0.30, 0.34),
    "wide": (0.86, 0.92),
    "space": (0.25, 0.25),
    "upper": (0.70, 0.74),
    "digit": (0.56, 0.56),
    "other": (0.56, 0.61),
}
# No character is wider than this (bold « W »): a bound that spares measuring short cells.
MAX_CHAR_TWIPS = round(max(bold for _, bold in _EM.values()) * TABLE_FONT_TWIPS) + 1
# Line-break opportunities: spaces, tabs, line breaks, and just after a hyphen.
_WORDS_RE = re.compile(f"[^ \\t\\n{BREAK}-]*-?")
_SENTINELS_RE = re.compile(f"[{MARK_OPEN}{MARK_CLOSE}{KEEP}{ROOM}]|\\\\|\\*\\*")


def _kind(char: str) -> str:
    if char in _NARROW:
        return "narrow"
    if char in _WIDE:
        return "wide"
    if char in _SPACES:
        return "space"
    if char.isdigit():
        return "digit"
    if char.isupper():
        return "upper"
    return "other"


@lru_cache(maxsize=8192)  # table words repeat (headers, professions, communes, amounts)
def word_twips(word: str, bold: bool = False) -> int:
    """The printed width of one unbreakable word in table text, in twips."""
    return round(sum(_EM[_kind(c)][bold] for c in word) * TABLE_FONT_TWIPS)


def min_cell_twips(markdown: str, bold: bool = False) -> int:
    """The narrowest cell that prints ``markdown`` (a cell's inline Markdown) with no word
    broken: its widest unbreakable piece plus the cell margins."""
    text = _SENTINELS_RE.sub("", markdown)
    widest = max((word_twips(w, bold) for w in _WORDS_RE.findall(text) if w), default=0)
    return widest + CELL_PADDING


def column_widths(weights: Sequence[int], minimums: Sequence[int], total: int) -> list[int]:
    """Widths proportional to ``weights`` summing to ``total``, none below its minimum.

    Columns held at their minimum take their room from the others, in proportion; when the
    minimums alone exceed ``total`` they are scaled down together (the table still fits).
    """
    if sum(minimums) >= total:
        return [total * m // sum(minimums) for m in minimums]
    fixed: set[int] = set()
    while True:
        free = total - sum(minimums[i] for i in fixed)
        share = sum(w for i, w in enumerate(weights) if i not in fixed)
        widths = [minimums[i] if i in fixed else free * w // share for i, w in enumerate(weights)]
        short = {i for i, w in enumerate(widths) if i not in fixed and w < minimums[i]}
        if not short:
            return widths
        fixed |= short
