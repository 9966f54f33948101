"""The sending version (« envoi ») carries nothing meant for the team: no « Brouillon », no
completion summary, no coaching note; its footer names the CPTS and the date in full.

Every document (and each action sheet) of the empty, full and example dossiers is read whole:
body, header, footer and document properties, every XML part of the package.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from functools import cache

import docx
import pytest

from bot.dialogs.loader import default_bundle
from bot.documents import catalog, service
from tests.test_documents_count import dossier

DATE = dt.date(2026, 3, 12)
NAME = "CPTS du Plateau"
FILLS = ("empty", "full", "example")
# Sentences printed for the team only (version.working in the templates); the full dossier
# triggers each of them (unbalanced budgets, representativity, indemnity ceiling).
COACHING = {
    "preprojet": ["Représentativité", "Attention"],
    "budget": ["Attention"],
    "statuts": ["Plafond", "confiance"],
}
# (the example dossier lists a « Inès Brouillon »: the banner is « Brouillon – »)
ANYWHERE = ["Brouillon –", "renseignée", "À compléter »"]


def jobs() -> list[tuple[str, str, str | None]]:
    out: list[tuple[str, str, str | None]] = []
    for fill in FILLS:
        sheets = dossier(fill).get("actions.sheets")
        for spec in catalog.documents():
            out.append((fill, spec.id, None))
            if spec.per_action and sheets is not None:
                out += [(fill, spec.id, str(n)) for n in range(1, len(sheets.value) + 1)]
    return out


def plain(text: str) -> str:
    return re.sub(r"[\u00a0\u202f]", " ", text)


@cache
def render(fill: str, doc_id: str, action: str | None, version: service.Version) -> bytes:
    return service.render_document(
        default_bundle(),
        dossier(fill),
        doc_id,
        cpts_name=NAME,
        action_id=action,
        generated_on=DATE,
        version=version,
    )


def every_text(data: bytes) -> str:
    """The text of every XML part (body, header, footer, properties), tags removed."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        xml = " ".join(
            z.read(n).decode("utf-8") for n in z.namelist() if n.endswith((".xml", ".rels"))
        )
    return plain(re.sub(r"<[^>]+>", "", xml))


@pytest.mark.parametrize(("fill", "doc_id", "action"), jobs())
def test_sending_version_has_nothing_for_the_team(fill, doc_id, action):
    text = every_text(render(fill, doc_id, action, "envoi"))
    for words in ANYWHERE + COACHING.get(doc_id, []):
        assert words not in text, words
    document = docx.Document(io.BytesIO(render(fill, doc_id, action, "envoi")))
    assert all(p.style.style_id != "Summary" for p in document.paragraphs)


@pytest.mark.parametrize(("fill", "doc_id", "action"), jobs())
def test_sending_footer_names_the_cpts_and_the_date_in_full(fill, doc_id, action):
    document = docx.Document(io.BytesIO(render(fill, doc_id, action, "envoi")))
    footer = document.sections[0].footer.paragraphs[0]
    assert plain(footer.text).startswith(f"{NAME} – 12 mars 2026\tPage ")
    assert footer._p.xpath("./w:fldSimple/@w:instr") == [" PAGE ", " NUMPAGES "]
    header = document.sections[0].header.paragraphs[0]
    assert plain(header.text).startswith(f"{NAME}\t")
    assert "Brouillon" not in footer.text + header.text


@pytest.mark.parametrize("doc_id", [spec.id for spec in catalog.documents()])
def test_working_version_is_a_draft_with_its_summary(doc_id):
    data = render("full", doc_id, None, "travail")
    document = docx.Document(io.BytesIO(data))
    assert plain(document.sections[0].footer.paragraphs[0].text).startswith(
        "Brouillon – généré le 12 mars 2026\t"
    )
    assert "renseignée" in every_text(data)


@pytest.mark.parametrize(("doc_id", "words"), sorted(COACHING.items()))
def test_coaching_notes_print_in_the_working_version_only(doc_id, words):
    working = every_text(render("full", doc_id, None, "travail"))
    sending = every_text(render("full", doc_id, None, "envoi"))
    for w in words:
        assert w in working, w  # the full dossier triggers it: the test is not vacuous
        assert w not in sending, w
