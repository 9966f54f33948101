"""Every document converts to PDF with a headless LibreOffice (skipped when it is absent)."""

from __future__ import annotations

import datetime as dt
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from bot.dialogs.loader import default_bundle
from bot.documents import catalog, pdf, service
from tests.test_documents_data import full_dossier

SOFFICE = pdf.soffice_path()
pytestmark = pytest.mark.skipif(
    SOFFICE is None,
    reason="LibreOffice (soffice) is not installed: PDF conversion cannot be tested here "
    "(apt-get install libreoffice-writer-nogui; CI installs it)",
)
DOC_IDS = [spec.id for spec in catalog.documents()]


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory) -> dict[str, Path]:
    """Each document of the full dossier, generated as PDF (conversions run in parallel)."""
    bundle = default_bundle()
    dossier = full_dossier(bundle)
    out = tmp_path_factory.mktemp("pdf")

    def one(doc_id: str) -> Path:
        return service.generate(
            bundle,
            dossier,
            doc_id,
            out / doc_id,
            cpts_name="CPTS Test PDF",
            pdf=True,
            generated_on=dt.date(2026, 3, 12),
        )

    with ThreadPoolExecutor(max_workers=4) as pool:
        return dict(zip(DOC_IDS, pool.map(one, DOC_IDS), strict=True))


@pytest.mark.parametrize("doc_id", DOC_IDS)
def test_document_converts_to_pdf(pdfs, doc_id):
    path = pdfs[doc_id]
    assert path.suffix == ".pdf" and path.with_suffix(".docx").is_file()
    data = path.read_bytes()
    assert data.startswith(b"%PDF-") and b"%%EOF" in data[-1024:]
    pages = len(re.findall(rb"/Type\s*/Page[^s]", data))
    assert pages >= 1


def test_long_documents_have_several_pages(pdfs):
    data = pdfs["projet_sante"].read_bytes()
    assert len(re.findall(rb"/Type\s*/Page[^s]", data)) >= 5
