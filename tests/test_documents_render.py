"""Document renderer: Markdown subset → .docx, escaping of user values, preview, PDF."""

from __future__ import annotations

import datetime as dt
import importlib.util
import io
import re
import stat
import sys
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.enum.text import WD_COLOR_INDEX
from docx.text.paragraph import Paragraph
from hypothesis import given, settings
from hypothesis import strategies as st
from jinja2 import UndefinedError

from bot.documents import base, pdf
from bot.documents.markup import escape
from bot.documents.preview import SectionNotFound, markdown_to_text
from bot.documents.render import (
    environment,
    marker_text,
    render_docx,
    render_markdown,
    render_preview,
    template_variables,
)
from bot.paths import ROOT

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
DATE = dt.date(2026, 3, 12)
MARKER_PREFIX = "[À compléter\u00a0: "

BLOCKS_CONTEXT: dict[str, Any] = {
    "title": "Lettre d'intention",
    "association": "CPTS du Test",
    "amount": 60000,
    "signed": True,
    "members": [
        {"name": "Membre A", "profession": "médecin", "sites": ["Site 1", "Site 2"]},
        {"name": "Membre B", "profession": "infirmier", "sites": []},
    ],
    "step": "validation",
    "budget": [
        {"label": "Coordination", "description": "Temps de coordination", "amount": 10000},
        {"label": "Outils", "description": "Messagerie", "amount": 2500},
    ],
    "free_text": "Texte libre.",
}


def make_docx(template: str, context: dict[str, Any], summary: str | None = None) -> bytes:
    return render_docx(
        template,
        context,
        title="Projet de santé",
        cpts_name="CPTS du Test",
        summary=None if summary is None else lambda _markers: summary,
        generated_on=DATE,
    )


def open_docx(data: bytes) -> docx.document.Document:
    return docx.Document(io.BytesIO(data))


def document_xml(data: bytes) -> ET.Element:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return ET.fromstring(archive.read("word/document.xml"))


def style_id(p: Paragraph) -> str | None:
    return p._p.style


def num_pr(p: Paragraph) -> tuple[int, int] | None:
    """(ilvl, numId) of a list paragraph."""
    ilvl = p._p.xpath("./w:pPr/w:numPr/w:ilvl/@w:val")
    num_id = p._p.xpath("./w:pPr/w:numPr/w:numId/@w:val")
    return (int(ilvl[0]), int(num_id[0])) if num_id else None


def highlighted(p: Paragraph) -> list[str]:
    return [r.text for r in p.runs if r.font.highlight_color == WD_COLOR_INDEX.YELLOW]


# --- structure -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def blocks() -> docx.document.Document:
    return open_docx(make_docx("_test/blocks.md.j2", BLOCKS_CONTEXT, "23/31 rubriques renseignées"))


def test_summary_opens_the_document(blocks: docx.document.Document) -> None:
    first = blocks.paragraphs[0]
    assert first.text == "23/31 rubriques renseignées"
    assert first.style.name == "Summary"


def test_headings_levels_and_order(blocks: docx.document.Document) -> None:
    headings = [
        (p.style.name, p.text) for p in blocks.paragraphs if p.style.name.startswith("Heading")
    ]
    assert headings == [
        ("Heading 1", "Lettre d'intention"),
        ("Heading 2", "Structure"),
        ("Heading 3", "Membres"),
        ("Heading 4", "Étapes"),
        ("Heading 2", "Budget"),
        ("Heading 2", "Texte libre"),
    ]


def test_paragraph_bold_italic_runs_and_soft_break(blocks: docx.document.Document) -> None:
    intro = blocks.paragraphs[2]
    assert intro.style.name == "Normal"
    assert intro.text.startswith("Introduction avec du gras, de l'italique et les deux. Suite du")
    runs = {r.text: (bool(r.bold), bool(r.italic)) for r in intro.runs}
    assert runs["gras"] == (True, False)
    assert runs["italique"] == (False, True)
    assert runs["les deux"] == (True, True)
    assert runs["Introduction avec du "] == (False, False)


def test_value_inside_bold_and_filters(blocks: docx.document.Document) -> None:
    by_text = {p.text: p for p in blocks.paragraphs}
    association = by_text["Nom de l'association : CPTS du Test"]
    assert [(r.text, r.bold) for r in association.runs][-1] == ("CPTS du Test", True)
    assert "Montant demandé : 60\u202f000\u00a0€" in by_text
    assert "Statut : ☒ statuts signés, ☐ en cours" in by_text


