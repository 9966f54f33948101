r"""The private protocol between Jinja output and the Markdown writers, and the escaper.

Templates produce Markdown. Three private-use characters carry what Markdown cannot
express and user text must never forge:

- ``MARK_OPEN`` label ``MARK_CLOSE``: a « à compléter » marker (highlighted in Word);
- ``BREAK``: a line break inside the current paragraph or table cell (a newline in a
  user value must not end a paragraph, a list item or a table row);
- ``KEEP`` at the start of a paragraph: keep it on the same page as the next block (a
  signature block and the sentence before it are never split by a page end);
- ``ROOM`` alone in a paragraph or a table cell: blank room to sign by hand.

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
Parsing is most of a render's time, so two of markdown-it's rules are given shortcuts that
produce the very same tokens: plain and wholly bold inline content skip the inline rule
loop (``_inline``), table rows without a backslash skip the escaped-pipe scan (``_table``).
"""

from __future__ import annotations

import re
import types
from collections.abc import Callable
from functools import cache

from markdown_it import MarkdownIt
from markdown_it.common.utils import isWhiteSpace
from markdown_it.ruler import Ruler
from markdown_it.rules_block import table as gfm_table
from markdown_it.rules_core import StateCore, text_join
from markdown_it.token import Token

MARK_OPEN = "\ue000"
MARK_CLOSE = "\ue001"
BREAK = "\ue002"
KEEP = "\ue003"
ROOM = "\ue004"
SENTINELS = MARK_OPEN + MARK_CLOSE + BREAK + KEEP + ROOM

# XML 1.0 forbids C0 controls except tab/LF/CR, lone surrogates, U+FFFE/U+FFFF; C1
# controls are legal but meaningless in a document (U+0085 NEL is a newline, kept).
_XML_INVALID = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff"
_INVALID_RE = re.compile(f"[{_XML_INVALID}]")
_INVALID_OR_SENTINEL_RE = re.compile(f"[{_XML_INVALID}{SENTINELS}]")
_NEWLINE_RE = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
_INLINE_RE = re.compile(r"([\\`*_\[\]<&|~#])")
_LEADING_RE = re.compile(r"^(?:([+\-=>.)])|(\d{1,9})([.)]))")
# Any character the removals, backslashes or newline rewriting of ``escape`` act on.
_ESCAPED_ANYWHERE_RE = re.compile(
    f"[{_XML_INVALID}{SENTINELS}" + r"\\`*_\[\]<&|~#" + "\r\n\x85\u2028\u2029]"
)
# The inline rules of the subset and the only characters at which one of them can fire
# (newline, escape, emphasis, entity): inline content free of these parses to one text token.
_INLINE_RULES = ["text", "newline", "escape", "emphasis", "entity"]
_INLINE_SYNTAX_RE = re.compile(r"[\n\\*_&]")


class Safe(str):
    """Markdown produced by a template helper (marker, checkbox): passed through as is."""

    __slots__ = ()


def clean_xml(text: str) -> str:
    """Remove characters that cannot appear in an XML document."""
    return _INVALID_RE.sub("", text)


def has_invalid_xml(text: str) -> bool:
    """Whether ``clean_xml`` would remove anything from ``text``."""
    return _INVALID_RE.search(text) is not None


def _escape_leading(match: re.Match[str]) -> str:
    if match.group(1):
        return "\\" + match.group(1)
    return f"{match.group(2)}\\{match.group(3)}"


def escape(value: str) -> str:
    """User text → Markdown that renders exactly that text, on one logical line."""
    if _ESCAPED_ANYWHERE_RE.search(value) is None:  # most values: only the start to check
        return _LEADING_RE.sub(_escape_leading, value.strip(), count=1)
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


def _text(content: str, level: int = 0) -> Token:
    return Token("text", "", 0, level=level, content=content)


def _plain_inline(content: str) -> list[Token] | None:
    """The tokens markdown-it makes of plain or wholly bold text; None for anything else.

    Plain: no character an inline rule of the subset reacts to → one ``text`` token.
    Wholly bold, ``**X**`` with X plain and neither starting nor ending with whitespace
    (so the first run can open and the last close, CommonMark's flanking rules) → an
    empty text, strong_open, X, strong_close, an empty text: the delimiter runs'
    leftovers that markdown-it keeps.
    """
    if _INLINE_SYNTAX_RE.search(content) is None:
        return [_text(content)] if content else []
    if (
        len(content) > 4
        and content.startswith("**")
        and content.endswith("**")
        and _INLINE_SYNTAX_RE.search(content, 2, len(content) - 2) is None
        and not isWhiteSpace(ord(content[2]))
        and not isWhiteSpace(ord(content[-3]))
    ):
        return [
            _text(""),
            Token("strong_open", "strong", 1, markup="**"),
            _text(content[2:-2], level=1),
            Token("strong_close", "strong", -1, markup="**"),
            _text(""),
        ]
    return None


def _inline(state: StateCore) -> None:
    """markdown-it's core ``inline`` then ``text_join`` rules, with a shortcut for the
    most common content.

    Table cells and prose are mostly plain text, or one bold label: markdown-it would try
    every inline rule at each punctuation mark and run its delimiter balancing, for the
    tokens ``_plain_inline`` builds directly (which ``text_join`` would leave as they are).
    """
    md, env = state.md, state.env
    parse = md.inline.parse
    parsed: list[Token] = []
    for token in state.tokens:
        if token.type == "inline":
            if token.children is None:
                token.children = []
            plain = _plain_inline(token.content)
            if plain is None:
                parse(token.content, md, env, token.children)
                parsed.append(token)
            else:
                token.children.extend(plain)
    if parsed:
        text_join(StateCore("", md, env, parsed))


_escaped_split = gfm_table.__globals__["escapedSplit"]


def _split_cells(line: str) -> list[str]:
    """markdown-it's ``escapedSplit`` (cells of a table row), same result: its
    character-by-character loop only matters when a backslash may escape a pipe."""
    return line.split("|") if "\\" not in line else _escaped_split(line)


# markdown-it's own GFM table rule, reading ``_split_cells`` as its ``escapedSplit``
# (the loop costs more than the rest of a table's parse); the module is left untouched.
_table = types.FunctionType(
    gfm_table.__code__, {**gfm_table.__globals__, "escapedSplit": _split_cells}, "table"
)


def _replace_rule(ruler: Ruler, name: str, fn: Callable[..., bool]) -> None:
    """``ruler.at`` keeping the rule's ``alt`` (the blocks it may interrupt)."""
    alt = next(rule.alt for rule in ruler.__rules__ if rule.name == name)
    ruler.at(name, fn, {"alt": alt})


@cache
def parser() -> MarkdownIt:
    """The document Markdown subset (a whitelist: anything else renders as text)."""
    md = MarkdownIt("zero", {"html": False})
    md.enable(["heading", "paragraph", "list", "table", "hr"])
    md.enable(["emphasis", "escape", "newline", "entity", "text_join"])
    # The shortcut in ``_inline`` is only exact for this set of inline rules.
    if md.inline.ruler.get_active_rules() != _INLINE_RULES:
        raise RuntimeError("inline rules changed: update _INLINE_SYNTAX_RE")
    if md.core.ruler.get_active_rules() != ["normalize", "block", "inline", "text_join"]:
        raise RuntimeError("core rules changed: update _inline")
    md.core.ruler.at("inline", _inline)
    md.core.ruler.disable("text_join")  # done by ``_inline``
    _replace_rule(md.block.ruler, "table", _table)
    return md
