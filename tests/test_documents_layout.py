"""Layout worthy of a Word document: what the writer puts in the XML for tables, signature
blocks and the space around them (bot/documents/markdown_docx.py), read back from the .docx.
Rendering to PNG is done by scripts/render_pages.py for a human review; these tests pin the
properties Word and LibreOffice lay the page out from."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from bot.dialogs.loader import default_bundle
from bot.documents import base, catalog, service
from bot.documents.markup import KEEP, ROOM, escape
from bot.documents.render import render_docx
from bot.documents.widths import (
    CELL_PADDING,
    MAX_CHAR_TWIPS,
    column_widths,
    min_cell_twips,
    word_twips,
)
from tests.test_documents_data import full_dossier

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
NS = {"w": W[1:-1]}
DATE = dt.date(2026, 3, 12)


def body(data: bytes) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return etree.fromstring(archive.read("word/document.xml")).find(f"{W}body")


def layout_doc(value: str = "Dr Martin") -> etree._Element:
    data = render_docx(
        "_test/layout.md.j2",
        {"v": value},
        title="Test",
        cpts_name="CPTS du Test",
        summary=None,
        generated_on=DATE,
        french=True,
    )
    return body(data)


def text(p: etree._Element) -> str:
    return "".join(p.itertext())


def test_table_rows_never_split_and_the_header_repeats():
    for tbl in layout_doc().iter(f"{W}tbl"):
        rows = tbl.findall(f"{W}tr")
        assert all(r.find(f"{W}trPr/{W}cantSplit") is not None for r in rows)
        assert rows[0].find(f"{W}trPr/{W}tblHeader") is not None
        assert all(r.find(f"{W}trPr/{W}tblHeader") is None for r in rows[1:])


def test_columns_are_wide_enough_for_their_longest_word():
    tbl = next(layout_doc().iter(f"{W}tbl"))
    widths = [int(c.get(f"{W}w")) for c in tbl.iter(f"{W}gridCol")]
    # « Gouvernance » in bold (Arial: 6.4 em at 9.5 pt = 1 214 twips) and « 15 000 € »
    # (no-break spaces: one word, about 4 em)
    assert widths[0] >= 1214 + 216 and widths[1] >= 760 + 216
    assert sum(widths) <= base.TEXT_WIDTH


def test_a_paragraph_after_a_table_has_room_above():
    after = next(p for p in layout_doc().iter(f"{W}p") if text(p) == "Après le tableau.")
    assert int(after.find(f"{W}pPr/{W}spacing").get(f"{W}before")) >= 200


def test_signature_block_is_kept_together_with_room_to_sign():
    paragraphs = layout_doc().findall(f"{W}p")
    texts = [text(p) for p in paragraphs]
    start = next(i for i, t in enumerate(texts) if t.startswith("Fait à"))
    fait, label, room = paragraphs[start : start + 3]
    assert texts[start + 1].startswith("Signature")
    for p in (fait, label, room):
        assert p.find(f"{W}pPr/{W}keepNext") is not None
    assert text(room) == ""
    spacing = room.find(f"{W}pPr/{W}spacing")
    assert spacing.get(f"{W}lineRule") == "exact" and int(spacing.get(f"{W}line")) >= 1400
    assert KEEP not in "".join(texts) and ROOM not in "".join(texts)


def test_room_in_a_table_cell():
    tbl = list(layout_doc().iter(f"{W}tbl"))[1]
    cell = tbl.findall(f"{W}tr")[1].findall(f"{W}tc")[1]
    assert cell.find(f"{W}p/{W}pPr/{W}spacing").get(f"{W}lineRule") == "exact"


@pytest.mark.parametrize("forged", [KEEP + "Fait", ROOM, f"a{KEEP}b{ROOM}c"])
def test_layout_sentinels_cannot_be_typed(forged):
    assert KEEP not in escape(forged) and ROOM not in escape(forged)
    doc = layout_doc(forged)
    assert KEEP not in text(doc) and ROOM not in text(doc)


def test_properties_are_in_schema_order():
    """pStyle, keepNext, keepLines, pageBreakBefore, numPr, spacing, ind, jc: Word reports
    a damaged file when paragraph properties come in another order."""
    order = ["pStyle", "keepNext", "keepLines", "pageBreakBefore", "numPr", "spacing", "ind", "jc"]
    for ppr in layout_doc().iter(f"{W}pPr"):
        tags = [c.tag.removeprefix(W) for c in ppr if c.tag.removeprefix(W) in order]
        assert tags == sorted(tags, key=order.index)


# ------------------------------------------------------------------- column widths


@pytest.mark.parametrize(
    ("weights", "minimums", "total", "expected"),
    [
        ([1, 1], [100, 100], 1000, [500, 500]),
        ([10, 1], [100, 400], 1000, [600, 400]),  # the short column keeps its minimum
        ([1, 1], [800, 800], 1000, [500, 500]),  # minimums too wide: scaled together
    ],
)
def test_column_widths_table(weights, minimums, total, expected):
    assert column_widths(weights, minimums, total) == expected


@given(
    st.lists(st.tuples(st.integers(1, 40), st.integers(0, 3000)), min_size=1, max_size=8),
    st.integers(2000, 10000),
)
@settings(max_examples=200, deadline=None)
def test_column_widths_fit_and_respect_minimums(columns, total):
    weights = [w for w, _ in columns]
    minimums = [m for _, m in columns]
    widths = column_widths(weights, minimums, total)
    assert len(widths) == len(columns) and sum(widths) <= total
    if sum(minimums) < total:
        assert all(w >= m for w, m in zip(widths, minimums, strict=True))


@pytest.mark.parametrize(
    ("word", "bold", "arial_em"),
    [  # Arial's own advance widths, summed (1/1000 em), for a few header words and amounts
        ("Gouvernance", True, 6.391),
        ("Participation", True, 6.047),
        ("kinésithérapeute", False, 7.337),
        ("15\u202f000\u00a0€", False, 3.814),
    ],
)
def test_word_width_is_never_below_arial(word, bold, arial_em):
    estimate = word_twips(word, bold)
    assert arial_em * 190 <= estimate <= arial_em * 190 * 1.2


@pytest.mark.parametrize(
    ("cell", "widest"),
    [
        ("Masseur-kinésithérapeute", "kinésithérapeute"),  # Word breaks after a hyphen
        ("Monistrol-sur-Loire", "Monistrol-"),
        ("15\u202f000\u00a0€ de charges", "15\u202f000\u00a0€"),  # no-break spaces hold
        ("**Total des charges**", "charges"),
        ("\ue000À compléter : nom\ue001", "compléter"),
    ],
)
def test_min_cell_width_is_the_widest_unbreakable_piece(cell, widest):
    assert min_cell_twips(cell) == word_twips(widest) + CELL_PADDING


# ------------------------------------------------------------------- real documents

SIGNED = ["budget", "contractualisation", "projet_sante", "statuts"]


@pytest.mark.parametrize("doc_id", SIGNED)
@pytest.mark.parametrize("version", ["travail", "envoi"])
def test_documents_with_a_seed_signature_have_room_to_sign(doc_id, version):
    data = service.render_document(
        default_bundle(),
        full_dossier(default_bundle()),
        doc_id,
        cpts_name="CPTS Test",
        generated_on=DATE,
        version=version,
    )
    rooms = [
        s
        for s in body(data).iter(f"{W}spacing")
        if s.get(f"{W}lineRule") == "exact" and int(s.get(f"{W}line")) >= 1400
    ]
    assert rooms, doc_id


def test_no_document_has_a_table_wider_than_the_page():
    bundle = default_bundle()
    full = full_dossier(bundle)
    for spec in catalog.documents():
        data = service.render_document(
            bundle, full, spec.id, cpts_name="CPTS Test", generated_on=DATE, version="envoi"
        )
        for tbl in body(data).iter(f"{W}tbl"):
            widths = [int(c.get(f"{W}w")) for c in tbl.iter(f"{W}gridCol")]
            assert sum(widths) <= base.TEXT_WIDTH, spec.id


@pytest.mark.parametrize("doc_id", SIGNED)
def test_no_page_break_inside_or_before_a_signature_block(doc_id):
    """The block and the paragraph before it flow with the text: a forced page break there
    would leave the signatures alone on a page."""
    bundle = default_bundle()
    data = service.render_document(
        bundle,
        full_dossier(bundle),
        doc_id,
        cpts_name="CPTS Test",
        generated_on=DATE,
        version="envoi",
    )
    blocks = [c for c in body(data) if c.tag in (f"{W}p", f"{W}tbl")]
    kept = [
        i
        for i, b in enumerate(blocks)
        if b.tag == f"{W}p" and b.find(f"{W}pPr/{W}keepNext") is not None
    ]
    assert kept, doc_id
    first = kept[0]
    for b in blocks[first - 1 : kept[-1] + 1]:
        assert b.find(f".//{W}pageBreakBefore") is None, doc_id
        assert b.find(f".//{W}br[@{W}type='page']") is None, doc_id


@given(st.text(max_size=60), st.booleans())
@settings(max_examples=300, deadline=None)
def test_no_cell_is_wider_than_its_length_at_the_widest_glyph(text, bold):
    """The bound the writer uses to skip measuring short cells never underestimates."""
    assert min_cell_twips(text, bold) <= len(text) * MAX_CHAR_TWIPS + CELL_PADDING
