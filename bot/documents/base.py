"""The styled base document every rendered .docx starts from.

Built in code from python-docx's default package rather than committed as a binary:
the look (fonts, headings, lists, table borders, A4 page, header and footer) is
reviewable in a diff. It is built once per process and kept as bytes, unzipped once;
each render builds a fresh package from those serialized parts (``new_document``), and
``save`` splices the body, written as XML text, into the serialized document part.

Style ids the Markdown writer relies on are exported as constants.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from docx import Document
from docx.document import Document as DocxDocument
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.package import Unmarshaller
from docx.opc.packuri import CONTENT_TYPES_URI, PACKAGE_URI, PackURI
from docx.opc.part import Part, PartFactory
from docx.opc.pkgreader import PackageReader
from docx.opc.pkgwriter import _ContentTypesItem
from docx.opc.rel import Relationships
from docx.oxml import parse_xml
from docx.package import Package
from docx.shared import Twips
from lxml import etree

HEADING_STYLES = ("Heading1", "Heading2", "Heading3", "Heading4")
BODY_STYLE = "Normal"
LIST_STYLE = "ListParagraph"
SUMMARY_STYLE = "Summary"
TABLE_STYLE = "TableGrid"
TABLE_TEXT_STYLE = "TableText"
HEADER_STYLE = "Header"
FOOTER_STYLE = "Footer"

BULLET_NUM_ID = 1  # shared by every bullet list (bullets never need restarting)
FIRST_FREE_NUM_ID = BULLET_NUM_ID + 1  # the base numbering defines no other <w:num>
ORDERED_ABSTRACT_ID = 2  # each ordered list gets its own <w:num> restarting at its start
MAX_LIST_LEVEL = 2  # levels defined below: 0, 1, 2
LIST_INDENT = 567  # 1 cm per list level, in twips

TABLE_HEADER_FILL = "DCE6F2"
MARGIN = 1134  # 2 cm, in twips
PAGE_WIDTH, PAGE_HEIGHT = 11906, 16838  # A4, in twips
TEXT_WIDTH = PAGE_WIDTH - 2 * MARGIN

FONT = "Arial"
TEXT_COLOR = "262626"
HEADING_COLOR = "1F3864"
MUTED_COLOR = "595959"

_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _heading(level: int, size: int, before: int, after: int, italic: bool = False) -> str:
    return (
        f'<w:style w:type="paragraph" w:styleId="Heading{level}">'
        f'<w:name w:val="heading {level}"/><w:basedOn w:val="Normal"/>'
        '<w:next w:val="Normal"/><w:uiPriority w:val="9"/><w:qFormat/>'
        f'<w:pPr><w:keepNext/><w:keepLines/><w:spacing w:before="{before}" w:after="{after}"/>'
        f'<w:outlineLvl w:val="{level - 1}"/></w:pPr>'
        f"<w:rPr><w:b/><w:bCs/>{'<w:i/><w:iCs/>' if italic else ''}"
        f'<w:color w:val="{HEADING_COLOR}"/><w:sz w:val="{size}"/><w:szCs w:val="{size}"/></w:rPr>'
        "</w:style>"
    )


def _band(style_id: str, name: str, border_side: str) -> str:
    """Header/footer paragraph style: small muted text, a rule, a right-aligned tab."""
    return (
        f'<w:style w:type="paragraph" w:styleId="{style_id}"><w:name w:val="{name}"/>'
        '<w:basedOn w:val="Normal"/><w:uiPriority w:val="99"/><w:unhideWhenUsed/>'
        f'<w:pPr><w:pBdr><w:{border_side} w:val="single" w:sz="4" w:space="4" '
        'w:color="BFBFBF"/></w:pBdr>'
        f'<w:tabs><w:tab w:val="right" w:pos="{TEXT_WIDTH}"/></w:tabs>'
        '<w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
        f'<w:rPr><w:color w:val="{MUTED_COLOR}"/><w:sz w:val="16"/><w:szCs w:val="16"/></w:rPr>'
        "</w:style>"
    )


_STYLES_XML = f"""<w:styles {_W}>
<w:docDefaults>
 <w:rPrDefault><w:rPr>
  <w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:eastAsia="{FONT}" w:cs="{FONT}"/>
  <w:color w:val="{TEXT_COLOR}"/><w:sz w:val="21"/><w:szCs w:val="21"/>
  <w:lang w:val="fr-FR" w:eastAsia="fr-FR" w:bidi="ar-SA"/>
 </w:rPr></w:rPrDefault>
 <w:pPrDefault><w:pPr><w:spacing w:after="120" w:line="264" w:lineRule="auto"/></w:pPr>
 </w:pPrDefault>
</w:docDefaults>
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/>
</w:style>
<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">
 <w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/>
 <w:unhideWhenUsed/></w:style>
