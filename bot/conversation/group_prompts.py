"""The prompts of a repeatable group (people, structures, budget lines): the list of rows
with their edit and delete buttons, and one field of the row being typed. The actions
behind those buttons are in ``groups``."""

from __future__ import annotations

from typing import Any

from bot.conversation import buttons as B
from bot.conversation.context import Ctx
from bot.conversation.messages import Button
from bot.conversation.prompts import current_field, header, nav_row
from bot.conversation.services import Services
from bot.conversation.ui import t
from bot.conversation.widgets import widget_for
from bot.dialogs.display import display_value
from bot.dialogs.schema import Answer, QType, Question

ROW_BUTTONS_SHOWN = 8  # edit/delete buttons offered for at most this many rows


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


def ask_group(ctx: Ctx, svc: Services, q: Question, d: dict[str, Answer], tok: str) -> None:
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
    kb += nav_row(ctx, svc, q, tok, answered=False)[1:]
    if q.help:
        kb[-1].insert(0, B.button(t("btn_help"), "h", tok))
    ctx.say(
        t(
            "group",
            header=header(ctx, svc, q, d),
            prompt=q.prompt,
            row_label=q.row_label,
            rows=[row_summary(q, r) for r in rows],
            shown=ROW_BUTTONS_SHOWN,
        ),
        kb,
    )


async def ask_field(ctx: Ctx, svc: Services, q: Question, tok: str) -> None:
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
