"""What the conversation asks of documents: the list with completeness, a .docx (or PDF), a preview.

Every function is synchronous and blocking (template rendering, python-docx, LibreOffice):
call them from async code with ``asyncio.to_thread``. They read the dossier and never
change it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from bot import textfmt
from bot.dialogs import readiness
from bot.dialogs.loader import Bundle
from bot.dialogs.schema import Dossier
from bot.documents import catalog, readiness_page, render
from bot.documents import pdf as pdf_convert
from bot.documents.context import answered_count, build_context, select_action
from bot.documents.markup import clean_xml

# « travail »: the working version (readiness first page, coaching notes, markers);
# « envoi »: the version a team sends to the ARS (no draft banner, no coaching, no summary).
Version = Literal["travail", "envoi"]

SUMMARY_TEMPLATE = "documents/partials/summary.j2"
# Header and document properties carry the CPTS name: Word caps core properties at 255
# characters (python-docx raises beyond), and a header line wants far fewer.
CPTS_NAME_MAX = 120


def header_name(name: str) -> str:
    """The CPTS name on one line, cut to ``CPTS_NAME_MAX`` characters (« … » when cut)."""
    text = " ".join(clean_xml(name).split())
    return text if len(text) <= CPTS_NAME_MAX else text[: CPTS_NAME_MAX - 1].rstrip() + "…"


@dataclass(frozen=True)
class ActionInfo:
    number: int  # rank in the group, 1-based: « doc:fiche_action:<number> »
    title: str  # the action's title, « » when not typed yet
    row_id: str | None


@dataclass(frozen=True)
class DocumentInfo:
    id: str
    title: str
    button: str
    answered: int
    total: int
    per_action: bool
    actions: tuple[ActionInfo, ...] = ()

    @property
    def summary(self) -> str:
        return summary_text(self.answered, self.total)


def summary_text(answered: int, total: int, markers: int | None = None) -> str:
    """« 23/31 rubriques renseignées. 8 éléments signalés « À compléter »… », worded in
    ``partials/summary.j2``; ``markers`` is counted on the rendered document, never guessed."""
    return textfmt.render(SUMMARY_TEMPLATE, answered=answered, total=total, markers=markers)


def completeness(
    bundle: Bundle,
    dossier: Dossier,
    doc_id: str,
    *,
    action_id: str | None = None,
    version: Version = "travail",
) -> tuple[int, int]:
    """(answered, total) of a document: « 23/31 rubriques renseignées ».

    ``total - answered`` is exactly the number of « à compléter » markers the document
    shows in that version (the template is rendered and its markers counted), so optional
    items that print nothing are never counted as missing, and a cell or a sentence that
    prints a marker always is. ``answered``: visible questions with an answer.
    """
    spec = catalog.get(doc_id)
    context = build_context(bundle, dossier, doc_id, action_id=action_id, version=version)
    markers = render.count_markers(render.render_markdown(spec.template, context))
    answered = answered_count(bundle, dossier, doc_id, action_id=action_id)
    return answered, answered + markers


def _actions(bundle: Bundle, dossier: Dossier) -> tuple[ActionInfo, ...]:
    context = build_context(bundle, dossier, "fiche_action")
    return tuple(
        ActionInfo(number=row.n, title=str(row.title.raw or ""), row_id=row.row_id)
        for row in context["action_sheets"]
    )


def available_documents(
    bundle: Bundle, dossier: Dossier, *, version: Version = "travail"
) -> list[DocumentInfo]:
    """Every document of the catalog with its completeness (and the action sheets)."""
    out = []
    for spec in catalog.documents():
        answered, total = completeness(bundle, dossier, spec.id, version=version)
        actions = _actions(bundle, dossier) if spec.per_action else ()
        out.append(
            DocumentInfo(
                id=spec.id,
                title=spec.title,
                button=spec.button,
                answered=answered,
                total=total,
                per_action=spec.per_action,
                actions=actions,
            )
        )
    return out


def _render(
    bundle: Bundle,
    dossier: Dossier,
    doc_id: str,
    cpts_name: str,
    action_id: str | None,
    generated_on: dt.date | None,
    version: Version = "travail",
) -> tuple[bytes, int | None]:
    """The .docx bytes, and the action number when one sheet was asked for."""
    spec = catalog.get(doc_id)
    context = build_context(bundle, dossier, doc_id, action_id=action_id, version=version)
    answered = answered_count(bundle, dossier, doc_id, action_id=action_id)
    number = None
    title = spec.title
    if spec.per_action and action_id is not None:
        number = context["selected_actions"][0].n
        title = f"{spec.title} {number}"
    data = render.render_docx(
        spec.template,
        context,
        title=title,
        cpts_name=header_name(cpts_name),
        summary=(lambda markers: summary_text(answered, answered + markers, markers))
        if version == "travail"
        else None,
        generated_on=generated_on or dt.date.today(),
        draft=version == "travail",
        french=True,
        front=(
            readiness_page.READINESS_TEMPLATE,
            readiness_page.page_context(bundle, readiness.check(bundle, dossier), doc_id),
        )
        if version == "travail"
        else None,
    )
    return data, number


def render_document(
    bundle: Bundle,
    dossier: Dossier,
    doc_id: str,
    *,
    cpts_name: str,
    action_id: str | None = None,
    generated_on: dt.date | None = None,
    version: Version = "travail",
) -> bytes:
    """The .docx bytes of a document (``UnknownDocument`` / ``UnknownAction`` when stale)."""
    return _render(bundle, dossier, doc_id, cpts_name, action_id, generated_on, version)[0]


def generate(
    bundle: Bundle,
    dossier: Dossier,
    doc_id: str,
    out_dir: Path,
    *,
    cpts_name: str,
    action_id: str | None = None,
    pdf: bool = False,
    generated_on: dt.date | None = None,
    version: Version = "travail",
) -> Path:
    """Write the document into ``out_dir`` and return its path (.docx, or .pdf when asked).

    The PDF goes through LibreOffice (``bot.documents.pdf``): ``PdfConversionError`` when
    it is missing or fails. The .docx stays next to the PDF.
    """
    spec = catalog.get(doc_id)
    data, number = _render(bundle, dossier, doc_id, cpts_name, action_id, generated_on, version)
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"{catalog.file_stem(spec, cpts_name, number)}.docx"
    path.write_bytes(data)
    if pdf:
        return pdf_convert.to_pdf(path, out_dir)
    return path


def pdf_available() -> bool:
    """Whether LibreOffice is installed, so a PDF can be offered."""
    return pdf_convert.soffice_path() is not None


def preview(
    bundle: Bundle,
    dossier: Dossier,
    doc_id: str,
    section: str | None = None,
    *,
    action_id: str | None = None,
) -> str:
    """Plain text of the document, or of one ``##`` section (``preview.SectionNotFound``)."""
    spec = catalog.get(doc_id)
    context = build_context(bundle, dossier, doc_id, action_id=action_id)
    return render.render_preview(spec.template, context, section)


__all__ = [
    "ActionInfo",
    "DocumentInfo",
    "available_documents",
    "completeness",
    "generate",
    "header_name",
    "pdf_available",
    "preview",
    "render_document",
    "select_action",
    "summary_text",
    "Version",
]