<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/>
 <w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/>
 <w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar>
  <w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>
  <w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/>
 </w:tblCellMar></w:tblPr></w:style>
<w:style w:type="numbering" w:default="1" w:styleId="NoList"><w:name w:val="No List"/>
 <w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/></w:style>
{_heading(1, 32, 360, 120)}
{_heading(2, 26, 280, 100)}
{_heading(3, 23, 220, 80)}
{_heading(4, 21, 160, 60, italic=True)}
{_band(HEADER_STYLE, "header", "bottom")}
{_band(FOOTER_STYLE, "footer", "top")}
<w:style w:type="paragraph" w:styleId="{LIST_STYLE}"><w:name w:val="List Paragraph"/>
 <w:basedOn w:val="Normal"/><w:uiPriority w:val="34"/><w:qFormat/>
 <w:pPr><w:spacing w:after="60"/><w:ind w:left="{LIST_INDENT}"/></w:pPr></w:style>
<w:style w:type="paragraph" w:customStyle="1" w:styleId="{SUMMARY_STYLE}">
 <w:name w:val="Summary"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/>
 <w:pPr><w:pBdr><w:left w:val="single" w:sz="18" w:space="6" w:color="{HEADING_COLOR}"/>
 </w:pBdr><w:shd w:val="clear" w:color="auto" w:fill="F2F2F2"/>
 <w:spacing w:before="0" w:after="240"/></w:pPr>
 <w:rPr><w:i/><w:iCs/></w:rPr></w:style>
<w:style w:type="paragraph" w:customStyle="1" w:styleId="{TABLE_TEXT_STYLE}">
 <w:name w:val="Table Text"/><w:basedOn w:val="Normal"/><w:qFormat/>
 <w:pPr><w:spacing w:before="20" w:after="20" w:line="240" w:lineRule="auto"/></w:pPr>
 <w:rPr><w:sz w:val="19"/><w:szCs w:val="19"/></w:rPr></w:style>
<w:style w:type="table" w:styleId="{TABLE_STYLE}"><w:name w:val="Table Grid"/>
 <w:basedOn w:val="TableNormal"/><w:uiPriority w:val="59"/>
 <w:tblPr><w:tblBorders>
  <w:top w:val="single" w:sz="4" w:space="0" w:color="808080"/>
  <w:left w:val="single" w:sz="4" w:space="0" w:color="808080"/>
  <w:bottom w:val="single" w:sz="4" w:space="0" w:color="808080"/>
  <w:right w:val="single" w:sz="4" w:space="0" w:color="808080"/>
  <w:insideH w:val="single" w:sz="4" w:space="0" w:color="808080"/>
  <w:insideV w:val="single" w:sz="4" w:space="0" w:color="808080"/>
 </w:tblBorders><w:tblCellMar>
  <w:top w:w="28" w:type="dxa"/><w:left w:w="85" w:type="dxa"/>
  <w:bottom w:w="28" w:type="dxa"/><w:right w:w="85" w:type="dxa"/>
 </w:tblCellMar></w:tblPr></w:style>
