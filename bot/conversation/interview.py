"""Walking a user through an interview: asking, answering, skipping, going back.

Pure decisions (which question comes next, what is visible, progress) belong to
``bot.dialogs.engine``; this module only strings them together with the store and turns
them into replies.
"""

from __future__ import annotations

import hashlib
from typing import Any, Literal

from bot.conversation import buttons as B
from bot.conversation import sources, views
from bot.conversation.context import Ctx
from bot.conversation.group_prompts import ask_field, ask_group
from bot.conversation.messages import Button
from bot.conversation.prompts import current_field, current_question, header, nav_row
from bot.conversation.services import Services, dossier
from bot.conversation.state import UndoEntry
from bot.conversation.ui import t
from bot.conversation.widgets import widget_for
from bot.dialogs import cursor, engine
from bot.dialogs.cursor import Cursor
from bot.dialogs.display import display_value
from bot.dialogs.implied import communes_summary, implied_choice
from bot.dialogs.schema import Answer, Field_, QType, Question
from bot.dialogs.validators import advise

# ----------------------------------------------------------------------------- opening


async def open_interview(ctx: Ctx, svc: Services, interview_id: str) -> None:
    st = ctx.state
    if st.interview == interview_id and st.mode in ("question", "row") and st.qid:
        await ask(ctx, svc)
        return
    iv = svc.bundle.interviews[interview_id]
    st.interview, st.qid, st.row, st.multi = interview_id, None, None, []
    st.queue, st.resume_qid, st.editing = [], None, False
    ctx.note(
        t(
            "interview_intro",
            title=iv.title,
            description=iv.description,
            region=iv.region,
            source=sources.for_people(iv.source),
            source_date=iv.source_date,
        )
    )
    await advance(ctx, svc, after=None)


def cursor_of(ctx: Ctx) -> Cursor | None:
    """The session's position as a pure ``Cursor`` (None outside any interview)."""
    st = ctx.state
    if st.interview is None:
        return None
    return Cursor(
        interview=st.interview,
        qid=st.qid,
        queue=tuple(st.queue),
        resume_qid=st.resume_qid,
        editing=st.editing,
    )


def place(ctx: Ctx, cur: Cursor) -> None:
    """Write a cursor back into the session, with a question pending (or none when done)."""
    st = ctx.state
    st.interview, st.qid, st.queue = cur.interview, cur.qid, list(cur.queue)
    st.resume_qid, st.editing = cur.resume_qid, cur.editing
    st.mode = "question" if cur.qid else "idle"
    st.row, st.multi = None, []


async def advance(ctx: Ctx, svc: Services, after: str | None) -> None:
    """Move to the next question: queued re-asks first, then the resume point, then onwards."""
    cur = cursor_of(ctx)
    assert cur is not None
    d = await dossier(ctx, svc)
    move = cursor.advance(svc.bundle, cur, d, after)
    place(ctx, move.cursor)
    shared = move.prefilled
    if shared:
        lines = [
            (
                q.label,
                display_value(q, d[q.id].value)
                if d[q.id].status == "answered"
                else t("unknown_marker"),
            )
            for q in shared
        ]
        ctx.note(t("prefilled", lines=lines))
    if move.finished:
        await finish(ctx, svc)
        return
    await ask(ctx, svc)


async def finish(ctx: Ctx, svc: Services) -> None:
    st = ctx.state
    assert st.interview is not None
    d = await dossier(ctx, svc)
    prog = engine.progress(svc.bundle, st.interview, d)
    missing = engine.missing(svc.bundle, st.interview, d)
    iv = svc.bundle.interviews[st.interview]
    st.mode, st.qid = "idle", None
    row = [B.button(t("btn_review"), "rv", iv.id)]
    if iv.document:
        row.append(B.button(t("btn_document"), "doc", iv.document))
    ctx.say(
        t("interview_done", title=iv.short_title, progress=prog, missing=len(missing)),
        [row, [B.button(t("btn_steps"), "st")]],
    )


