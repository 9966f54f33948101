"""Markdown subset → WordprocessingML, appended to a python-docx document.

The body is written as one XML string and parsed once: building it run by run through
python-docx's object API costs several times more than the whole rest of a render.
Every piece of text goes through ``_xml_text`` (XML-escaped, invalid characters already
removed), so the string is always well-formed; lxml would refuse it otherwise.

Mapping: ``#``–``####`` → Heading 1–4 (deeper levels → Heading 4); paragraphs → Normal;
``**``/``*`` → bold/italic runs; bullet and ordered lists → numbered paragraphs (each
ordered list restarts at its own start number, nesting down to level 3); GFM tables →
bordered table, bold shaded header row repeated on each page, column alignment kept;
``---`` → page break before the next block. Sentinels (see ``markup``) become highlighted
markers and in-paragraph line breaks.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from docx.document import Document as DocxDocument
from docx.oxml import parse_xml
from markdown_it.token import Token

from bot.documents import base
from bot.documents.markup import BREAK, MARK_CLOSE, MARK_OPEN, clean_xml, parser

_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_SPLIT_RE = re.compile(f"([{MARK_OPEN}{MARK_CLOSE}{BREAK}\t])")
_ALIGN = {"text-align:right": "right", "text-align:center": "center"}
_HEADER_CELL = f'<w:shd w:val="clear" w:color="auto" w:fill="{base.TABLE_HEADER_FILL}"/>'

MarkerText = Callable[[str], str]


def _xml_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _run(text: str, bold: bool, italic: bool, highlight: bool = False) -> str:
    props = ("<w:b/><w:bCs/>" if bold else "") + ("<w:i/><w:iCs/>" if italic else "")
    if highlight:
        props += '<w:highlight w:val="yellow"/>'
    rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
    return f'<w:r>{rpr}<w:t xml:space="preserve">{_xml_text(text)}</w:t></w:r>'


def _runs(children: Sequence[Token], marker_text: MarkerText, bold: bool = False) -> str:
    """Inline tokens → runs; consecutive text with the same formatting shares a run."""
    out: list[str] = []
    pending: list[str] = []
    strong = 1 if bold else 0
    em = 0
    label: list[str] | None = None

    def flush() -> None:
        if pending:
            out.append(_run("".join(pending), strong > 0, em > 0))
            pending.clear()

    for tok in children:
        kind = tok.type
        if kind == "text":
            for piece in _SPLIT_RE.split(tok.content):
                if piece == MARK_OPEN:
                    flush()
                    label = []
                elif piece == MARK_CLOSE:
                    if label is not None:
                        text = marker_text("".join(label))
                        out.append(_run(text, bold=True, italic=em > 0, highlight=True))
                    label = None
                elif label is not None:
                    label.append(piece)
                elif piece == BREAK:
                    flush()
                    out.append("<w:r><w:br/></w:r>")
                elif piece == "\t":
                    flush()
                    out.append("<w:r><w:tab/></w:r>")
                elif piece:
                    pending.append(piece)
        elif kind == "softbreak":
            pending.append(" ")
        elif kind == "hardbreak":
            flush()
            out.append("<w:r><w:br/></w:r>")
        elif kind in ("strong_open", "strong_close"):
            flush()
            strong += 1 if kind == "strong_open" else -1
        elif kind in ("em_open", "em_close"):
            flush()
            em += 1 if kind == "em_open" else -1
        elif tok.content:
            pending.append(tok.content)
    if label is not None:  # an unterminated marker: keep its text rather than lose it
        pending.extend(label)
    flush()
    return "".join(out)


def _paragraph(
    runs: str,
    style: str | None = None,
    *,
    page_break: bool = False,
    num: tuple[int, int] | None = None,
    indent: int | None = None,
    align: str | None = None,
) -> str:
    ppr = f'<w:pStyle w:val="{style}"/>' if style else ""
    if page_break:
        ppr += "<w:pageBreakBefore/>"
    if num:
        ppr += f'<w:numPr><w:ilvl w:val="{num[0]}"/><w:numId w:val="{num[1]}"/></w:numPr>'
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
    rows: list[list[_Cell]] | None = None

    def take_page_break(self) -> bool:
        pending, self.page_break = self.page_break, False
        return pending

    def write(self, tokens: Sequence[Token]) -> None:
        style: str | None = None
        for tok in tokens:
            kind = tok.type
            if kind == "inline":
                if self.rows is not None:
                    header = len(self.rows) == 1
                    self.rows[-1][-1].runs = _runs(tok.children or [], self.marker_text, header)
                    self.rows[-1][-1].length = len(tok.content)
                else:
                    self._block(_runs(tok.children or [], self.marker_text), style)
            elif kind == "heading_open":
                level = min(int(tok.tag[1]), len(base.HEADING_STYLES))
                style = base.HEADING_STYLES[level - 1]
            elif kind == "paragraph_open":
                style = base.LIST_STYLE if self.lists else None
            elif kind == "bullet_list_open":
                self.lists.append(_List(base.BULLET_NUM_ID))
            elif kind == "ordered_list_open":
                start = int(tok.attrs.get("start", 1))
                level = min(len(self.lists), base.MAX_LIST_LEVEL)
                self.new_nums.append((self.next_num_id, start, level))
                self.lists.append(_List(self.next_num_id))
                self.next_num_id += 1
            elif kind in ("bullet_list_close", "ordered_list_close"):
                self.lists.pop()
            elif kind == "list_item_open":
                self.lists[-1].item_started = False
            elif kind == "hr":
                self.page_break = bool(self.out)
            elif kind == "table_open":
                self.rows = []
            elif kind == "tr_open":
                assert self.rows is not None
                self.rows.append([])
            elif kind in ("th_open", "td_open"):
                assert self.rows is not None
                self.rows[-1].append(_Cell("", _ALIGN.get(str(tok.attrs.get("style", ""))), 0))
            elif kind == "table_close":
                assert self.rows is not None
                self._table(self.rows)
                self.rows = None

    def _block(self, runs: str, style: str | None) -> None:
        page_break = self.take_page_break()
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
        self.out.append(_paragraph(runs, style, page_break=page_break))

    def _table(self, rows: list[list[_Cell]]) -> None:
        if self.take_page_break():
            self.out.append('<w:p><w:r><w:br w:type="page"/></w:r></w:p>')
        columns = max(len(row) for row in rows)
        weights = [
            min(max(max((row[c].length for row in rows if c < len(row)), default=0), 6), 40)
            for c in range(columns)
        ]
        widths = [base.TEXT_WIDTH * w // sum(weights) for w in weights]
        parts = [
            f'<w:tbl><w:tblPr><w:tblStyle w:val="{base.TABLE_STYLE}"/>'
            '<w:tblW w:w="5000" w:type="pct"/>'
            '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="0" '
            'w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>',
            *(f'<w:gridCol w:w="{w}"/>' for w in widths),
            "</w:tblGrid>",
        ]
        for r, row in enumerate(rows):
            parts.append("<w:tr><w:trPr><w:tblHeader/></w:trPr>" if r == 0 else "<w:tr>")
            for c in range(columns):
                cell = row[c] if c < len(row) else _Cell("", None, 0)
                shade = _HEADER_CELL if r == 0 else ""
                parts.append(
                    f'<w:tc><w:tcPr><w:tcW w:w="{widths[c]}" w:type="dxa"/>{shade}</w:tcPr>'
                    f"{_paragraph(cell.runs, base.TABLE_TEXT_STYLE, align=cell.align)}</w:tc>"
                )
            parts.append("</w:tr>")
        parts.append("</w:tbl>")
        self.out.append("".join(parts))


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


def write_markdown(doc: DocxDocument, markdown: str, marker_text: MarkerText) -> None:
    """Append the blocks of ``markdown`` to the body of ``doc`` (before its section)."""
    numbering = doc.part.numbering_part.element
    used = [int(n) for n in numbering.xpath("./w:num/@w:numId")]
    writer = _Writer(marker_text, next_num_id=max(used, default=0) + 1)
    writer.write(parser().parse(clean_xml(markdown)))
    if not writer.out:
        return

    body = doc.element.body
    fragment = parse_xml(f'<w:body xmlns:w="{_W_NS}">{"".join(writer.out)}</w:body>')
    sect_pr = body.sectPr
    for child in list(fragment):
        if sect_pr is not None:
            sect_pr.addprevious(child)
        else:
            body.append(child)

    if writer.new_nums:
        nums = "".join(_ordered_num(*spec) for spec in writer.new_nums)
        for num in parse_xml(f'<w:numbering xmlns:w="{_W_NS}">{nums}</w:numbering>'):
            numbering.append(num)