def test_bullet_list_with_nesting(blocks: docx.document.Document) -> None:
    items = [(p.text, num_pr(p)) for p in blocks.paragraphs if style_id(p) == base.LIST_STYLE]
    bullets = items[:4]
    assert bullets == [
        ("Membre A (médecin)", (0, base.BULLET_NUM_ID)),
        ("Site 1", (1, base.BULLET_NUM_ID)),
        ("Site 2", (1, base.BULLET_NUM_ID)),
        ("Membre B (infirmier)", (0, base.BULLET_NUM_ID)),
    ]


def test_ordered_lists_restart_and_nest(blocks: docx.document.Document) -> None:
    items = [(p.text, num_pr(p)) for p in blocks.paragraphs if style_id(p) == base.LIST_STYLE][4:]
    texts = [t for t, _ in items]
    assert texts == [
        "Première étape",
        "Deuxième étape : validation",
        "Sous-étape",
        "Troisième étape",
        "Redémarre à un",
    ]
    first, nested, second = items[0][1], items[2][1], items[4][1]
    assert first is not None and nested is not None and second is not None
    assert items[1][1] == items[3][1] == first and first[0] == 0
    assert nested[0] == 1 and nested[1] != first[1]
    assert second[0] == 0 and second[1] not in (first[1], nested[1])
    numbering = blocks.part.numbering_part.element
    for num_id in (first[1], second[1]):
        (num,) = numbering.xpath(f'./w:num[@w:numId="{num_id}"]')
        assert num.xpath("./w:abstractNumId/@w:val") == [str(base.ORDERED_ABSTRACT_ID)]
        assert num.xpath('./w:lvlOverride[@w:ilvl="0"]/w:startOverride/@w:val') == ["1"]


def test_table_rows_cells_header_and_alignment(blocks: docx.document.Document) -> None:
    (table,) = blocks.tables
    rows = [[c.text for c in row.cells] for row in table.rows]
    assert rows == [
        ["Poste", "Description", "Montant"],
        ["Coordination", "Temps de coordination", "10\u202f000\u00a0€"],
        ["Outils", "Messagerie", "2\u202f500\u00a0€"],
        ["Total", MARKER_PREFIX + "Commentaire]", "12\u202f500\u00a0€"],
    ]
    assert table.style.name == "Table Grid"
    header = table.rows[0]
    assert header._tr.xpath("./w:trPr/w:tblHeader")
    for cell in header.cells:
        assert all(r.bold for r in cell.paragraphs[0].runs)
        assert cell._tc.xpath("./w:tcPr/w:shd/@w:fill") == [base.TABLE_HEADER_FILL]
    body_cell = table.rows[1].cells[0]
    assert not body_cell._tc.xpath("./w:tcPr/w:shd")
    assert not any(r.bold for r in body_cell.paragraphs[0].runs)
    amount = table.rows[1].cells[2].paragraphs[0]
    assert amount._p.xpath("./w:pPr/w:jc/@w:val") == ["right"]
    assert table.rows[1].cells[1].paragraphs[0]._p.xpath("./w:pPr/w:jc/@w:val") == ["center"]
    total = table.rows[3].cells[2].paragraphs[0]
    assert [r.bold for r in total.runs] == [True]


def test_horizontal_rule_is_a_page_break(blocks: docx.document.Document) -> None:
    breaks = [p.text for p in blocks.paragraphs if p.paragraph_format.page_break_before]
    assert breaks == ["Budget"]


def test_markers_are_highlighted_bold_and_labelled(blocks: docx.document.Document) -> None:
    intro = blocks.paragraphs[2]
    assert highlighted(intro) == [MARKER_PREFIX + "Nom du coordinateur]"]
    run = next(r for r in intro.runs if r.font.highlight_color == WD_COLOR_INDEX.YELLOW)
    assert run.bold
    cell = blocks.tables[0].rows[3].cells[1].paragraphs[0]
    assert highlighted(cell) == [MARKER_PREFIX + "Commentaire]"]


def test_header_footer_and_page_fields(blocks: docx.document.Document) -> None:
    section = blocks.sections[0]
    assert section.header.paragraphs[0].text == "CPTS du Test\tProjet de santé"
    footer = section.footer.paragraphs[0]
    assert footer.text.startswith("Brouillon – généré le 12 mars 2026\tPage ")
    assert footer._p.xpath("./w:fldSimple/@w:instr") == [" PAGE ", " NUMPAGES "]
    assert blocks.core_properties.title == "Projet de santé"