# ----------------------------------------------------------------------------- asking


async def ask(ctx: Ctx, svc: Services) -> None:
    """(Re)send the prompt for whatever is pending, with a fresh stamp."""
    st = ctx.state
    if st.mode == "team_name":
        ctx.say(t("ask_team_name"))
        return
    if st.mode == "invite_code":
        ctx.say(t("ask_invite_code"))
        return
    q = current_question(ctx, svc)
    if q is None or st.interview is None:
        st.mode = "idle"
        return
    tok = st.new_tok()
    d = await dossier(ctx, svc)
    if st.mode == "row":
        await ask_field(ctx, svc, q, tok)
    elif q.type is QType.GROUP:
        ask_group(ctx, svc, q, d, tok)
    else:
        _ask_question(ctx, svc, q, d, tok)


def _ask_question(ctx: Ctx, svc: Services, q: Question, d: dict[str, Answer], tok: str) -> None:
    current = d.get(q.id)
    current_text = None
    if current is not None:
        current_text = (
            display_value(q, current.value) if current.status == "answered" else t("unknown_marker")
        )
    kb: list[list[Button]] = []
    implied = implied_choice(q, d) if q.type is QType.CHOICE and current is None else None
    if implied is not None:  # the dossier already says it: one press to confirm
        index = next(i for i, c in enumerate(q.choices) if c.value == implied)
        label = t("btn_implied", label=q.choices[index].label)
        kb.append([B.button(label, "a", tok, index)])
    kb += widget_for(q.type).keyboard(q, tok, ctx.state.multi)
    if ctx.state.pending_text:  # the FAQ answered it; one press stores it after all
        kb.append([B.button(t("btn_was_answer"), "qa", tok)])
    kb += nav_row(ctx, svc, q, tok, current is not None)
    ctx.say(
        t(
            "question",
            header=header(ctx, svc, q, d),
            prompt=q.prompt,
            example=q.example,
            hint=t(f"hint_{q.type.value}"),
            current=current_text,
            by=current.by if current else None,
            required=q.required,
        ),
        kb,
    )


async def show_help(ctx: Ctx, svc: Services) -> None:
    """The guidance of the pending question, then the question and its buttons again."""
    target: Question | Field_ | None = (
        current_field(ctx, svc) if ctx.state.mode == "row" else current_question(ctx, svc)
    )
    ctx.note(
        t(
            "help_text",
            label=getattr(target, "label", ""),
            help=getattr(target, "help", None) or t("no_help"),
        )
    )
    await ask(ctx, svc)


# ----------------------------------------------------------------------------- answering


async def submit(ctx: Ctx, svc: Services, value: Any, status: str = "answered") -> None:
    """Store the answer to the pending question and move on (back to the review after an edit).

    A changed answer is shown as « ancien → nouveau » with a button that restores the old one
    from the store's history.
    """
    st = ctx.state
    q = current_question(ctx, svc)
    assert q is not None and ctx.team_id is not None and st.interview is not None
    before = dict(await dossier(ctx, svc))
    answer_status: Literal["answered", "unknown"] = "unknown" if status == "unknown" else "answered"
    stored = await svc.store.set_answer(ctx.team_id, ctx.user.id, q.id, value, answer_status)
    after = dict(before)
    after[q.id] = stored
    ctx.set_dossier(after)
    old = before.get(q.id)
    cur = cursor_of(ctx)
    if cur is not None and (old is not None and old.value != stored.value or st.editing):
        st.queue = list(cursor.after_edit(svc.bundle, cur, before, after).queue)
    shown = answer_text(q, stored)
    changed = old is not None and (old.value, old.status) != (stored.value, stored.status)
    if changed:
        assert old is not None
        ctx.note(t("changed", label=q.label, old=answer_text(q, old), new=shown))
    else:
        notes = advise(svc.bundle, q, value, after) if status == "answered" else []
        if q.type is QType.COMMUNES and status == "answered" and isinstance(value, list):
            ctx.note(t("saved_communes", label=q.label, s=communes_summary(value), notes=notes))
        else:
            ctx.note(t("saved", label=q.label, value=shown, notes=notes))
    review_return = st.review_return
    st.editing, st.review_return = False, None
    if review_return is not None and not st.queue:
        st.mode, st.qid = "idle", None
        if st.resume_qid:
            st.mode, st.qid, st.resume_qid = "question", st.resume_qid, None
        await views.show_review(ctx, svc, st.interview, review_return)
    else:
        await advance(ctx, svc, after=q.id)
    if changed:
        assert old is not None
        stamp = stamp_of(stored)
        ctx.state.undo = UndoEntry(qid=q.id, value=old.value, status=old.status, stamp=stamp)
        ctx.add_buttons([B.button(t("btn_undo"), "ud", q.id, stamp)])


