"""/documents: the team's draft documents, their completeness, and sending them.

Buttons carry ``doc:<doc_id>`` or ``doc:<doc_id>:<arg>``; ``arg`` names an action sheet
(« 2 ») and/or a format (« pdf », « apercu »), several parts joined by « - » (« 2-pdf ») so
that the whole fits one callback argument. Rendering and the PDF conversion block: they run
in a worker thread. Every generation writes into its own fresh folder under the team's
folder (``svc.files``), so two teams (or two presses) never share a file; the transport
deletes the file once sent.
"""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass
from pathlib import Path

from bot.conversation import buttons as B
from bot.conversation import interview as flow
from bot.conversation.context import Ctx
from bot.conversation.messages import Button, Reply
from bot.conversation.services import Services
from bot.conversation.ui import t as conversation_text
from bot.paths import TEMPLATES_DIR
from bot.textfmt import Strings

UI_FILE = TEMPLATES_DIR / "ui" / "documents.yaml"
PREVIEW_MAX_CHARS = 3000  # one Telegram message (4096) with room for the header
ACTION_BUTTONS_MAX = 20  # one button per action sheet, at most
ACTION_TITLE_CHARS = 32  # characters of an action's title on its button
_ARG_SPLIT = re.compile(r"[-:.,_ ]+")
FORMATS = ("pdf", "apercu")
VERSIONS = ("travail", "envoi")  # working version (default) / version to send to the ARS


t = Strings(UI_FILE)
keys = t.keys


@dataclass(frozen=True)
class Request:
    """What a ``doc:`` button asks for."""

    action: str | None  # action number (« 2 ») for a per-action document
    fmt: str | None  # None (Word), « pdf » or « apercu »
    version: str = "travail"  # « travail » (readiness page, coaching) or « envoi »


def parse_arg(arg: str) -> Request | None:
    """« » → Word; « pdf »; « 2 »; « 2-pdf »; « apercu-2 »; « envoi-pdf »… None when
    unintelligible."""
    action = fmt = version = None
    for part in (p for p in _ARG_SPLIT.split(arg.strip().lower()) if p):
        if part.isdecimal() and action is None and len(part) <= 4:
            action = str(int(part))
        elif part in FORMATS and fmt is None:
            fmt = part
        elif part in VERSIONS and version is None:
            version = part
        else:
            return None
    return Request(action, fmt, version or "travail")


def _arg(action: str | None, fmt: str | None, version: str = "travail") -> str:
    return "-".join(p for p in (action, fmt, version if version != "travail" else None) if p)


def _button(
    label: str,
    doc_id: str,
    action: str | None = None,
    fmt: str | None = None,
    version: str = "travail",
) -> Button:
    arg = _arg(action, fmt, version)
    return B.button(label, "doc", doc_id, arg) if arg else B.button(label, "doc", doc_id)


async def _cpts_name(ctx: Ctx, svc: Services, dossier: dict) -> str:
    """The association's name when typed, else the team's name (for headers and file names)."""
    answer = dossier.get("structure.association_name")
    if answer is not None and answer.status == "answered" and answer.value:
        return str(answer.value)
    teams = await svc.store.teams_of(ctx.user.id)
    return next((x.name for x in teams if x.id == ctx.team_id), "")


# ----------------------------------------------------------------------------- listing


async def show_documents(ctx: Ctx, svc: Services, arg: str) -> None:
    """/documents [id]: the list with completeness and a button per document (or send one)."""
    from bot.documents import catalog, service

    wanted = arg.strip().split(" ", 1)[0] if arg.strip() else ""
    if wanted:
        try:
            catalog.get(wanted)
        except catalog.UnknownDocument:
            pass
        else:
            await send_document(ctx, svc, wanted, arg.strip()[len(wanted) :].strip())
            return
    dossier = dict(await flow.dossier(ctx, svc))
    docs = await asyncio.to_thread(service.available_documents, svc.bundle, dossier)
    rows: list[list[Button]] = []
    for d in docs:
        if not d.per_action:
            label = t("btn_doc", button=d.button, answered=d.answered, total=d.total)
            rows.append([_button(label, d.id)])
            continue
        if not d.actions:
            rows.append([_button(t("btn_empty_action"), d.id)])
            continue
        for a in d.actions[:ACTION_BUTTONS_MAX]:
            title = (
                a.title
                if len(a.title) <= ACTION_TITLE_CHARS
                else a.title[: ACTION_TITLE_CHARS - 1] + "…"
            )
            rows.append([_button(t("btn_action", n=a.number, title=title), d.id, str(a.number))])
        if len(d.actions) > 1:
            rows.append([_button(t("btn_all_actions"), d.id)])
    ctx.say(t("list", docs=docs), rows)