def test_base_page_setup_and_styles(blocks: docx.document.Document) -> None:
    section = blocks.sections[0]
    assert (section.page_width.twips, section.page_height.twips) == (11906, 16838)
    assert section.left_margin.twips == section.right_margin.twips == base.MARGIN
    fonts = blocks.styles.element.xpath("./w:docDefaults/w:rPrDefault/w:rPr/w:rFonts/@w:ascii")
    assert fonts == [base.FONT]
    names = {s.name for s in blocks.styles}
    assert {"Heading 1", "Heading 4", "List Paragraph", "Table Grid", "Summary"} <= names


def test_no_summary_when_none() -> None:
    doc = open_docx(make_docx("_test/blocks.md.j2", BLOCKS_CONTEXT, summary=None))
    assert doc.paragraphs[0].style.name == "Heading 1"


def test_renders_are_independent_copies_of_the_base() -> None:
    first = open_docx(make_docx("_test/value.md.j2", {"v": "premier"}))
    second = open_docx(make_docx("_test/value.md.j2", {"v": "second"}))
    texts = "\n".join(p.text for p in second.paragraphs)
    assert "premier" not in texts and "second" in texts
    assert len(first.paragraphs) == len(second.paragraphs)
    assert base.base_bytes() is base.base_bytes()


def test_base_has_no_thumbnail_or_stray_parts() -> None:
    with zipfile.ZipFile(io.BytesIO(base.base_bytes())) as archive:
        names = set(archive.namelist())
    assert not any("thumbnail" in n or "customXml" in n or "WithEffects" in n for n in names)


# --- helpers ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, MARKER_PREFIX + "Champ]"),
        ("", MARKER_PREFIX + "Champ]"),
        ("   ", MARKER_PREFIX + "Champ]"),
        ([], MARKER_PREFIX + "Champ]"),
        ({}, MARKER_PREFIX + "Champ]"),
        (0, "0"),
        (False, "False"),
        ("texte", "texte"),
    ],
)
def test_value_or_missing(value: object, expected: str) -> None:
    env = environment()
    template = env.from_string("{{ value_or_missing(v, 'Champ') }}")
    assert markdown_to_text(template.render(v=value), marker_text) == expected


@pytest.mark.parametrize(("amount", "expected"), [(1250, "1\u202f250\u00a0€"), (None, "Montant")])
def test_value_or_missing_with_filter(amount: int | None, expected: str) -> None:
    md = environment().from_string("{{ value_or_missing(a, 'Montant', 'money') }}").render(a=amount)
    assert expected in markdown_to_text(md, marker_text)


@pytest.mark.parametrize(("checked", "box"), [(True, "☒"), (False, "☐"), (None, "☐"), (1, "☒")])
def test_checkbox(checked: object, box: str) -> None:
    assert environment().from_string("{{ checkbox(c) }}").render(c=checked) == box


def test_undefined_variable_raises() -> None:
    with pytest.raises(UndefinedError):
        render_markdown("_test/strict.md.j2", {})


def test_template_variables() -> None:
    assert template_variables("_test/blocks.md.j2") == {
        "title",
        "association",
        "amount",
        "signed",
        "members",
        "step",
        "budget",
        "free_text",
    }


def test_marker_label_markup_is_escaped() -> None:
    md = environment().from_string("{{ missing('**Nom** | x') }}").render()
    assert markdown_to_text(md, marker_text) == MARKER_PREFIX + "**Nom** | x]"


# --- hostile values --------------------------------------------------------------------

_INVALID = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ue000-\ue002\ufffe\uffff]"
)


def expected_text(value: str) -> str:
    """What a value must read as in the document: same text, XML-invalid characters gone."""
    return re.sub("\r\n|[\r\n\x85\u2028\u2029]", "\n", _INVALID.sub("", value).strip())


