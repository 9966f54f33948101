"""« Vérification avant dépôt » opens the working version of every document.

The findings are ``readiness.check``'s (rules as data); ``readiness_page`` only picks the
ones of the document and the template only formats them. The sending version has no such
page. Documents are read back with python-docx.
"""

from __future__ import annotations

import datetime as dt
import io
import re

import docx
import pytest

from bot.dialogs.loader import default_bundle
from bot.dialogs.readiness import Finding, Report, check
from bot.documents import catalog, readiness_page, render, service
from tests.test_documents_count import dossier
from tests.test_documents_data import expect, plain

DATE = dt.date(2026, 3, 12)
DOC_IDS = [spec.id for spec in catalog.documents()]
TITLES = {"bloquant": "Bloquant", "a_revoir": "À revoir", "conseil": "Conseil"}
PAGE_TITLE = "Vérification avant dépôt"


def paragraphs(fill: str, doc_id: str, version: service.Version, action: str | None = None):
    data = service.render_document(
        default_bundle(),
        dossier(fill),
        doc_id,
        cpts_name="CPTS Test",
        action_id=action,
        generated_on=DATE,
        version=version,
    )
    return docx.Document(io.BytesIO(data)).paragraphs


def front_page(paras) -> list:
    """The paragraphs before the first one with a page break (the document's title)."""
    out = []
    for p in paras:
        if p._p.xpath("./w:pPr/w:pageBreakBefore"):
            return out
        out.append(p)
    raise AssertionError("no page break after the readiness page")


def finding(document: str | None, question: str | None, severity="a_revoir") -> Finding:
    return Finding(
        rule="r",
        severity=severity,
        message="m",
        source="s",
        question_id=question,
        document=document,
    )


@pytest.mark.parametrize(
    ("document", "question", "doc_id", "expected"),
    [
        ("preprojet", None, "preprojet", True),
        ("preprojet", "structure.association_name", "statuts", False),  # names another doc
        (None, None, "budget", True),  # the whole dossier
        (None, "project.creation_date", "lettre_intention", True),  # a question it prints
        (None, "project.creation_date", "budget", False),
        ("budget", "budget.lines", "budget", True),
    ],
)
def test_which_findings_concern_a_document(document, question, doc_id, expected):
    bundle = default_bundle()
    ids = frozenset(q.id for q in catalog.questions_of(bundle, catalog.get(doc_id)))
    assert readiness_page.concerns(finding(document, question), doc_id, ids) is expected


@pytest.mark.parametrize("fill", ["empty", "half", "example"])
@pytest.mark.parametrize("doc_id", DOC_IDS)
def test_working_version_opens_with_the_findings_of_the_document(fill, doc_id):
    bundle = default_bundle()
    report = check(bundle, dossier(fill))
    ids = frozenset(q.id for q in catalog.questions_of(bundle, catalog.get(doc_id)))
    mine = [f for f in report.findings if readiness_page.concerns(f, doc_id, ids)]
    page = front_page(paragraphs(fill, doc_id, "travail"))
    texts = [plain(p.text) for p in page]
    headings = [
        t for p, t in zip(page, texts, strict=True) if p.style.style_id.startswith("Heading")
    ]
    severities = [s for s in TITLES if any(f.severity == s for f in mine)]
    assert headings == [PAGE_TITLE] + [TITLES[s] for s in severities]  # grouped, most severe first
    body = "\n".join(texts)
    for f in mine:
        assert expect(f.message) in body
        assert expect(f"Source : {f.source}") in body
    others = len(report.findings) - len(mine)
    assert (f"{others} autre" in body) is (others > 0)
    if not mine:
        assert "Aucun point à signaler pour ce document." in body
    # team information only: nothing on this page is a marker
    assert not [r for p in page for r in p.runs if r.font.highlight_color is not None]


@pytest.mark.parametrize("doc_id", DOC_IDS)
def test_sending_version_has_no_readiness_page(doc_id):
    for p in paragraphs("half", doc_id, "envoi"):
        assert PAGE_TITLE not in p.text


def test_each_action_sheet_has_the_page_too():
    page = front_page(paragraphs("example", "fiche_action", "travail", action="1"))
    assert page[1].text == PAGE_TITLE


def test_the_template_formats_the_list_it_is_given():
    bundle = default_bundle()
    report = Report(
        findings=(
            Finding(rule="a", severity="conseil", message="Conseil X.", source="Source C"),
            Finding(
                rule="b",
                severity="bloquant",
                message="Bloquant Y.",
                source="Source B",
                question_id="structure.association_name",
                document="preprojet",
            ),
            Finding(
                rule="c", severity="a_revoir", message="Ailleurs.", source="S", document="budget"
            ),
        )
    )
    context = readiness_page.page_context(bundle, report, "preprojet")
    text = plain(render.render_preview(readiness_page.READINESS_TEMPLATE, context))
    label = bundle.questions["structure.association_name"].label
    assert text.index("Bloquant Y.") < text.index("Conseil X.")
    assert f"Source : Source B · question : « {label} »" in text
    assert "Ailleurs." not in text and "1 autre point concerne d'autres documents" in text
    assert "1 point bloquant, 0 à revoir, 1 conseil." in text
    assert "il ne peut pas être déposé en l'état" in text
    empty = plain(
        render.render_preview(
            readiness_page.READINESS_TEMPLATE,
            readiness_page.page_context(bundle, Report(), "budget"),
        )
    )
    assert "Aucun point à signaler pour ce document." in empty
    assert "déposé" not in empty


def test_rules_stay_out_of_the_templates():
    """The template formats a list: it names no rule, threshold or question id."""
    source = (render.DOCUMENTS_DIR / readiness_page.READINESS_TEMPLATE).read_text()
    assert not re.search(r"\b\d{2,}\b|check\(|rules|facts\.", source)
