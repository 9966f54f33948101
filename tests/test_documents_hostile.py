"""Hostile answers render literally in every document, and every file stays a valid .docx.

Template code, WordprocessingML, Markdown, sentinels of the marker protocol, control
characters, emoji, right-to-left text and a 10 000-character answer go into every free-text
answer and table cell of a full dossier (and into the CPTS name of the header).
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import docx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.dialogs.loader import default_bundle
from bot.dialogs.schema import Answer
from bot.documents import catalog, service
from bot.documents.context import build_context
from bot.documents.markup import SENTINELS, clean_xml
from bot.documents.render import render_markdown
from tests.test_documents_data import blocks, full_dossier, full_text, hostile_dossier, plain

DOC_IDS = [spec.id for spec in catalog.documents()]
LONG = ("Texte très long, " * 700)[:10_000]

# (name, payload, texts that must appear literally, texts that must not appear)
PAYLOADS = [
    ("jinja-expression", "{{ 'zq' * 3 }} {{ 7*7 }}", ["{{ 'zq' * 3 }} {{ 7*7 }}"], ["zqzqzq"]),
    (
        "jinja-statement",
        "{% for x in [1,2] %}boucle{% endfor %}",
        ["{% for x in [1,2] %}boucle{% endfor %}"],
        ["boucleboucle"],
    ),
    ("xml", "</w:t></w:r><w:r><w:t>injecté", ["</w:t></w:r><w:r><w:t>injecté"], []),
    ("ampersand-lt", "R&D <b>gras</b> & co", ["R&D <b>gras</b> & co"], []),
    ("pipes", "a | b | c", ["a | b | c"], []),
    ("heading", "# Faux titre", ["# Faux titre"], []),
    ("bold", "**pas gras** _pas italique_", ["**pas gras** _pas italique_"], []),
    (
        "list",
        "- pas une liste\n1. ni celle-ci\n---",
        ["- pas une liste", "1. ni celle-ci", "---"],
        [],
    ),
    ("emoji", "Équipe 👩‍⚕️🩺 soignante", ["Équipe 👩‍⚕️🩺 soignante"], []),
    ("rtl", "مركز صحي שלום \u202eabc", ["مركز صحي שלום \u202eabc"], []),
    ("controls", "avant\x00\x0b\x1f\ufffeaprès", ["avantaprès"], []),
    ("sentinels", "\ue000faux marqueur\ue001 et \ue002", ["faux marqueur et"], []),
    ("fake-marker", "[À compléter : rien]", ["[À compléter : rien]"], []),
    ("long", LONG, [LONG], []),
]


@pytest.fixture(scope="module")
def bundle():
    return default_bundle()


def render(bundle, dossier, doc_id: str, name: str = "CPTS Test", action: str | None = None):
    return service.render_document(
        bundle, dossier, doc_id, cpts_name=name, action_id=action, generated_on=dt.date(2026, 3, 12)
    )


def assert_valid_docx(data: bytes) -> docx.document.Document:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None
        assert "word/document.xml" in archive.namelist()
    return docx.Document(io.BytesIO(data))  # lxml refuses any malformed XML


@pytest.mark.parametrize(
    ("name", "payload", "present", "absent"), PAYLOADS, ids=[p[0] for p in PAYLOADS]
)
@pytest.mark.parametrize("doc_id", DOC_IDS)
def test_hostile_answers_render_literally(bundle, doc_id, name, payload, present, absent):
    data = render(bundle, hostile_dossier(payload, bundle), doc_id, name=payload)
    document = assert_valid_docx(data)
    items = blocks(data)
    text = full_text(items)
    for expected in present:
        assert expected in text, (doc_id, name)
    for unexpected in absent:
        assert unexpected not in text, (doc_id, name)
    # nothing the user typed changed the structure: same headings, tables and rows as a
    # benign dossier, no highlighted marker, no formatted run
    baseline = structure(baseline_docs(bundle)[doc_id])
    assert structure(document) == baseline
    assert not any("faux marqueur" in m or "rien]" in m for b in items for m in b.marked)
    for paragraph in document.paragraphs:
        for run in paragraph.runs:
            if "pas gras" in run.text:
                assert not run.bold and not run.italic
    header = " ".join(document.sections[0].header.paragraphs[0].text.split())
    assert service.header_name(clean_xml(payload)).rstrip("…") in header


_BASELINE: dict[str, docx.document.Document] = {}


def baseline_docs(bundle) -> dict[str, docx.document.Document]:
    if not _BASELINE:
        dossier = hostile_dossier("Texte simple", bundle)
        for doc_id in DOC_IDS:
            _BASELINE[doc_id] = docx.Document(io.BytesIO(render(bundle, dossier, doc_id)))
    return _BASELINE


def structure(document: docx.document.Document) -> tuple:
    """Heading styles in order, then the shape (rows × columns) of every table."""
    headings = tuple(
        p.style.style_id for p in document.paragraphs if p.style.style_id.startswith("Heading")
    )
    lists = sum(1 for p in document.paragraphs if p.style.style_id == "ListParagraph")
    tables = tuple((len(t.rows), len(t.columns)) for t in document.tables)
    return headings, lists, tables


def test_text_payload_survives_only_as_text_in_tables(bundle):
    dossier = full_dossier(bundle)
    rows = [dict(r) for r in dossier["members.people"].value]
    rows[0]["name"] = "A | B\n| C | D |"
    dossier["members.people"] = Answer(value=rows)
    data = render(bundle, dossier, "preprojet")
    document = docx.Document(io.BytesIO(data))
    table = next(t for t in document.tables if t.rows[0].cells[0].text.startswith("Catégorie"))
    widths = {len(r.cells) for r in table.rows}
    assert widths == {6}  # the pipes did not add columns
    assert table.rows[1].cells[1].text == "A | B\n| C | D |"


@settings(max_examples=40, deadline=None)
@given(name=st.text(max_size=80), body=st.text(max_size=400))
def test_any_text_gives_a_valid_document(name, body):
    bundle = BUNDLE  # not a fixture argument: hypothesis would print its huge repr
    dossier = full_dossier(bundle)
    rows = [dict(r) for r in dossier["actions.sheets"].value]
    rows[0]["title"], rows[0]["description"] = name, body
    dossier["actions.sheets"] = Answer(value=rows)
    data = render(bundle, dossier, "fiche_action", name=name, action="1")
    assert_valid_docx(data)
    text = full_text(blocks(data))
    cleaned = "".join(c for c in clean_xml(body) if c not in SENTINELS)
    # French typography may add or change spaces around punctuation: compare without them
    squeezed = "".join(plain(text).split())
    for line in cleaned.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        for word in plain(line).split():
            assert "".join(word.split()) in squeezed


BUNDLE = default_bundle()

_ANY_VALUE = st.recursive(
    st.none() | st.booleans() | st.integers(-(10**9), 10**12) | st.text(max_size=30),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=6,
)


@settings(max_examples=60, deadline=None)
@given(
    doc_id=st.sampled_from(DOC_IDS),
    values=st.dictionaries(st.sampled_from(sorted(default_bundle().questions)), _ANY_VALUE),
    status=st.sampled_from(["answered", "unknown"]),
)
def test_stored_values_of_the_wrong_shape_never_break_a_document(doc_id, values, status):
    """An old answer after a YAML change (a text where a list is expected…) still renders."""
    bundle = BUNDLE
    dossier = full_dossier(bundle)
    for qid, value in values.items():
        dossier[qid] = Answer(value=value, status=status)
    assert_valid_docx(render(bundle, dossier, doc_id))


BAD_SHAPES = [5, -3, True, "texte", "2026-13", {"a": 1}, [1, 2], [[1]], [{"x": 1}], None]


LOGO_PLACE = "*Emplacement du logo de la CPTS (à insérer dans Word à la place de cette ligne)*\n\n"


@pytest.mark.parametrize("doc_id", DOC_IDS)
def test_every_question_with_every_bad_shape_still_renders(bundle, doc_id):
    """Exhaustive companion of the hypothesis test above: each question, each bad shape.

    Crashes come from the context and the template, so the Markdown stage is enough here
    (the .docx writer accepts any Markdown; the hypothesis test covers the whole chain).
    """
    spec = catalog.get(doc_id)
    base_dossier = full_dossier(bundle)
    for q in catalog.questions_of(bundle, spec):
        for value in BAD_SHAPES:
            dossier = dict(base_dossier)
            dossier[q.id] = Answer(value=value)
            markdown = render_markdown(spec.template, build_context(bundle, dossier, doc_id))
            # the title comes first (after the logo's place, in the health project)
            head = markdown.removeprefix(LOGO_PLACE)
            assert head.startswith("# ")
