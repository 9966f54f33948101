"""Repeatable groups: adding, editing and deleting rows, a row typed field by field or on
one line, and leaving the group. The prompts are drawn by ``group_prompts``."""

from __future__ import annotations

from typing import Any

from bot.conversation import interview as flow
from bot.conversation.context import Ctx
from bot.conversation.group_prompts import row_details, row_summary
from bot.conversation.services import Services, dossier
from bot.conversation.state import RowDraft
from bot.conversation.ui import t
from bot.dialogs import engine
from bot.dialogs.parsing.one_line import LineGuess
from bot.dialogs.schema import Field_, Question


async def group_add(ctx: Ctx, svc: Services) -> None:
    q = flow.current_question(ctx, svc)
    assert q is not None
    ctx.state.mode = "row"
    ctx.state.row = RowDraft(field=q.fields[0].id)
    await flow.ask(ctx, svc)


async def group_edit(ctx: Ctx, svc: Services, row_id: str) -> None:
    q = flow.current_question(ctx, svc)
    d = await dossier(ctx, svc)
    assert q is not None
    rows = d[q.id].value if q.id in d and isinstance(d[q.id].value, list) else []
    row = next((r for r in rows if r.get("_id") == row_id), None)
    if row is None:
        ctx.note(t("row_gone"))
        await flow.ask(ctx, svc)
        return
    values = {k: v for k, v in row.items() if k != "_id"}
    ctx.state.mode = "row"
    ctx.state.row = RowDraft(row_id=row_id, values=values, field=q.fields[0].id)
    await flow.ask(ctx, svc)


async def group_delete(ctx: Ctx, svc: Services, row_id: str) -> None:
    from bot.store import RowNotFound

    q = flow.current_question(ctx, svc)
    assert q is not None and ctx.team_id is not None
    try:
        await svc.store.delete_row(ctx.team_id, ctx.user.id, q.id, row_id)
        ctx.note(t("row_deleted", row_label=q.row_label))
    except RowNotFound:
        ctx.note(t("row_gone"))
    await dossier(ctx, svc, fresh=True)
    await flow.ask(ctx, svc)


async def group_done(ctx: Ctx, svc: Services) -> None:
    q = flow.current_question(ctx, svc)
    assert q is not None
    d = await dossier(ctx, svc)
    n = len(d[q.id].value) if q.id in d and isinstance(d[q.id].value, list) else 0
    if n < q.min_rows:
        ctx.say(t("group_min_rows", min_rows=q.min_rows, row_label=q.row_label))
        await flow.ask(ctx, svc)
        return
    await flow.advance(ctx, svc, after=q.id)


async def row_value(ctx: Ctx, svc: Services, value: Any, *, skip: bool = False) -> None:
    """Record one field of the row being typed; save the row after its last field."""
    st = ctx.state
    q = flow.current_question(ctx, svc)
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
    q = flow.current_question(ctx, svc)
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
        await flow.ask(ctx, svc)
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
    await flow.ask(ctx, svc)


async def cancel_row(ctx: Ctx, svc: Services) -> None:
    ctx.state.mode, ctx.state.row, ctx.state.multi = "question", None, []
    ctx.note(t("row_cancelled"))
    await flow.ask(ctx, svc)