</w:styles>"""


def _level(ilvl: int, fmt: str, text: str, steps: int) -> str:
    indent = LIST_INDENT * steps
    return (
        f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
        f'<w:pPr><w:ind w:left="{indent}" w:hanging="340"/></w:pPr>'
        f'<w:rPr><w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}"/></w:rPr></w:lvl>'
    )


_NUMBERING_XML = f"""<w:numbering {_W}>
<w:abstractNum w:abstractNumId="{BULLET_NUM_ID}"><w:multiLevelType w:val="hybridMultilevel"/>
{_level(0, "bullet", "•", 1)}{_level(1, "bullet", "–", 2)}{_level(2, "bullet", "·", 3)}
</w:abstractNum>
<w:abstractNum w:abstractNumId="{ORDERED_ABSTRACT_ID}">
<w:multiLevelType w:val="hybridMultilevel"/>
{_level(0, "decimal", "%1.", 1)}{_level(1, "lowerLetter", "%2)", 2)}
{_level(2, "lowerRoman", "%3.", 3)}
</w:abstractNum>
<w:num w:numId="{BULLET_NUM_ID}"><w:abstractNumId w:val="{BULLET_NUM_ID}"/></w:num>
</w:numbering>"""

_DROPPED_RELS = (
    RT.THUMBNAIL,
    RT.CUSTOM_XML,
    "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects",
)


def _replace_children(element: etree._Element, xml: str) -> None:
    """Swap an existing part's content while keeping python-docx's part object."""
    for child in list(element):
        element.remove(child)
    for child in parse_xml(xml.replace("\n", "")):
        element.append(child)


def build_base() -> bytes:
    """Build the base .docx (styles, numbering, A4 page, empty header/footer)."""
    doc = Document()
    for rels in (doc.part.package.rels, doc.part.rels):
        for r_id, rel in list(rels.items()):
            if rel.reltype in _DROPPED_RELS:
                rels.pop(r_id)

    _replace_children(doc.styles.element, _STYLES_XML)
    _replace_children(doc.part.numbering_part.element, _NUMBERING_XML)

    settings = doc.settings.element
    for tag in ("savePreviewPicture", "rsids", "proofState"):
        for el in settings.findall(f"{{{settings.nsmap['w']}}}{tag}"):
            settings.remove(el)

    section = doc.sections[0]
    section.page_width, section.page_height = Twips(PAGE_WIDTH), Twips(PAGE_HEIGHT)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Twips(MARGIN))
    section.header_distance = section.footer_distance = Twips(567)
    section.header.paragraphs[0].style = doc.styles["header"]
    section.footer.paragraphs[0].style = doc.styles["footer"]

    props = doc.core_properties
    props.author = props.last_modified_by = props.title = props.comments = ""
    props.keywords = props.subject = props.category = ""
    props.revision = 1
    props.language = "fr-FR"

    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


@cache
def base_bytes() -> bytes:
    return build_base()


_NUMBERING_URI = PackURI("/word/numbering.xml")
_BODY_END = b"<w:sectPr"  # the body's section properties, always its last child


def _splice(blob: bytes, before: bytes, xml: str) -> bytes:
    """``xml`` inserted into serialized XML before the last occurrence of ``before``."""
    if not xml:
        return blob
    at = blob.rindex(before)
    return blob[:at] + xml.encode() + blob[at:]


@dataclass(frozen=True)
class _SplicedReader:
    """What python-docx's unmarshaller reads: the base parts, some with new content."""

    base: PackageReader
    blobs: dict[PackURI, bytes]

    def iter_sparts(self) -> Iterator[tuple[PackURI, str, str, bytes]]:
        for partname, content_type, reltype, blob in self.base.iter_sparts():
            yield partname, content_type, reltype, self.blobs.get(partname, blob)

    def iter_srels(self) -> Iterator[tuple[PackURI, Any]]:
        return self.base.iter_srels()


@cache
def _base_reader() -> PackageReader:
    """The base package, unzipped once (its parts are immutable bytes)."""
    return PackageReader.from_file(io.BytesIO(base_bytes()))


def new_document(numbering: str = "") -> DocxDocument:
    """A fresh, independent copy of the base document, parsed from its cached parts.

    ``numbering``: ``<w:num>`` elements (``w:`` prefix, no namespace declaration) added to
    the numbering part's XML before it is parsed.
    """
    reader = _base_reader()
    blobs: dict[PackURI, bytes] = {}
    if numbering:
        base_numbering = next(b for name, _, _, b in reader.iter_sparts() if name == _NUMBERING_URI)
        blobs[_NUMBERING_URI] = _splice(base_numbering, b"</w:numbering>", numbering)
    package = Package()
    Unmarshaller.unmarshal(_SplicedReader(reader, blobs), package, PartFactory)
    return package.main_document_part.document


@dataclass(frozen=True)
class _Serialized:
    """A part as python-docx's package writer reads it, its content given as bytes."""

    part: Part
    blob: bytes

    @property
    def partname(self) -> PackURI:
        return self.part.partname

    @property
    def content_type(self) -> str:
        return self.part.content_type

    @property
    def rels(self) -> Relationships:
        return self.part.rels


def save(doc: DocxDocument, body: str = "") -> bytes:
    """The .docx bytes of ``doc``, with ``body`` appended to its body (after what is there).

    ``body``: WordprocessingML blocks (``w:`` prefix, no namespace declaration), exactly as
    lxml would serialize them; they go straight into the serialized document part, as
    parsing them into the document only to serialize them back costs more than writing
    them (python-docx's ``Document.save`` otherwise).
    """
    package = doc.part.package
    parts = package.parts
    for part in parts:
        part.before_marshal()
    main = doc.part
    blob = _splice(main.blob, _BODY_END, body)
    out = io.BytesIO()
    _write_package(out, package.rels, [_Serialized(p, blob) if p is main else p for p in parts])
    return out.getvalue()


# python-docx's PackageWriter.write, with the fastest deflate level: 40 % less time zipping
# for a file about 18 % larger (27 instead of 23 KiB for the health project).
ZIP_LEVEL = 1


def _write_package(out: io.BytesIO, rels: Relationships, parts: list[Any]) -> None:
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=ZIP_LEVEL) as z:
        z.writestr(CONTENT_TYPES_URI.membername, _ContentTypesItem.from_parts(parts).blob)
        z.writestr(PACKAGE_URI.rels_uri.membername, rels.xml)
        for part in parts:
            z.writestr(part.partname.membername, part.blob)
            if len(part.rels):
                z.writestr(part.partname.rels_uri.membername, part.rels.xml)
