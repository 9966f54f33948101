"""The completeness figure is the number of « à compléter » markers the reader finds.

Every document (and each action sheet) of an empty, a half-filled, a full and the example
dossier is rendered in both versions; the count ``service.completeness`` gives, the summary
printed on top of the working version, the highlighted runs and the « [À compléter » texts
of the .docx must all agree.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from functools import cache

import docx
import pytest

from bot.dialogs.loader import default_bundle
from bot.dialogs.schema import Answer, Dossier
from bot.documents import catalog, service
from tests.test_documents_data import example_dossier, full_dossier, half_dossier

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
DATE = dt.date(2026, 3, 12)
VERSIONS: tuple[service.Version, ...] = ("travail", "envoi")
FILLS = ("empty", "half", "full", "example")


@cache
def dossier(fill: str) -> Dossier:
    bundle = default_bundle()
    if fill == "empty":
        return {}
    if fill == "half":
        return half_dossier(bundle)
    if fill == "full":
        return full_dossier(bundle)
    return example_dossier(bundle)


def jobs() -> list[tuple[str, str, str | None]]:
    out: list[tuple[str, str, str | None]] = []
    for fill in FILLS:
        sheets = dossier(fill).get("actions.sheets")
        n_sheets = len(sheets.value) if sheets is not None else 0
        for spec in catalog.documents():
            out.append((fill, spec.id, None))
            if spec.per_action:
                out += [(fill, spec.id, str(n)) for n in range(1, n_sheets + 1)]
    return out


def shown(data: bytes) -> tuple[int, int, str | None]:
    """(highlighted runs, « [À compléter » texts, summary paragraph) of a .docx."""
    document = docx.Document(io.BytesIO(data))
    body = document.element.body
    highlighted = sum(1 for r in body.iter(f"{W}r") if r.find(f"{W}rPr/{W}highlight") is not None)
    text = "".join(t.text or "" for t in body.iter(f"{W}t"))
    first = document.paragraphs[0]
    summary = first.text if first.style is not None and first.style.style_id == "Summary" else None
    return highlighted, text.count("[À compléter"), summary


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize(("fill", "doc_id", "action"), jobs())
def test_count_equals_markers_shown(fill, doc_id, action, version):
    bundle = default_bundle()
    d = dossier(fill)
    answered, total = service.completeness(bundle, d, doc_id, action_id=action, version=version)
    data = service.render_document(
        bundle,
        d,
        doc_id,
        cpts_name="CPTS Test",
        action_id=action,
        generated_on=DATE,
        version=version,
    )
    highlighted, texts, summary = shown(data)
    assert total - answered == highlighted == texts
    if version == "travail":
        assert summary is not None and summary.startswith(f"{answered}/{total} ")
    else:
        assert summary is None


@pytest.mark.parametrize("version", VERSIONS)
def test_full_dossier_shows_no_marker(version):
    """Attachments the team joins by hand are listed as such (« Annexe jointe »), not marked."""
    bundle = default_bundle()
    for info in service.available_documents(bundle, dossier("full"), version=version):
        assert info.total == info.answered, info.id


def test_empty_dossier_has_something_to_complete_everywhere():
    bundle = default_bundle()
    for info in service.available_documents(bundle, {}):
        assert info.total > info.answered == 0, info.id


@pytest.mark.parametrize(
    ("field", "missing"),
    [
        ("links", 0),  # optional: a blank cell, not counted as missing
        ("description", 1),  # required: a marker, counted
    ],
)
def test_one_sheet_counts_only_what_it_marks(field, missing):
    bundle = default_bundle()
    full = full_dossier(bundle)
    rows = [dict(r) for r in full["actions.sheets"].value]
    del rows[0][field]
    d = {**full, "actions.sheets": Answer(value=rows)}
    fields = len(bundle.questions["actions.sheets"].fields)
    answered, total = service.completeness(bundle, d, "fiche_action", action_id="1")
    assert (answered, total - answered) == (fields - 1, missing)
    assert service.completeness(bundle, d, "fiche_action", action_id="2") == (fields, fields)


def test_optional_questions_count_in_the_working_version_only():
    """The sending version prints nothing for an unanswered optional question."""
    bundle = default_bundle()
    optional = [q for q in catalog.questions_of(bundle, catalog.get("preprojet")) if not q.required]
    assert optional
    travail = service.completeness(bundle, {}, "preprojet", version="travail")
    envoi = service.completeness(bundle, {}, "preprojet", version="envoi")
    assert envoi[1] < travail[1]
    assert re.match(r"\d+/\d+ ", service.summary_text(*envoi))
