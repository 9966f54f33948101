"""French typography for generated text: the spaces and apostrophes a French reader expects.

One small pure function instead of a library: the maintained French typography packages
found on PyPI either target HTML (they emit ``&nbsp;`` entities or ``<span>``s) or need a
whole document model; generated Word text needs plain Unicode characters. The rules are
the Imprimerie nationale's usual ones, restricted to what cannot hurt data:

- a no-break space (U+00A0) before « : » and inside « », a narrow no-break space (U+202F)
  before « ; ? ! » (added when a word is glued to them, never inside URLs or times);
- a typographic apostrophe (’) between letters;
- a no-break space between a number and « € » or « % », and between groups of thousands,
  so that « 15 000 € » never splits across lines.

The function is idempotent (``french(french(x)) == french(x)``) and never changes letters
or digits; identifiers typed with spaces (a SIRET « 123 456 789 00012 ») only get no-break
spaces between their groups, which keeps them on one line.
"""

from __future__ import annotations

import re

NBSP = "\u00a0"
NNBSP = "\u202f"
_SPACES = f" {NBSP}{NNBSP}\t"

# What may follow a punctuation mark at the end of a phrase: a space, the end, or the
# Markdown that closes it (« **Commentaire :** », a table cell, a marker, a line break).
_END = r"(?=[\s*_|\ue001\ue002]|$)"
# Each pattern starts with what it acts on (a character, a space), not with a lookbehind:
# Python's engine then skips ahead to candidates instead of testing every position.
# « mot : », « mot: suite » → no-break space before the colon (not « 14:30 », not « https: »)
_COLON_SPACED = re.compile(r"(\S)[ \t]+:" + _END)
_COLON_GLUED = re.compile(r":(?<=[^\W\d_]:)(?<!https:)(?<!http:)(?=[ \t])")
# « quoi ? », « quoi? » → narrow no-break space (a « ? » inside a URL is followed by text)
_HIGH_SPACED = re.compile(r"(\S)[ \t]+([;?!])")
_HIGH_GLUED = re.compile(r"([;?!])(?<=[^\W_][;?!])" + _END)
_OPEN_QUOTE = re.compile(f"«[ \t{NBSP}{NNBSP}]*")
_CLOSE_QUOTE = re.compile(f"[ \t{NBSP}{NNBSP}]*»")
_APOSTROPHE = re.compile(r"'(?<=[^\W\d_]')(?=[^\W\d_])")
_UNIT = re.compile(r"(\d)[ \t]+(?=[€%])")
_THOUSANDS = re.compile(r"(\d)[ \t](?=\d{3}(?!\d))")


def french(text: str) -> str:
    """``text`` with French spacing and apostrophes (see the module docstring)."""
    if not text:
        return text
    if ":" in text:
        text = _COLON_SPACED.sub(f"\\1{NBSP}:", text)
        text = _COLON_GLUED.sub(f"{NBSP}:", text)
    if ";" in text or "?" in text or "!" in text:
        text = _HIGH_SPACED.sub(lambda m: m.group(1) + NNBSP + m.group(2), text)
        text = _HIGH_GLUED.sub(lambda m: NNBSP + m.group(1), text)
    if "«" in text or "»" in text:
        text = _OPEN_QUOTE.sub(f"«{NBSP}", text)
        text = _CLOSE_QUOTE.sub(f"{NBSP}»", text)
    if "'" in text:
        text = _APOSTROPHE.sub("’", text)
    text = _UNIT.sub(f"\\1{NBSP}", text)
    return _THOUSANDS.sub(f"\\1{NBSP}", text)
