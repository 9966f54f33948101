"""What every prompt of an interview shares: the pending question or row field, the
« Pré-projet · Section — 7/52 » header, and the navigation buttons."""

from __future__ import annotations

from bot.conversation import buttons as B
from bot.conversation.context import Ctx
from bot.conversation.messages import Button
from bot.conversation.services import Services
from bot.conversation.ui import t
from bot.dialogs import engine
from bot.dialogs.schema import Answer, Field_, Question


def current_question(ctx: Ctx, svc: Services) -> Question | None:
    qid = ctx.state.qid
    return svc.bundle.questions.get(qid) if qid else None


def current_field(ctx: Ctx, svc: Services) -> Field_ | None:
    q = current_question(ctx, svc)
    row = ctx.state.row
    if q is None or row is None or row.field is None:
        return None
    return next((f for f in q.fields if f.id == row.field), None)


def header(ctx: Ctx, svc: Services, q: Question, d: dict[str, Answer]) -> str:
    st = ctx.state
    assert st.interview is not None
    iv = svc.bundle.interviews[st.interview]
    section = svc.bundle.section_of(st.interview, q.id)
    pos, total = engine.position(svc.bundle, st.interview, d, q.id)
    return t(
        "question_header", interview=iv.short_title, section=section.title, pos=pos, total=total
    )


def nav_row(ctx: Ctx, svc: Services, q: Question, tok: str, answered: bool) -> list[list[Button]]:
    st = ctx.state
    first: list[Button] = []
    if q.help:
        first.append(B.button(t("btn_help"), "h", tok))
    first.append(B.button(t("btn_keep") if answered else t("btn_skip"), "s", tok))
    second: list[Button] = []
    if q.allow_unknown:
        second.append(B.button(t("btn_unknown"), "u", tok))
    assert st.interview is not None
    if not st.editing:
        second.append(B.button(t("btn_back"), "b", tok))
    second.append(B.button(t("btn_progress"), "p"))
    return [first, second]