HOSTILE = [
    "{{ 7*7 }}",
    "{% for x in y %}{% endfor %}",
    "{# commentaire #}",
    "<w:t>x</w:t></w:r>",
    "<script>alert(1)</script>",
    "&",
    "&amp; &#35; &nbsp;",
    "a | b | c",
    "|",
    "# titre",
    "## titre ##",
    "fin #",
    "**gras** et __gras__",
    "*italique* _x_",
    "- puce",
    "+ puce",
    "* puce",
    "1. liste",
    "1) liste",
    "2026.",
    "---",
    "***",
    "===",
    "> citation",
    "    code indenté",
    "```\ncode\n```",
    "`code`",
    "[lien](http://exemple.invalid)",
    "![image](x.png)",
    "<http://exemple.invalid>",
    "\\",
    "\\*pas gras\\*",
    "fin avec backslash \\",
    "Soignant·e·s 👩‍⚕️🏥 ✅",
    "مركز صحي للمجتمع",
    "מרכז בריאות קהילתי",
    "texte\x00avec\x0bcontrôles\x1f\x7f",
    "ligne 1\nligne 2\r\nligne 3\rligne 4\u2028ligne 5",
    "\ue000faux marqueur\ue001",
    "tab\tulation",
    "sur\ud800rogate",
    "a" * 10_000,
]


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_value_renders_literally_in_every_position(value: str) -> None:
    data = make_docx("_test/value.md.j2", {"v": value})
    expected = expected_text(value)
    doc = open_docx(data)
    paragraphs = doc.paragraphs
    assert [p.text for p in paragraphs] == [
        f"Titre {expected}",
        f"Paragraphe : {expected} fin.",
        expected,
        f"Élément {expected}",
        expected,
        "Dernier paragraphe.",
    ]
    assert [p.style.name for p in paragraphs] == [
        "Heading 1",
        "Normal",
        "Normal",
        "List Paragraph",
        "List Paragraph",
        "Normal",
    ]
    assert all(r.bold for r in paragraphs[4].runs if r.text.strip())
    assert not any(r.bold for r in paragraphs[2].runs)
    assert not any(highlighted(p) for p in paragraphs)
    (table,) = doc.tables
    assert [[c.text for c in row.cells] for row in table.rows] == [
        ["Colonne", "Valeur"],
        ["cellule", expected],
    ]
    document_xml(data)  # well-formed XML


def test_jinja_code_in_a_value_is_not_evaluated() -> None:
    doc = open_docx(make_docx("_test/value.md.j2", {"v": "{{ 7*7 }}"}))
    assert "49" not in "\n".join(p.text for p in doc.paragraphs)


def test_newlines_in_a_value_are_breaks_in_the_same_paragraph_and_cell() -> None:
    data = make_docx("_test/value.md.j2", {"v": "un\ndeux"})
    doc = open_docx(data)
    standalone = doc.paragraphs[2]
    assert standalone.text == "un\ndeux"
    assert len(standalone._p.xpath(".//w:br")) == 1
    cell = doc.tables[0].rows[1].cells[1]
    assert len(cell.paragraphs) == 1 and len(cell._tc.xpath(".//w:br")) == 1
    assert len(doc.tables[0].rows) == 2


def test_value_equal_to_marker_text_is_not_highlighted() -> None:
    forged = marker_text("Nom de l'association")
    doc = open_docx(make_docx("_test/value.md.j2", {"v": forged}))
    assert doc.paragraphs[2].text == forged
    assert not any(highlighted(p) for p in doc.paragraphs)
    assert not any(highlighted(c.paragraphs[0]) for row in doc.tables[0].rows for c in row.cells)


def test_long_value_is_kept_whole() -> None:
    value = "mot " * 2500
    doc = open_docx(make_docx("_test/value.md.j2", {"v": value}))
    assert doc.paragraphs[2].text == value.strip()


def test_document_xml_keeps_rtl_and_emoji_text() -> None:
    data = make_docx("_test/value.md.j2", {"v": "מרכז 🏥 مركز"})
    root = document_xml(data)
    texts = "".join(t.text or "" for t in root.iter(f"{W}t"))
    assert texts.count("מרכז 🏥 مركز") == 6  # heading, 2 paragraphs, 2 items, cell


_MARKDOWN_HEAVY = st.sampled_from(
    list("#*_-+=>|\\`[]()<>&!~.:1 \t\n\r")
    + ["\x00", "\x0b", "\ue000", "\ue001", "\ue002", "\u2028"]
)
_ANY_TEXT = st.text(st.one_of(_MARKDOWN_HEAVY, st.characters()), max_size=30)


