"""Markdown subset → WordprocessingML text for the body of a .docx (``base.save``).

The body is written as one XML string and spliced into the serialized document when it
is saved (``base.save``): building it run by run through python-docx's object API costs
several times more than the whole rest of a render, and even parsing the string into the
document and serializing it back costs as much as the whole Markdown parse. So the string
is brought to exactly what lxml would write back (empty elements self-closed), and is
well-formed by construction: every piece of text goes through ``_xml_text`` (XML-escaped,
invalid characters already removed); the one way an invalid character can still get in
sends the body through lxml as before (``_as_lxml_writes``).

Mapping: ``#``–``####`` → Heading 1–4 (deeper levels → Heading 4); paragraphs → Normal;
``**``/``*`` → bold/italic runs; bullet and ordered lists → numbered paragraphs (each
ordered list restarts at its own start number, nesting down to level 3); GFM tables →
bordered table, bold shaded header row repeated on each page, column alignment kept;
``---`` → page break before the next block. Sentinels (see ``markup``) become highlighted
markers and in-paragraph line breaks.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

from docx.oxml import parse_xml
from lxml import etree
from markdown_it.token import Token

from bot.documents import base
from bot.documents.markup import (
    BREAK,
    KEEP,
    MARK_CLOSE,
    MARK_OPEN,
    ROOM,
    clean_xml,
    has_invalid_xml,
    parser,
)
from bot.documents.widths import CELL_PADDING, MAX_CHAR_TWIPS, column_widths, min_cell_twips

_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

_SPLIT_RE = re.compile(f"([{MARK_OPEN}{MARK_CLOSE}{BREAK}\t])")
_ALIGN = {"text-align:right": "right", "text-align:center": "center"}
_CELL_P_OPEN = f'<w:p><w:pPr><w:pStyle w:val="{base.TABLE_TEXT_STYLE}"/>'
_JC = {align: f'<w:jc w:val="{align}"/>' for align in _ALIGN.values()}
_HEADER_CELL = f'<w:shd w:val="clear" w:color="auto" w:fill="{base.TABLE_HEADER_FILL}"/>'
_HEADER_ROW = "<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>"
_BODY_ROW = "<w:tr><w:trPr><w:cantSplit/></w:trPr>"

MarkerText = Callable[[str], str]


def _xml_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _run_open(bold: bool, italic: bool) -> str:
    props = ("<w:b/><w:bCs/>" if bold else "") + ("<w:i/><w:iCs/>" if italic else "")
    rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
    return f'<w:r>{rpr}<w:t xml:space="preserve">'


_RUN_OPEN = {(b, i): _run_open(b, i) for b in (False, True) for i in (False, True)}
_RUN_CLOSE = "</w:t></w:r>"
_BREAK_RUN = "<w:r><w:br/></w:r>"
_TAB_RUN = "<w:r><w:tab/></w:r>"
_FORMAT_TOKENS = frozenset(("strong_open", "strong_close", "em_open", "em_close"))


def _run(text: str, bold: bool, italic: bool) -> str:
    return _RUN_OPEN[bold, italic] + _xml_text(text) + _RUN_CLOSE


# The one run property only markers have: counting it counts the markers a reader sees.
MARKER_HIGHLIGHT = '<w:highlight w:val="yellow"/>'


def _marker_run(text: str, italic: bool) -> str:
    props = "<w:b/><w:bCs/>" + ("<w:i/><w:iCs/>" if italic else "")
    return (
        f"<w:r><w:rPr>{props}{MARKER_HIGHLIGHT}</w:rPr>"
        f'<w:t xml:space="preserve">{_xml_text(text)}</w:t></w:r>'
    )


def _runs(children: Sequence[Token], marker_text: MarkerText, bold: bool = False) -> str:
    """Inline tokens → runs; consecutive text with the same formatting shares a run."""
    if len(children) == 1:  # plain text, by far the most common content
        tok = children[0]
        if tok.type == "text" and _SPLIT_RE.search(tok.content) is None:
            return _run(tok.content, bold, False) if tok.content else ""
    out: list[str] = []
    pending: list[str] = []
    strong = 1 if bold else 0
    em = 0
    label: list[str] | None = None
    for tok in children:
        kind = tok.type
        if kind == "text":
            for piece in _SPLIT_RE.split(tok.content):
                if piece == MARK_OPEN:
                    if pending:
                        out.append(_run("".join(pending), strong > 0, em > 0))
                        pending.clear()
                    label = []
                elif piece == MARK_CLOSE:
                    if label is not None:
                        out.append(_marker_run(marker_text("".join(label)), em > 0))
                    label = None
                elif label is not None:
                    label.append(piece)
                elif piece == BREAK or piece == "\t":
                    if pending:
                        out.append(_run("".join(pending), strong > 0, em > 0))
                        pending.clear()
                    out.append(_BREAK_RUN if piece == BREAK else _TAB_RUN)
                elif piece:
                    pending.append(piece)
            continue
        if kind == "softbreak":
            pending.append(" ")
            continue
        if kind in _FORMAT_TOKENS or kind == "hardbreak":
            if pending:
                out.append(_run("".join(pending), strong > 0, em > 0))
                pending.clear()
            if kind == "hardbreak":
                out.append(_BREAK_RUN)
            elif kind == "strong_open":
                strong += 1
            elif kind == "strong_close":
                strong -= 1
            elif kind == "em_open":
                em += 1
            else:
                em -= 1
        elif tok.content:
            pending.append(tok.content)
    if label is not None:  # an unterminated marker: keep its text rather than lose it
        pending.extend(label)
    if pending:
        out.append(_run("".join(pending), strong > 0, em > 0))
    return "".join(out)


def _paragraph(
    runs: str,
    style: str | None = None,
    *,
    page_break: bool = False,
    num: tuple[int, int] | None = None,
    indent: int | None = None,
    align: str | None = None,
    keep: bool = False,
    spacing: str = "",
) -> str:
    """One ``<w:p>``; its properties in the order the OOXML schema requires."""
    ppr = f'<w:pStyle w:val="{style}"/>' if style else ""
    if keep:
        ppr += "<w:keepNext/><w:keepLines/>"
    if page_break:
        ppr += "<w:pageBreakBefore/>"
    if num:
        ppr += f'<w:numPr><w:ilvl w:val="{num[0]}"/><w:numId w:val="{num[1]}"/></w:numPr>'
    ppr += spacing
    if indent is not None:
        ppr += f'<w:ind w:left="{indent}"/>'
    if align:
        ppr += f'<w:jc w:val="{align}"/>'
    return f"<w:p><w:pPr>{ppr}</w:pPr>{runs}</w:p>" if ppr else f"<w:p>{runs}</w:p>"


@dataclass
class _Cell:
    runs: str
    align: str | None
    length: int
    content: str = ""  # the cell's Markdown, for its minimum width
    bold: bool = False  # header row
    room: bool = False  # blank room to sign


# Table layout, in twips: the room to sign is 2.5 cm high; a paragraph after a table gets
# 10 pt above it (it never touches the border).
_ROOM = '<w:spacing w:before="0" w:after="0" w:line="1420" w:lineRule="exact"/>'
_AFTER_TABLE = '<w:spacing w:before="200"/>'


def _min_width(cells: list[_Cell]) -> int:
    """The column's minimum width: its widest unbreakable piece (« Gouvernance »).

    A cell whose every character at the widest glyph could not beat the width found so far
    is not measured (most body cells are shorter than their column's header or longest cell).
    """
    best = 0
    for cell in cells:
        if cell.length * MAX_CHAR_TWIPS + CELL_PADDING > best:
            best = max(best, min_cell_twips(cell.content, cell.bold))
    return best


def _layout(tok: Token) -> tuple[bool, bool]:
    """(keep with next, room to sign) asked by the block's layout sentinels, which are
    taken out of its text."""
    content = tok.content
    if KEEP not in content and ROOM not in content:
        return False, False
    for child in tok.children or []:
        if child.type == "text":
            child.content = child.content.replace(KEEP, "").replace(ROOM, "")
    return content.startswith(KEEP), content.strip() == ROOM


@dataclass
class _List:
    num_id: int
    item_started: bool = False


@dataclass
class _Writer:
    marker_text: MarkerText
    next_num_id: int
    new_nums: list[tuple[int, int, int]] = field(default_factory=list)  # numId, start, level
    out: list[str] = field(default_factory=list)
    lists: list[_List] = field(default_factory=list)
    page_break: bool = False
    after_table: bool = False  # the next paragraph gets room above (it never touches a border)

    def take_page_break(self) -> bool:
        pending, self.page_break = self.page_break, False
        return pending

    def write(self, tokens: Sequence[Token]) -> None:
        style: str | None = None
        marker_text = self.marker_text
        stream = iter(tokens)  # shared with ``_rows``, which reads each table to its end
        for tok in stream:
            kind = tok.type
            if kind == "inline":
                keep, room = _layout(tok)
                self._block(_runs(tok.children or [], marker_text), style, keep=keep, room=room)
            elif kind == "paragraph_open":
                style = base.LIST_STYLE if self.lists else None
            elif kind == "table_open":
                self._table(self._rows(stream))
            elif kind == "list_item_open":
                self.lists[-1].item_started = False
            elif kind == "heading_open":
                level = min(int(tok.tag[1]), len(base.HEADING_STYLES))
                style = base.HEADING_STYLES[level - 1]
            elif kind == "bullet_list_open":
                self.lists.append(_List(base.BULLET_NUM_ID))
            elif kind == "ordered_list_open":
                start = int(tok.attrs.get("start", 1))
                level = min(len(self.lists), base.MAX_LIST_LEVEL)
                self.new_nums.append((self.next_num_id, start, level))
                self.lists.append(_List(self.next_num_id))
                self.next_num_id += 1
            elif kind == "bullet_list_close" or kind == "ordered_list_close":
                self.lists.pop()
            elif kind == "hr":
                self.page_break = bool(self.out)

    def _rows(self, stream: Iterator[Token]) -> list[list[_Cell]]:
        """The cells of the table whose ``table_open`` was just read, up to ``table_close``."""
        marker_text = self.marker_text
        rows: list[list[_Cell]] = []
        cells: list[_Cell] = []
        for tok in stream:
            kind = tok.type
            if kind == "inline":
                cell = cells[-1]
                cell.content, cell.bold = tok.content, not rows[1:]
                _, cell.room = _layout(tok)
                cell.runs = _runs(tok.children or [], marker_text, len(rows) == 1)
                cell.length = len(tok.content)
            elif kind == "td_open" or kind == "th_open":
                cells.append(_Cell("", _ALIGN.get(str(tok.attrs.get("style", ""))), 0))
            elif kind == "tr_open":
                cells = []
                rows.append(cells)
            elif kind == "table_close":
                break
        return rows

    def _block(
        self, runs: str, style: str | None, *, keep: bool = False, room: bool = False
    ) -> None:
        page_break = self.take_page_break()
        spacing = _ROOM if room else ""
        if self.after_table and not spacing and style not in base.HEADING_STYLES:
            spacing = _AFTER_TABLE
        self.after_table = False
        if style == base.LIST_STYLE and self.lists:
            depth = min(len(self.lists) - 1, base.MAX_LIST_LEVEL)
            current = self.lists[-1]
            if current.item_started:  # a second paragraph in the same item: indent only
                self.out.append(
                    _paragraph(
                        runs, style, page_break=page_break, indent=base.LIST_INDENT * (depth + 1)
                    )
                )
                return
            current.item_started = True
            self.out.append(
                _paragraph(runs, style, page_break=page_break, num=(depth, current.num_id))
            )
            return
        self.out.append(
            _paragraph(runs, style, page_break=page_break, keep=keep or room, spacing=spacing)
        )

    def _table(self, rows: list[list[_Cell]]) -> None:
        if self.take_page_break():
            self.out.append('<w:p><w:r><w:br w:type="page"/></w:r></w:p>')
        columns = max(len(row) for row in rows)
        weights = [
            min(max(max((row[c].length for row in rows if c < len(row)), default=0), 6), 40)
            for c in range(columns)
        ]
        minimums = [_min_width([row[c] for row in rows if c < len(row)]) for c in range(columns)]
        widths = column_widths(weights, minimums, base.TEXT_WIDTH)
        parts = [
            f'<w:tbl><w:tblPr><w:tblStyle w:val="{base.TABLE_STYLE}"/>'
            '<w:tblW w:w="5000" w:type="pct"/>'
            '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="0" '
            'w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>',
            *(f'<w:gridCol w:w="{w}"/>' for w in widths),
            "</w:tblGrid>",
        ]
        # Each cell: <w:tc>, its properties (header row shaded) and one TableText paragraph.
        body_cells = [f'<w:tc><w:tcPr><w:tcW w:w="{w}" w:type="dxa"/></w:tcPr>' for w in widths]
        header_cells = [
            f'<w:tc><w:tcPr><w:tcW w:w="{w}" w:type="dxa"/>{_HEADER_CELL}</w:tcPr>' for w in widths
        ]
        for r, row in enumerate(rows):
            # rows never split across pages; the header row repeats on each page
            parts.append(_HEADER_ROW if r == 0 else _BODY_ROW)
            opens = header_cells if r == 0 else body_cells
            for c in range(columns):
                if c < len(row):
                    cell = row[c]
                    jc = _JC[cell.align] if cell.align else ""
                    room = _ROOM if cell.room else ""
                    parts.append(
                        f"{opens[c]}{_CELL_P_OPEN}{room}{jc}</w:pPr>{cell.runs}</w:p></w:tc>"
                    )
                else:
                    parts.append(f"{opens[c]}{_CELL_P_OPEN}</w:pPr></w:p></w:tc>")
            parts.append("</w:tr>")
        parts.append("</w:tbl>")
        self.out.append("".join(parts))
        self.after_table = True


def _ordered_num(num_id: int, start: int, level: int) -> str:
    """A list instance of the ordered abstract list, numbering ``level`` from ``start``."""
    overrides = "".join(
        f'<w:lvlOverride w:ilvl="{lvl}"><w:startOverride w:val="{start if lvl == level else 1}"/>'
        "</w:lvlOverride>"
        for lvl in range(base.MAX_LIST_LEVEL + 1)
    )
    return (
        f'<w:num w:numId="{num_id}"><w:abstractNumId w:val="{base.ORDERED_ABSTRACT_ID}"/>'
        f"{overrides}</w:num>"
    )


@dataclass(frozen=True)
class Body:
    """Markdown as WordprocessingML, for ``base.new_document`` and ``base.save``."""

    blocks: str  # body elements, ``w:`` prefix, no namespace declaration, as lxml writes them
    numbering: str  # one ``<w:num>`` per ordered list, numbered from ``first_num_id``

    @property
    def markers(self) -> int:
        """How many « à compléter » markers the body shows (the completeness count)."""
        return self.blocks.count(MARKER_HIGHLIGHT)


# The only elements the writer can leave empty (a paragraph or a run without text), as
# the writer and as lxml write them.
_EMPTY_ELEMENTS = (
    ("<w:p></w:p>", "<w:p/>"),
    ('<w:t xml:space="preserve"></w:t>', '<w:t xml:space="preserve"/>'),
)


def _as_lxml_writes(blocks: str) -> str:
    """``blocks`` as parsing and serializing them gives, without that costly round trip:
    empty elements self-closed. Unless a character lxml refuses or rewrites got in
    (XML-invalid ones can only come from a template's character reference such as
    ``&#12;``; CR becomes LF): then the blocks take the round trip, which raises
    ``XMLSyntaxError`` for an invalid character."""
    if "\r" in blocks or has_invalid_xml(blocks):
        fragment = parse_xml(f'<w:body xmlns:w="{_W_NS}">{blocks}</w:body>')
        xml = etree.tostring(fragment, encoding="unicode")
        return xml[xml.index(">") + 1 : -len("</w:body>")]
    for written, serialized in _EMPTY_ELEMENTS:
        blocks = blocks.replace(written, serialized)
    return blocks


def markdown_body(
    markdown: str, marker_text: MarkerText, first_num_id: int = base.FIRST_FREE_NUM_ID
) -> Body:
    """The blocks of ``markdown`` and the list instances they refer to, as XML text."""
    writer = _Writer(marker_text, next_num_id=first_num_id)
    writer.write(parser().parse(clean_xml(markdown)))
    if not writer.out:  # nothing to number either (e.g. a lone empty list item)
        return Body("", "")
    return Body(
        _as_lxml_writes("".join(writer.out)),
        "".join(_ordered_num(*spec) for spec in writer.new_nums),
    )
