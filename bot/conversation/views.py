"""Views over the dossier (progress, review, what is left): each ends with a way back to the
pending question."""

from __future__ import annotations

from bot.conversation import buttons as B
from bot.conversation.context import Ctx
from bot.conversation.messages import Button
from bot.conversation.services import Services, dossier
from bot.conversation.ui import t
from bot.dialogs import cursor, engine


def back_to_question(ctx: Ctx) -> list[list[Button]]:
    """The row that ends every view while a question is pending (progress, review, to do)."""
    if ctx.state.mode in ("question", "row") and ctx.state.qid:
        return [[B.button(t("btn_back_to_question"), "rq")]]
    return []


async def show_progress(ctx: Ctx, svc: Services) -> None:
    d = await dossier(ctx, svc)
    ivs = [ctx.state.interview] if ctx.state.interview else list(svc.bundle.interviews)
    progs = [engine.progress(svc.bundle, iv, d) for iv in ivs]
    ctx.say(t("progress", progs=progs), back_to_question(ctx))


async def show_review_menu(ctx: Ctx, svc: Services, interview_id: str) -> None:
    iv = svc.bundle.interviews[interview_id]
    d = await dossier(ctx, svc)
    prog = engine.progress(svc.bundle, interview_id, d)
    kb = [
        [B.button(f"{s.title} ({s.answered}/{s.total})", "rv", interview_id, i)]
        for i, s in enumerate(prog.sections)
    ]
    ctx.say(t("review_menu", title=iv.short_title), kb + back_to_question(ctx))


async def show_review(ctx: Ctx, svc: Services, interview_id: str, section_index: int) -> None:
    d = await dossier(ctx, svc)
    iv = svc.bundle.interviews[interview_id]
    if not 0 <= section_index < len(iv.sections):
        ctx.toast(t("stale_toast"))
        return
    section = iv.sections[section_index]
    number = cursor.number_of(svc.bundle, interview_id)
    lines = engine.review(svc.bundle, interview_id, d, section.id)
    kb = B.rows(
        [
            B.button(
                f"✏️ {number[line.question.id]}",
                "ed",
                interview_id,
                number[line.question.id],
                section_index,
            )
            for line in lines
        ],
        5,
    )
    ctx.say(
        t(
            "review",
            title=iv.short_title,
            section=section.title,
            lines=[(number[x.question.id], x) for x in lines],
        ),
        kb + back_to_question(ctx),
    )


async def show_todo(ctx: Ctx, svc: Services, *, every_interview: bool = False) -> None:
    """What is left: the current interview by default, with a button for all of them."""
    d = await dossier(ctx, svc)
    current = ctx.state.interview
    ivs = list(svc.bundle.interviews) if every_interview or current is None else [current]
    todo = [(iv, q) for iv, q in engine.todo(svc.bundle, d) if iv in ivs]
    missing = []
    for iv in ivs:
        missing += [
            (svc.bundle.interviews[iv].short_title, q.label)
            for q in engine.missing(svc.bundle, iv, d)
            if q.id not in d
        ]
    kb: list[list[Button]] = []
    if len(ivs) == 1 and len(svc.bundle.interviews) > 1:
        kb.append([B.button(t("btn_todo_all"), "td", "all")])
    ctx.say(
        t(
            "todo",
            scope=svc.bundle.interviews[ivs[0]].short_title if len(ivs) == 1 else None,
            todo=[(svc.bundle.interviews[iv].short_title, q.label) for iv, q in todo],
            missing=missing[:30],
            more=max(0, len(missing) - 30),
        ),
        kb + back_to_question(ctx),
    )