@settings(max_examples=150, deadline=None)
@given(_ANY_TEXT)
def test_any_text_previews_literally(value: str) -> None:
    expected = expected_text(value)
    text = render_preview("_test/value.md.j2", {"v": value})
    cell = expected.replace("\n", " / ")
    lines = [f"Titre {expected}".strip(), f"Paragraphe : {expected} fin."]
    if expected:
        lines.append(expected)
    body = "\n\n".join(lines)
    items = f"• Élément {expected}".strip().replace("\n", "\n  ")
    if expected:
        items += "\n• " + expected.replace("\n", "\n  ")
    assert text == f"{body}\n\n{items}\n\nColonne | Valeur\ncellule | {cell}\n\nDernier paragraphe."


@settings(max_examples=60, deadline=None)
@given(_ANY_TEXT.filter(lambda v: expected_text(v) != ""))
def test_any_text_renders_literally_in_docx(value: str) -> None:
    expected = expected_text(value)
    data = make_docx("_test/value.md.j2", {"v": value})
    doc = open_docx(data)
    assert [p.text for p in doc.paragraphs][1:5] == [
        f"Paragraphe : {expected} fin.",
        expected,
        f"Élément {expected}",
        expected,
    ]
    assert doc.tables[0].rows[1].cells[1].text == expected
    assert not any(highlighted(p) for p in doc.paragraphs)
    document_xml(data)


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_escape_output_has_no_sentinel_or_newline(value: str) -> None:
    out = escape(value)
    assert not set(out) & set("\ue000\ue001\n\r\x00")


# --- preview ---------------------------------------------------------------------------


def test_preview_whole_document() -> None:
    text = render_preview("_test/blocks.md.j2", BLOCKS_CONTEXT)
    assert text.startswith("Lettre d'intention\n\nIntroduction avec du gras")
    assert MARKER_PREFIX + "Nom du coordinateur]" in text
    assert "• Membre A (médecin)\n  – Site 1\n  – Site 2\n• Membre B (infirmier)" in text
    assert (
        "1. Première étape\n2. Deuxième étape : validation\n  1. Sous-étape\n3. Troisième étape"
        in text
    )
    assert "Poste | Description | Montant" in text
    assert "**" not in text and "\ue000" not in text


@pytest.mark.parametrize("name", ["Budget", "budget", "BUDGET "])
def test_preview_one_section(name: str) -> None:
    text = render_preview("_test/blocks.md.j2", BLOCKS_CONTEXT, section=name)
    assert text == (
        "Budget\n\n"
        "Poste | Description | Montant\n"
        "Coordination | Temps de coordination | 10\u202f000\u00a0€\n"
        "Outils | Messagerie | 2\u202f500\u00a0€\n"
        f"Total | {MARKER_PREFIX}Commentaire] | 12\u202f500\u00a0€"
    )


def test_preview_section_includes_subsections() -> None:
    text = render_preview("_test/blocks.md.j2", BLOCKS_CONTEXT, section="Structure")
    assert text.startswith("Structure\n\nNom de l'association : CPTS du Test")
    assert "Membres" in text and "Étapes" in text and "Redémarre à un" in text
    assert "Budget" not in text


def test_preview_unknown_section() -> None:
    with pytest.raises(SectionNotFound, match="Budget"):
        render_preview("_test/blocks.md.j2", BLOCKS_CONTEXT, section="Inconnue")


# --- realistic document (the benchmark's) ----------------------------------------------


def test_realistic_template_renders() -> None:
    spec = importlib.util.spec_from_file_location(
        "bench_documents", ROOT / "bench" / "bench_documents.py"
    )
    assert spec and spec.loader
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    data = make_docx(bench.TEMPLATE, bench.realistic_context(), "12/20 rubriques renseignées")
    doc = open_docx(data)
    assert len(doc.tables) >= 10
    assert sum(1 for p in doc.paragraphs if p.style.name == "Heading 2") == 7
    assert sum(len(highlighted(p)) for p in doc.paragraphs) >= 2
    document_xml(data)


# --- PDF -------------------------------------------------------------------------------


_FAKE_HEAD = """import sys, time
from pathlib import Path
args = sys.argv[1:]
out = Path(args[args.index("--outdir") + 1])
source = Path(args[-1])
"""


def _fake_soffice(directory: Path, body: str) -> Path:
    """A stand-in ``soffice`` (Python script) put first on PATH."""
    script = directory / "soffice"
    script.write_text(f"#!{sys.executable}\n{_FAKE_HEAD}{body}")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return script


