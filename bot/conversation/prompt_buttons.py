"""The buttons under an interview prompt: answers (read by the question's widget), skip,
« je ne sais pas encore », back, help, the group's rows, « question or answer? »."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from bot.conversation import buttons as B
from bot.conversation import faq_bridge, groups
from bot.conversation import interview as flow
from bot.conversation.context import Ctx
from bot.conversation.services import Services
from bot.conversation.ui import t
from bot.conversation.widgets import VERBS as WIDGET_VERBS
from bot.conversation.widgets import Refuse, Select, widget_for
from bot.dialogs.validators import AnswerInvalid


async def _btn_widget(ctx: Ctx, svc: Services, press: B.Press) -> None:
    """A press on an answer button: the pending question's widget says what it means."""
    target = (
        flow.current_field(ctx, svc) if ctx.state.mode == "row" else flow.current_question(ctx, svc)
    )
    widget = widget_for(target.type) if target is not None else None
    outcome = (
        widget.press(target, press.verb, press.arg(1), ctx.state.multi)
        if widget is not None and target is not None and press.verb in widget.verbs
        else None
    )
    if outcome is None:
        ctx.toast(t("stale_toast"))
    elif isinstance(outcome, Select):
        ctx.state.multi = outcome.selection
        await flow.ask(ctx, svc)
    elif isinstance(outcome, Refuse):
        ctx.note(t(outcome.message_key))
        await flow.ask(ctx, svc)
    else:
        ctx.state.multi = []
        await store_value(ctx, svc, outcome.value)


async def store_value(ctx: Ctx, svc: Services, value: Any) -> None:
    if ctx.state.mode == "row":
        await groups.row_value(ctx, svc, value)
    else:
        await flow.submit(ctx, svc, value)


async def _btn_skip(ctx: Ctx, svc: Services, press: B.Press) -> None:
    await skip(ctx, svc)


async def _btn_unknown(ctx: Ctx, svc: Services, press: B.Press) -> None:
    if ctx.state.mode == "row":
        ctx.note(t("unknown_not_in_row"))
        await flow.ask(ctx, svc)
        return
    await flow.submit(ctx, svc, None, status="unknown")


async def _btn_back(ctx: Ctx, svc: Services, press: B.Press) -> None:
    await flow.back(ctx, svc)


async def _btn_help(ctx: Ctx, svc: Services, press: B.Press) -> None:
    await flow.show_help(ctx, svc)


async def _btn_is_question(ctx: Ctx, svc: Services, press: B.Press) -> None:
    """« C'est une question »: the FAQ answers the kept text; nothing is stored."""
    text, ctx.state.pending_text = ctx.state.pending_text, ""
    if not text:
        ctx.toast(t("stale_toast"))
        return
    context = faq_bridge.context_from(await flow.dossier(ctx, svc))
    reply = faq_bridge.ask(text, context, strict=True) or faq_bridge.ask(
        text, context, strict=False
    )
    assert reply is not None
    ctx.lead(reply.text, faq_bridge.buttons(reply, compact=True))
    ctx.note(t("back_to_question"))
    await flow.ask(ctx, svc)


async def _btn_is_answer(ctx: Ctx, svc: Services, press: B.Press) -> None:
    """« C'est ma réponse »: the kept text is parsed again and stored."""
    text, ctx.state.pending_text = ctx.state.pending_text, ""
    target: Any = (
        flow.current_field(ctx, svc) if ctx.state.mode == "row" else flow.current_question(ctx, svc)
    )
    if not text or target is None:
        ctx.toast(t("stale_toast"))
        return
    try:
        value = widget_for(target.type).parse(target, text)
    except AnswerInvalid as exc:
        ctx.note(t("invalid", message=exc.message))
        await flow.ask(ctx, svc)
        return
    await store_value(ctx, svc, value)


async def _btn_group_add(ctx: Ctx, svc: Services, press: B.Press) -> None:
    await groups.group_add(ctx, svc)


async def _btn_group_done(ctx: Ctx, svc: Services, press: B.Press) -> None:
    await groups.group_done(ctx, svc)


async def _btn_group_edit(ctx: Ctx, svc: Services, press: B.Press) -> None:
    await groups.group_edit(ctx, svc, press.arg(1))


async def _btn_group_delete(ctx: Ctx, svc: Services, press: B.Press) -> None:
    await groups.group_delete(ctx, svc, press.arg(1))


async def _btn_cancel_row(ctx: Ctx, svc: Services, press: B.Press) -> None:
    await groups.cancel_row(ctx, svc)


PROMPT_BUTTONS: dict[str, Callable[[Ctx, Services, B.Press], Awaitable[None]]] = {
    **dict.fromkeys(WIDGET_VERBS, _btn_widget),  # answer buttons: the widget reads them
    "s": _btn_skip,
    "u": _btn_unknown,
    "b": _btn_back,
    "h": _btn_help,
    "ga": _btn_group_add,
    "gd": _btn_group_done,
    "ge": _btn_group_edit,
    "gx": _btn_group_delete,
    "rc": _btn_cancel_row,
    "qq": _btn_is_question,
    "qa": _btn_is_answer,
}


async def skip(ctx: Ctx, svc: Services) -> None:
    """« Passer »: the row's field being typed, or the pending question."""
    if ctx.state.mode == "row":
        await groups.row_value(ctx, svc, None, skip=True)
    else:
        await flow.skip(ctx, svc)
