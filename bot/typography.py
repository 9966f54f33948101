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
from collections.abc import Callable

NBSP = "\u00a0"
NNBSP = "\u202f"
_SPACES = f" {NBSP}{NNBSP}\t"

# What may follow a punctuation mark at the end of a phrase: a space, the end, or the
# Markdown that closes it (« **Commentaire :** », a table cell, a marker, a line break), or
# a closing quote (« 0;» » gains a space before « » » on the first pass: the second pass must
# already see the « ; » as ending a phrase, or it would add a space the first did not).
_END_MARKUP = "*_|\ue001\ue002»"
_COLON = re.compile("(:)")
_HIGH = re.compile("([;?!])")
_QUOTE_SPACES = f" \t{NBSP}{NNBSP}"
_APOSTROPHE = re.compile(r"'(?<=[^\W\d_]')(?=[^\W\d_])")
_UNIT = re.compile(r"(\d)[ \t]+(?=[€%])")
_THOUSANDS = re.compile(r"(\d)[ \t](?=\d{3}(?!\d))")


def french(text: str) -> str:
    """``text`` with French spacing and apostrophes (see the module docstring)."""
    if not text:
        return text
    if ":" in text:
        text = _space_before(text, _COLON, NBSP, _colon_ok)
    if ";" in text or "?" in text or "!" in text:
        text = _space_before(text, _HIGH, NNBSP, _high_ok)
    if "«" in text:  # « x » with exactly one no-break space inside
        first, *rest = text.split("«")
        text = f"«{NBSP}".join([first, *(r.lstrip(_QUOTE_SPACES) for r in rest)])
    if "»" in text:
        *rest, last = text.split("»")
        text = f"{NBSP}»".join([*(r.rstrip(_QUOTE_SPACES) for r in rest), last])
    if "'" in text:
        text = _APOSTROPHE.sub("’", text)
    text = _UNIT.sub(f"\\1{NBSP}", text)
    return _THOUSANDS.sub(f"\\1{NBSP}", text)


def _space_before(
    text: str, marks: re.Pattern[str], space: str, ok: Callable[[str, str, bool, str, bool], bool]
) -> str:
    """``space`` (and nothing else) between a word and each mark where ``ok`` says so.

    Split on the marks rather than scanned with a regex: Python's engine would try a
    pattern starting with a space or a lookbehind at every character of the document.
    """
    pieces = marks.split(text)
    out = [pieces[0]]
    last = len(pieces) - 2
    for k in range(1, len(pieces), 2):
        before, mark, after = out[-1], pieces[k], pieces[k + 1]
        word = before.rstrip(" \t")
        spaced = word != before
        at_end = after[:1].isspace() or after[:1] in _END_MARKUP and after != ""
        at_end = at_end or (after == "" and k == last)
        # the character before the spaces: the word's last, or the previous mark (« ! ! »)
        prev = word[-1] if word else pieces[k - 2] if k >= 3 else ""
        if prev and not prev.isspace() and ok(prev, word, spaced, after, at_end):
            out[-1] = word + space
        out.append(mark)
        out.append(after)
    return "".join(out)


def _colon_ok(prev: str, word: str, spaced: bool, after: str, at_end: bool) -> bool:
    """« mot : », « mot: suite », never « 14:30 » nor « https: »."""
    if spaced:
        return at_end
    return prev.isalpha() and after[:1] in (" ", "\t") and not word.endswith(("http", "https"))


def _high_ok(prev: str, word: str, spaced: bool, after: str, at_end: bool) -> bool:
    """« quoi ? », « quoi? » (a « ? » inside a URL is followed by text)."""
    return spaced or (prev.isalnum() and at_end)