@pytest.fixture
def only_fake_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """PATH holding only a fresh directory, and no fallback install locations."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    monkeypatch.setenv("PATH", str(bin_dir))
    monkeypatch.setattr(pdf, "KNOWN_LOCATIONS", ())
    return bin_dir


def test_pdf_without_soffice_raises_a_clear_error(only_fake_path: Path, tmp_path: Path) -> None:
    source = tmp_path / "doc.docx"
    source.write_bytes(make_docx("_test/value.md.j2", {"v": "x"}))
    assert pdf.soffice_path() is None
    with pytest.raises(pdf.PdfConversionError, match="LibreOffice"):
        pdf.to_pdf(source, tmp_path / "out")


def test_pdf_command_line_with_fake_soffice(only_fake_path: Path, tmp_path: Path) -> None:
    log = tmp_path / "args.txt"
    # Writes <outdir>/<stem>.pdf like soffice does, and records its arguments.
    _fake_soffice(
        only_fake_path,
        f"Path({str(log)!r}).write_text(chr(10).join(args))\n"
        '(out / (source.stem + ".pdf")).write_bytes(b"%PDF-1.4 fake")\n',
    )
    source = tmp_path / "lettre.docx"
    source.write_bytes(make_docx("_test/value.md.j2", {"v": "x"}))
    result = pdf.to_pdf(source, tmp_path / "out")
    assert result == (tmp_path / "out" / "lettre.pdf").resolve()
    args = log.read_text().splitlines()
    assert args[0].startswith("-env:UserInstallation=file:///")
    assert "--headless" in args and args[args.index("--convert-to") :][:2] == [
        "--convert-to",
        "pdf",
    ]
    assert args[-1] == str(source.resolve())


def test_pdf_two_runs_use_different_profiles(only_fake_path: Path, tmp_path: Path) -> None:
    log = tmp_path / "profiles.txt"
    _fake_soffice(
        only_fake_path,
        f"with open({str(log)!r}, 'a') as f: f.write(args[0] + chr(10))\n"
        '(out / (source.stem + ".pdf")).write_bytes(b"%PDF")\n',
    )
    source = tmp_path / "a.docx"
    source.write_bytes(b"not used by the fake")
    pdf.to_pdf(source, tmp_path / "o1")
    pdf.to_pdf(source, tmp_path / "o2")
    first, second = log.read_text().splitlines()
    assert first != second


def test_pdf_failure_reports_stderr(only_fake_path: Path, tmp_path: Path) -> None:
    _fake_soffice(
        only_fake_path, 'sys.stderr.write("source file could not be loaded")\nsys.exit(1)\n'
    )
    source = tmp_path / "a.docx"
    source.write_bytes(b"x")
    with pytest.raises(pdf.PdfConversionError, match="could not be loaded"):
        pdf.to_pdf(source, tmp_path / "out")


def test_pdf_timeout(only_fake_path: Path, tmp_path: Path) -> None:
    _fake_soffice(only_fake_path, "time.sleep(30)\n")
    source = tmp_path / "a.docx"
    source.write_bytes(b"x")
    with pytest.raises(pdf.PdfConversionError, match="timed out"):
        pdf.to_pdf(source, tmp_path / "out", timeout=0.5)


@pytest.mark.skipif(
    pdf.soffice_path() is None,
    reason="LibreOffice (soffice) is not installed on this machine: real PDF conversion untested",
)
def test_pdf_real_conversion(tmp_path: Path) -> None:
    source = tmp_path / "blocks.docx"
    source.write_bytes(make_docx("_test/blocks.md.j2", BLOCKS_CONTEXT, "23/31"))
    result = pdf.to_pdf(source, tmp_path / "out")
    assert result.read_bytes().startswith(b"%PDF")


def test_very_long_cpts_name_and_title_do_not_break_the_file():
    import datetime as dt
    import io

    import docx

    from bot.documents.render import render_docx

    name = "CPTS " + "très long nom " * 40
    data = render_docx(
        "_test/value.md.j2",
        {"v": "x"},
        title="T" * 400,
        cpts_name=name,
        summary=None,
        generated_on=dt.date(2026, 3, 12),
    )
    doc = docx.Document(io.BytesIO(data))
    assert len(doc.core_properties.author) == 255
    assert "très long nom" in doc.sections[0].header.paragraphs[0].text