# ----------------------------------------------------------------------------- sending


async def send_document(ctx: Ctx, svc: Services, doc_id: str, arg: str) -> None:
    """``doc:<id>[:<arg>]``: the .docx (default), its PDF (« pdf ») or a preview (« apercu »)."""
    from bot.documents import catalog, service
    from bot.documents.context import UnknownAction
    from bot.documents.pdf import PdfConversionError

    request = parse_arg(arg)
    try:
        spec = catalog.get(doc_id)
    except catalog.UnknownDocument:
        spec = None
    if spec is None or request is None or (request.action and not spec.per_action):
        ctx.toast(conversation_text("stale_toast"))
        return
    dossier = dict(await flow.dossier(ctx, svc))
    action = request.action
    try:
        answered, total = service.completeness(
            svc.bundle,
            dossier,
            doc_id,
            action_id=action,
            version="envoi" if request.version == "envoi" else "travail",
        )
    except UnknownAction:
        ctx.toast(conversation_text("stale_toast"))
        return
    title = spec.title + (f" {action}" if action else "")
    version = request.version
    other = "envoi" if version == "travail" else "travail"
    again = [
        _button(t("btn_word"), doc_id, action, None, version),
        _button(t("btn_preview"), doc_id, action, "apercu", version),
        _button(t("btn_pdf"), doc_id, action, "pdf", version),
    ]
    switch = [_button(t(f"btn_version_{other}"), doc_id, action, None, other)]
    if request.fmt == "apercu":
        text = await asyncio.to_thread(
            service.preview, svc.bundle, dossier, doc_id, action_id=action
        )
        short, cut = shorten(text, PREVIEW_MAX_CHARS)
        buttons = [[b for b in again if "apercu" not in b.data]]
        ctx.say(
            t("preview", title=title, answered=answered, total=total, text=short, cut=cut), buttons
        )
        return
    if request.fmt == "pdf" and not service.pdf_available():
        ctx.say(t("pdf_unavailable"), [[again[0]]])
        return
    name = await _cpts_name(ctx, svc, dossier)
    assert ctx.team_id is not None
    files = svc.files
    files.sweep()
    out_dir = files.new_dir(ctx.team_id)
    try:
        path: Path = await asyncio.to_thread(
            service.generate,
            svc.bundle,
            dossier,
            doc_id,
            out_dir,
            cpts_name=name,
            action_id=action,
            pdf=request.fmt == "pdf",
            version="envoi" if version == "envoi" else "travail",
        )
    except PdfConversionError:
        ctx.say(t("pdf_failed"), [[again[0]]])
        return
    if request.fmt == "pdf":
        path.with_suffix(".docx").unlink(missing_ok=True)  # only the file sent stays, briefly
        text = t("pdf_sent", title=title, version=version)
        buttons = [[again[0], again[1]], switch]
    else:
        summary = service.summary_text(answered, total)
        text = t("sent", title=title, summary=summary, version=version)
        buttons = [[again[1], again[2]], switch]
    ctx.send(
        Reply(
            text=text,
            buttons=buttons,
            document=path,
            document_name=path.name,
            discard_after_send=True,
            busy="sending_file",
        )
    )


def shorten(text: str, limit: int) -> tuple[str, bool]:
    """The first paragraphs of ``text`` within ``limit`` characters; True when cut."""
    if len(text) <= limit:
        return text, False
    head = text[:limit]
    cut = head.rfind("\n\n")
    if cut < limit // 3:
        cut = head.rfind("\n")
    if cut < limit // 3:
        cut = head.rfind(" ")
    return head[: cut if cut > 0 else limit].rstrip(), True
