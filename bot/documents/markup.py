r"""The private protocol between Jinja output and the Markdown writers, and the escaper.

Templates produce Markdown. Three private-use characters carry what Markdown cannot
express and user text must never forge:

- ``MARK_OPEN`` label ``MARK_CLOSE``: a « à compléter » marker (highlighted in Word);
- ``BREAK``: a line break inside the current paragraph or table cell (a newline in a
  user value must not end a paragraph, a list item or a table row).

``escape`` turns any user value into inert Markdown text: the sentinels and characters
that XML 1.0 forbids are removed, newlines become ``BREAK`` (so a value never starts a
Markdown line of its own), and a backslash goes before every character that means
something in Markdown: anywhere for inline syntax, table cells and heading ends
(``\ ` * _ [ ] < & | ~ #``), at the start of the value for block syntax
(``- + = > . )`` and ``1.``/``1)``). Escaping all punctuation would be as safe but
turns every apostrophe, comma and full stop of French prose into a parser token.

``parser`` is the Markdown subset itself, as a whitelist of markdown-it rules: headings,
paragraphs, bold/italic, lists, GFM tables, horizontal rules (page breaks), escapes and
entities. Raw HTML, code, links, images and block quotes are not rules, so they stay text.
"""

from __future__ import annotations

import re
from functools import cache

from markdown_it import MarkdownIt

MARK_OPEN = "\ue000"
MARK_CLOSE = "\ue001"
BREAK = "\ue002"
SENTINELS = MARK_OPEN + MARK_CLOSE + BREAK

# XML 1.0 forbids C0 controls except tab/LF/CR, lone surrogates, U+FFFE/U+FFFF; C1
# controls are legal but meaningless in a document (U+0085 NEL is a newline, kept).
_XML_INVALID = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff"
_INVALID_RE = re.compile(f"[{_XML_INVALID}]")
_INVALID_OR_SENTINEL_RE = re.compile(f"[{_XML_INVALID}{SENTINELS}]")
_NEWLINE_RE = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
_INLINE_RE = re.compile(r"([\\`*_\[\]<&|~#])")
_LEADING_RE = re.compile(r"^(?:([+\-=>.)])|(\d{1,9})([.)]))")


class Safe(str):
    """Markdown produced by a template helper (marker, checkbox): passed through as is."""

    __slots__ = ()


def clean_xml(text: str) -> str:
    """Remove characters that cannot appear in an XML document."""
    return _INVALID_RE.sub("", text)


def _escape_leading(match: re.Match[str]) -> str:
    if match.group(1):
        return "\\" + match.group(1)
    return f"{match.group(2)}\\{match.group(3)}"


def escape(value: str) -> str:
    """User text → Markdown that renders exactly that text, on one logical line."""
    text = _INVALID_OR_SENTINEL_RE.sub("", value).strip()
    text = _INLINE_RE.sub(r"\\\1", text)
    text = _LEADING_RE.sub(_escape_leading, text, count=1)
    return _NEWLINE_RE.sub(BREAK, text)


def finalize(value: object) -> str:
    """Jinja ``finalize``: every ``{{ expression }}`` is data unless a helper made it."""
    if isinstance(value, Safe):
        return value
    if value is None:
        return ""
    return escape(str(value))


def marker(label: object) -> Safe:
    """Markdown for a « à compléter » marker; the label is escaped like any value."""
    return Safe(f"{MARK_OPEN}{escape(str(label)).replace(BREAK, ' ')}{MARK_CLOSE}")


@cache
def parser() -> MarkdownIt:
    """The document Markdown subset (a whitelist: anything else renders as text)."""
    md = MarkdownIt("zero", {"html": False})
    md.enable(["heading", "paragraph", "list", "table", "hr"])
    md.enable(["emphasis", "escape", "newline", "entity", "text_join"])
    return md
