"""Issue 10, item 2: the completeness figure counts exactly the markers a document shows.

Every document (and every action sheet) of an empty, a half-filled and a full dossier is
rendered in both versions; the « N éléments signalés « À compléter » » of the working
version's summary must equal the markers found in the Word text, and the sending version
prints the same markers without any summary.
"""

from __future__ import annotations

import datetime as dt
import io
import re

import docx
import pytest

from bot.dialogs.loader import default_bundle
from bot.dialogs.schema import Dossier
from bot.documents import catalog, service
from tests.test_documents_data import full_dossier

BUNDLE = default_bundle()
DATE = dt.date(2026, 12, 3)
MARKER = "[À compléter"
COUNT = re.compile(r"(\d+) éléments? signalés? « À compléter »|(Aucun) élément « À compléter »")


def _dossiers() -> dict[str, Dossier]:
    full = full_dossier(BUNDLE)
    half = {k: v for i, (k, v) in enumerate(sorted(full.items())) if i % 2 == 0}
    return {"empty": {}, "half": half, "full": full}


DOSSIERS = _dossiers()


def _cases() -> list[tuple[str, str, str | None]]:
    out: list[tuple[str, str, str | None]] = []
    for name, dossier in DOSSIERS.items():
        for spec in catalog.documents():
            out.append((name, spec.id, None))
            if spec.per_action:
                actions = service.available_documents(BUNDLE, dossier)
                info = next(d for d in actions if d.id == spec.id)
                out += [(name, spec.id, a.row_id) for a in info.actions if a.row_id]
    return out


def _texts(data: bytes) -> tuple[str, list[str]]:
    """(summary paragraph or « », every other paragraph and table cell of the body)."""
    document = docx.Document(io.BytesIO(data))
    paragraphs = document.paragraphs
    summary = ""
    if paragraphs and paragraphs[0].style is not None and paragraphs[0].style.style_id == "Summary":
        summary, paragraphs = paragraphs[0].text, paragraphs[1:]
    texts = [p.text for p in paragraphs]
    for table in document.tables:
        for row in table.rows:
            seen: set[int] = set()
            for cell in row.cells:  # merged cells repeat: count each once
                if id(cell._tc) not in seen:
                    seen.add(id(cell._tc))
                    texts.append(cell.text)
    return summary, texts


@pytest.mark.parametrize(("dossier", "doc_id", "action"), _cases())
def test_count_equals_markers_shown(dossier, doc_id, action):
    kwargs = {"cpts_name": "CPTS Test", "action_id": action, "generated_on": DATE}
    working = service.render_document(BUNDLE, DOSSIERS[dossier], doc_id, **kwargs)
    summary, texts = _texts(working)
    shown = sum(t.count(MARKER) for t in texts)
    found = COUNT.search(summary)
    assert found, summary
    counted = 0 if found.group(2) else int(found.group(1))
    assert counted == shown, (doc_id, dossier, summary)
    if dossier == "full":
        assert shown == 0, (doc_id, [t for t in texts if MARKER in t][:3])
    sending = service.render_document(BUNDLE, DOSSIERS[dossier], doc_id, version="envoi", **kwargs)
    sent_summary, sent_texts = _texts(sending)
    assert sent_summary == ""
    # the sending version drops empty optional items: never more markers than the working one
    assert sum(t.count(MARKER) for t in sent_texts) <= shown


@pytest.mark.parametrize("doc_id", [spec.id for spec in catalog.documents()])
def test_sending_version_has_no_draft_banner(doc_id):
    data = service.render_document(
        BUNDLE,
        DOSSIERS["half"],
        doc_id,
        cpts_name="CPTS Test",
        version="envoi",
        generated_on=DATE,
    )
    document = docx.Document(io.BytesIO(data))
    footer = document.sections[0].footer.paragraphs[0].text
    header = document.sections[0].header.paragraphs[0].text
    assert "Brouillon" not in footer + header
    assert footer.startswith("CPTS Test – 3 décembre 2026")
    working = service.render_document(
        BUNDLE, DOSSIERS["half"], doc_id, cpts_name="CPTS Test", generated_on=DATE
    )
    assert "Brouillon" in docx.Document(io.BytesIO(working)).sections[0].footer.paragraphs[0].text