def answer_text(q: Question, answer: Answer) -> str:
    if answer.status != "answered":
        return t("unknown_marker")
    return display_value(q, answer.value)


def stamp_of(answer: Answer) -> str:
    """A short fingerprint of one stored version of an answer (who wrote it, when)."""
    return hashlib.sha1(f"{answer.at}|{answer.by}".encode()).hexdigest()[:8]


async def undo(ctx: Ctx, svc: Services, qid: str, stamp: str) -> bool:
    """Put back the answer ``qid`` had before the change whose result has ``stamp``.

    False when anything changed since (another edit, another member, this very undo). The
    previous answer is kept in the session with the change, so no history scan is needed.
    """
    q = svc.bundle.questions.get(qid)
    saved = ctx.state.undo
    if q is None or ctx.team_id is None or saved is None or saved.qid != qid:
        return False
    current = (await dossier(ctx, svc, fresh=True)).get(qid)
    if current is None or stamp_of(current) != stamp or saved.stamp != stamp:
        return False
    status: Literal["answered", "unknown"] = "unknown" if saved.status == "unknown" else "answered"
    restored = await svc.store.set_answer(ctx.team_id, ctx.user.id, qid, saved.value, status)
    ctx.state.undo = None
    await dossier(ctx, svc, fresh=True)
    ctx.note(t("undone", label=q.label, value=answer_text(q, restored)))
    return True


async def skip(ctx: Ctx, svc: Services) -> None:
    """Leave the pending question as it is and go on (a row's field: ``groups.skip_field``)."""
    st = ctx.state
    if current_question(ctx, svc) is None:
        return
    st.editing = False
    await advance(ctx, svc, after=st.qid)


async def back(ctx: Ctx, svc: Services) -> None:
    cur = cursor_of(ctx)
    if current_question(ctx, svc) is None or cur is None:
        return
    prev = cursor.back(svc.bundle, cur, await dossier(ctx, svc))
    if prev is None:
        ctx.note(t("no_previous"))
    else:
        place(ctx, prev)
    await ask(ctx, svc)


def number_of(svc: Services, interview_id: str) -> dict[str, int]:
    return cursor.number_of(svc.bundle, interview_id)


async def edit(
    ctx: Ctx, svc: Services, interview_id: str, number: int, *, from_review: int | None = None
) -> None:
    """Open question ``number`` (stable numbering, as shown in the review) for editing."""
    st = ctx.state
    pending = cursor_of(ctx) if st.mode in ("question", "row") else None
    if pending is None and st.interview == interview_id:  # finished or idle: nowhere to resume
        pending = Cursor(interview=interview_id, queue=tuple(st.queue))
    opened = cursor.edit(svc.bundle, pending, await dossier(ctx, svc), interview_id, number)
    if opened == "bad_number":
        ctx.say(t("edit_bad_number", total=len(svc.bundle.interview_questions(interview_id))))
        return
    if opened == "hidden":
        ctx.say(t("edit_hidden", n=number))
        return
    assert isinstance(opened, Cursor)
    place(ctx, opened)
    st.review_return = from_review
    await ask(ctx, svc)
