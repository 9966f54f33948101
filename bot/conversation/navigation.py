"""Moving around the dossier: the interviews, resume, review and edit, progress, what is
left, undo, the readiness check and the documents (commands and their buttons)."""

from __future__ import annotations

from bot.conversation import buttons as B
from bot.conversation import documents, verifier, views
from bot.conversation import interview as flow
from bot.conversation.context import Ctx
from bot.conversation.services import Services
from bot.conversation.ui import t
from bot.dialogs import engine


async def cmd_steps(ctx: Ctx, svc: Services, arg: str) -> None:
    d = await flow.dossier(ctx, svc)
    progs = [engine.progress(svc.bundle, iv, d) for iv in svc.bundle.interviews]
    nxt = next((p for p in progs if p.answered + p.unknown < p.total), None)
    kb = [[B.button(t("btn_open", title=p.title), "i", p.interview_id)] for p in progs]
    ctx.say(t("steps", progs=progs, next=nxt), kb)


async def show_interviews(ctx: Ctx, svc: Services) -> None:
    d = await flow.dossier(ctx, svc)
    progs = [engine.progress(svc.bundle, iv, d) for iv in svc.bundle.interviews]
    kb = [[B.button(f"{p.title} ({p.answered}/{p.total})", "i", p.interview_id)] for p in progs]
    ctx.say(t("interviews", progs=progs), kb)


async def cmd_interviews(ctx: Ctx, svc: Services, arg: str) -> None:
    await show_interviews(ctx, svc)


async def cmd_resume(ctx: Ctx, svc: Services, arg: str) -> None:
    if ctx.state.mode != "idle":
        await flow.ask(ctx, svc)
    elif ctx.state.interview:
        await flow.open_interview(ctx, svc, ctx.state.interview)
    else:
        await show_interviews(ctx, svc)


def interview_arg(ctx: Ctx, svc: Services, arg: str) -> str | None:
    if arg in svc.bundle.interviews:
        return arg
    return ctx.state.interview


async def cmd_review(ctx: Ctx, svc: Services, arg: str) -> None:
    iv = interview_arg(ctx, svc, arg)
    if iv is None:
        ctx.say(t("choose_interview_first"))
        await show_interviews(ctx, svc)
        return
    await views.show_review_menu(ctx, svc, iv)


async def cmd_edit(ctx: Ctx, svc: Services, arg: str) -> None:
    iv = ctx.state.interview
    if iv is None:
        ctx.say(t("choose_interview_first"))
        await show_interviews(ctx, svc)
        return
    if not arg.isdecimal():
        ctx.say(t("edit_usage"))
        await views.show_review_menu(ctx, svc, iv)
        return
    await flow.edit(ctx, svc, iv, int(arg))


async def cmd_progress(ctx: Ctx, svc: Services, arg: str) -> None:
    await views.show_progress(ctx, svc)


async def cmd_todo(ctx: Ctx, svc: Services, arg: str) -> None:
    await views.show_todo(ctx, svc)


async def cmd_verify(ctx: Ctx, svc: Services, arg: str) -> None:
    await verifier.show_report(ctx, svc)


async def btn_verify(ctx: Ctx, svc: Services, press: B.Press) -> None:
    await cmd_verify(ctx, svc, "")


async def cmd_documents(ctx: Ctx, svc: Services, arg: str) -> None:
    await documents.show_documents(ctx, svc, arg)


def _interview_pressed(ctx: Ctx, svc: Services, press: B.Press) -> str | None:
    """The interview a button names, or None after a « stale » pop-up (renamed, old)."""
    iv = press.arg(0)
    if iv in svc.bundle.interviews:
        return iv
    ctx.toast(t("stale_toast"))
    return None


async def btn_open(ctx: Ctx, svc: Services, press: B.Press) -> None:
    iv = _interview_pressed(ctx, svc, press)
    if iv is not None:
        await flow.open_interview(ctx, svc, iv)


async def btn_review(ctx: Ctx, svc: Services, press: B.Press) -> None:
    iv = _interview_pressed(ctx, svc, press)
    if iv is None:
        return
    if press.arg(1).isdecimal():
        await views.show_review(ctx, svc, iv, int(press.arg(1)))
    else:
        await views.show_review_menu(ctx, svc, iv)


async def btn_edit(ctx: Ctx, svc: Services, press: B.Press) -> None:
    iv = press.arg(0)
    if iv not in svc.bundle.interviews or not press.arg(1).isdecimal():
        ctx.toast(t("stale_toast"))
        return
    section = press.arg(2)
    await flow.edit(
        ctx, svc, iv, int(press.arg(1)), from_review=int(section) if section.isdecimal() else None
    )


async def btn_back_to_question(ctx: Ctx, svc: Services, press: B.Press) -> None:
    if ctx.state.mode not in ("question", "row"):
        ctx.toast(t("stale_toast"))
        return
    await flow.ask(ctx, svc)


async def btn_todo_all(ctx: Ctx, svc: Services, press: B.Press) -> None:
    await views.show_todo(ctx, svc, every_interview=True)


async def btn_undo(ctx: Ctx, svc: Services, press: B.Press) -> None:
    if not await flow.undo(ctx, svc, press.arg(0), press.arg(1)):
        ctx.toast(t("undo_stale"))
        return
    if ctx.state.mode in ("question", "row"):
        await flow.ask(ctx, svc)


async def btn_progress(ctx: Ctx, svc: Services, press: B.Press) -> None:
    await views.show_progress(ctx, svc)


async def btn_steps(ctx: Ctx, svc: Services, press: B.Press) -> None:
    await cmd_steps(ctx, svc, "")


async def btn_document(ctx: Ctx, svc: Services, press: B.Press) -> None:
    await documents.send_document(ctx, svc, press.arg(0), press.arg(1))
