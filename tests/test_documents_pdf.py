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


def _liberation_sans() -> bool:
    import shutil
    import subprocess

    if shutil.which("fc-list") is None:
        return False
    out = subprocess.run(["fc-list"], capture_output=True, text=True, check=False).stdout
    return "Liberation Sans" in out


@pytest.mark.skipif(
    not _liberation_sans(),
    reason="Liberation Sans is not installed (apt-get install fonts-liberation2; CI installs it)",
)
@pytest.mark.parametrize("doc_id", ["preprojet", "statuts"])
def test_pdf_embeds_a_font_metric_compatible_with_arial(pdfs, doc_id):
    """The documents declare Arial: the PDF must look like Word, so its text font is
    Liberation Sans (same metrics), never a wider fallback such as DejaVu Sans."""
    fonts = set(re.findall(rb"/BaseFont\s*/(?:[A-Z]{6}\+)?([A-Za-z-]+)", pdfs[doc_id].read_bytes()))
    assert any(f.startswith(b"LiberationSans") for f in fonts), fonts
