"""Walking a user through an interview: asking, answering, skipping, going back, groups.

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
from bot.conversation.messages import Button
from bot.conversation.services import Services, dossier
from bot.conversation.state import RowDraft, UndoEntry
from bot.conversation.ui import t
from bot.conversation.widgets import widget_for
from bot.dialogs import cursor, engine
from bot.dialogs.cursor import Cursor
from bot.dialogs.display import display_value
from bot.dialogs.implied import communes_summary, implied_choice
from bot.dialogs.parsing.one_line import LineGuess
from bot.dialogs.schema import Answer, Field_, QType, Question
from bot.dialogs.validators import advise

ROW_BUTTONS_SHOWN = 8  # edit/delete buttons offered for at most this many rows


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


def current_question(ctx: Ctx, svc: Services) -> Question | None:
    qid = ctx.state.qid
    return svc.bundle.questions.get(qid) if qid else None


def current_field(ctx: Ctx, svc: Services) -> Field_ | None:
    q = current_question(ctx, svc)
    row = ctx.state.row
    if q is None or row is None or row.field is None:
        return None
    return next((f for f in q.fields if f.id == row.field), None)


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
        await _ask_field(ctx, svc, q, tok)
    elif q.type is QType.GROUP:
        _ask_group(ctx, svc, q, d, tok)
    else:
        _ask_question(ctx, svc, q, d, tok)


def _header(ctx: Ctx, svc: Services, q: Question, d: dict[str, Answer]) -> str:
    st = ctx.state
    assert st.interview is not None
    iv = svc.bundle.interviews[st.interview]
    section = svc.bundle.section_of(st.interview, q.id)
    pos, total = engine.position(svc.bundle, st.interview, d, q.id)
    return t(
        "question_header", interview=iv.short_title, section=section.title, pos=pos, total=total
    )


def _nav_row(ctx: Ctx, svc: Services, q: Question, tok: str, answered: bool) -> list[list[Button]]:
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
    kb += _nav_row(ctx, svc, q, tok, current is not None)
    ctx.say(
        t(
            "question",
            header=_header(ctx, svc, q, d),
            prompt=q.prompt,
            example=q.example,
            hint=t(f"hint_{q.type.value}"),
            current=current_text,
            by=current.by if current else None,
            required=q.required,
        ),
        kb,
    )


def row_summary(q: Question, row: dict[str, Any]) -> str:
    """One short line per row in lists: values only, a yes/no with its label."""
    parts = [
        f"{f.label} : {display_value(f, row[f.id]).lower()}"
        if f.type is QType.YES_NO
        else display_value(f, row[f.id])
        for f in q.fields
        if row.get(f.id) not in (None, "", [])
    ]
    return " — ".join(parts[:4]) or "…"


def row_details(q: Question, row: dict[str, Any]) -> str:
    """Every field understood, labelled, so the person can check a row typed on one line."""
    parts = [
        f"{f.label} : {display_value(f, row[f.id])}"
        for f in q.fields
        if row.get(f.id) not in (None, "", [])
    ]
    return "\n".join(f"· {p}" for p in parts) or "…"


def _ask_group(ctx: Ctx, svc: Services, q: Question, d: dict[str, Answer], tok: str) -> None:
    ans = d.get(q.id)
    rows = (
        ans.value
        if ans is not None and ans.status == "answered" and isinstance(ans.value, list)
        else []
    )
    kb: list[list[Button]] = [
        [
            B.button(t("btn_add_row", row_label=q.row_label), "ga", tok),
            B.button(t("btn_done"), "gd", tok),
        ]
    ]
    edit_buttons: list[Button] = []
    for i, row in enumerate(rows[:ROW_BUTTONS_SHOWN], start=1):
        edit_buttons.append(B.button(f"✏️ {i}", "ge", tok, row["_id"]))
        edit_buttons.append(B.button(f"🗑 {i}", "gx", tok, row["_id"]))
    kb += B.rows(edit_buttons, 4)
    kb += _nav_row(ctx, svc, q, tok, answered=False)[1:]
    if q.help:
        kb[-1].insert(0, B.button(t("btn_help"), "h", tok))
    ctx.say(
        t(
            "group",
            header=_header(ctx, svc, q, d),
            prompt=q.prompt,
            row_label=q.row_label,
            rows=[row_summary(q, r) for r in rows],
            shown=ROW_BUTTONS_SHOWN,
        ),
        kb,
    )


async def _ask_field(ctx: Ctx, svc: Services, q: Question, tok: str) -> None:
    row = ctx.state.row
    f = current_field(ctx, svc)
    assert row is not None and f is not None
    current = row.values.get(f.id) if row.row_id else None
    kb: list[list[Button]] = list(widget_for(f.type).keyboard(f, tok, ctx.state.multi))
    if ctx.state.pending_text:
        kb.append([B.button(t("btn_was_answer"), "qa", tok)])
    nav: list[Button] = []
    if f.help:
        nav.append(B.button(t("btn_help"), "h", tok))
    if current is not None:
        nav.append(B.button(t("btn_keep"), "s", tok))
    elif not f.required:
        nav.append(B.button(t("btn_skip"), "s", tok))
    nav.append(B.button(t("btn_cancel_row"), "rc", tok))
    kb.append(nav)
    position = [x.id for x in q.fields].index(f.id) + 1
    if row.only is not None:  # one-line row: count the gaps left, not the columns
        gaps = [x.id for x in q.fields if x.id in row.only]
        position, total = gaps.index(f.id) + 1, len(gaps)
    else:
        total = len(q.fields)
    ctx.say(
        t(
            "row_field",
            row_label=q.row_label,
            group=q.label,
            prompt=f.prompt,
            example=f.example,
            hint=t(f"hint_{f.type.value}"),
            pos=position,
            total=total,
            editing=row.row_id is not None,
            current=display_value(f, current) if current is not None else None,
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
    st = ctx.state
    if st.mode == "row":
        await row_value(ctx, svc, None, skip=True)
        return
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


# ----------------------------------------------------------------------------- groups


async def group_add(ctx: Ctx, svc: Services) -> None:
    q = current_question(ctx, svc)
    assert q is not None
    ctx.state.mode = "row"
    ctx.state.row = RowDraft(field=q.fields[0].id)
    await ask(ctx, svc)


async def group_edit(ctx: Ctx, svc: Services, row_id: str) -> None:
    q = current_question(ctx, svc)
    d = await dossier(ctx, svc)
    assert q is not None
    rows = d[q.id].value if q.id in d and isinstance(d[q.id].value, list) else []
    row = next((r for r in rows if r.get("_id") == row_id), None)
    if row is None:
        ctx.note(t("row_gone"))
        await ask(ctx, svc)
        return
    values = {k: v for k, v in row.items() if k != "_id"}
    ctx.state.mode = "row"
    ctx.state.row = RowDraft(row_id=row_id, values=values, field=q.fields[0].id)
    await ask(ctx, svc)


async def group_delete(ctx: Ctx, svc: Services, row_id: str) -> None:
    from bot.store import RowNotFound

    q = current_question(ctx, svc)
    assert q is not None and ctx.team_id is not None
    try:
        await svc.store.delete_row(ctx.team_id, ctx.user.id, q.id, row_id)
        ctx.note(t("row_deleted", row_label=q.row_label))
    except RowNotFound:
        ctx.note(t("row_gone"))
    await dossier(ctx, svc, fresh=True)
    await ask(ctx, svc)


async def group_done(ctx: Ctx, svc: Services) -> None:
    q = current_question(ctx, svc)
    assert q is not None
    d = await dossier(ctx, svc)
    n = len(d[q.id].value) if q.id in d and isinstance(d[q.id].value, list) else 0
    if n < q.min_rows:
        ctx.say(t("group_min_rows", min_rows=q.min_rows, row_label=q.row_label))
        await ask(ctx, svc)
        return
    await advance(ctx, svc, after=q.id)


async def row_value(ctx: Ctx, svc: Services, value: Any, *, skip: bool = False) -> None:
    """Record one field of the row being typed; save the row after its last field."""
    st = ctx.state
    q = current_question(ctx, svc)
    row = st.row
    assert q is not None and row is not None and row.field is not None and ctx.team_id is not None
    if not skip:
        row.values[row.field] = value
    st.multi = []
    await _next_in_row(ctx, svc, q, row)


def _following_field(q: Question, row: RowDraft) -> Field_ | None:
    if row.only is not None:  # typed on one line: the missing required fields only
        return next((f for f in q.fields if f.id in row.only and f.id not in row.values), None)
    return engine.next_group_field(q, row.values, row.field)


async def row_from_line(ctx: Ctx, svc: Services, guess: LineGuess) -> None:
    """A row typed on one line: keep what was understood, ask only the required gaps."""
    st = ctx.state
    q = current_question(ctx, svc)
    assert q is not None
    row_id = st.row.row_id if st.row is not None else None
    st.mode = "row"
    st.row = RowDraft(row_id=row_id, values=dict(guess.values), only=list(guess.missing))
    ctx.note(t("row_understood", row_label=q.row_label, details=row_details(q, guess.values)))
    await _next_in_row(ctx, svc, q, st.row)


async def _next_in_row(ctx: Ctx, svc: Services, q: Question, row: RowDraft) -> None:
    """Ask the row's next field, or save the row once none is left."""
    st = ctx.state
    assert ctx.team_id is not None
    nxt = _following_field(q, row)
    if nxt is not None:
        row.field = nxt.id
        await ask(ctx, svc)
        return
    clean = {k: v for k, v in row.values.items() if v is not None}
    if row.row_id:
        from bot.store import RowNotFound

        try:
            await svc.store.update_row(ctx.team_id, ctx.user.id, q.id, row.row_id, clean)
        except RowNotFound:
            await svc.store.add_row(ctx.team_id, ctx.user.id, q.id, clean)
    else:
        await svc.store.add_row(ctx.team_id, ctx.user.id, q.id, clean)
    ctx.note(t("row_saved", row_label=q.row_label, summary=row_summary(q, clean)))
    st.mode, st.row = "question", None
    await dossier(ctx, svc, fresh=True)
    await ask(ctx, svc)


async def cancel_row(ctx: Ctx, svc: Services) -> None:
    ctx.state.mode, ctx.state.row, ctx.state.multi = "question", None, []
    ctx.note(t("row_cancelled"))
    await ask(ctx, svc)
