"""The one place that decides what an incoming message is.

A command, a button press, the answer to the pending question, or a free-text question for
the FAQ (answered, then the pending question is asked again). Both transports call
``Conversation.handle`` and only translate its replies.
"""

from __future__ import annotations

import asyncio
import logging
import tempfile
import traceback
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from bot.conversation import buttons as B
from bot.conversation import commands, faq_bridge, groups, navigation, prompt_buttons, routes, teams
from bot.conversation import interview as flow
from bot.conversation.context import Ctx
from bot.conversation.messages import Incoming, Reply
from bot.conversation.services import Services
from bot.conversation.state import ConvState
from bot.conversation.ui import t
from bot.conversation.widgets import widget_for
from bot.dialogs.guards import looks_like_nir
from bot.dialogs.loader import Bundle, default_bundle
from bot.dialogs.parsing import AnswerInvalid
from bot.dialogs.parsing.one_line import LineGuess, parse_line
from bot.dialogs.schema import QType
from bot.dialogs.understanding import (
    Control,
    Decision,
    control_word,
    decide,
    echoes_prompt,
    has_question_cue,
)
from bot.normalize import fold
from bot.rules.faq.api import FaqContext, FaqReply
from bot.store import Store

log = logging.getLogger(__name__)

FREE_TEXT_TYPES = (QType.TEXT, QType.LONG_TEXT)
MAX_OPTIONS = 8  # candidate buttons offered for an ambiguous answer
NAME_TYPES = (QType.COMMUNES,)  # answers are names: control words only when typed exactly
MAX_PENDING_CHARS = 4000  # a « question or answer? » text kept in the session until a press
# Control words typed with no question pending map to the command they mean.
IDLE_CONTROLS = {Control.RESUME: "reprendre", Control.MENU: "entretiens", Control.HELP: "aide"}

Handler = Callable[[Ctx, Services, str], Awaitable[None]]

_CHECKED_BUNDLES: set[int] = set()


def check_documents_once(bundle: Bundle) -> None:
    """Fail at start-up, not mid-conversation, when a document template reads a missing answer.

    ``default_bundle()`` already ran ``check_bundle``; this adds the document side (about
    0.3 s, so once per bundle and process).
    """
    if id(bundle) in _CHECKED_BUNDLES:
        return
    from bot.documents.catalog import check_catalog

    problems = check_catalog(bundle)
    if problems:
        raise RuntimeError(
            "document templates do not match the interviews:\n" + "\n".join(problems)
        )
    _CHECKED_BUNDLES.add(id(bundle))


def ambiguity_options(error: AnswerInvalid) -> list[tuple[str, str]]:
    """Candidates carried by an ambiguous answer: (button label, answer text with it chosen).

    The parser raises a subclass of ``AnswerInvalid`` with ``options`` for names found in
    several departments (« Saint-Jean (31) », « Saint-Jean (38) »…).
    """
    options = getattr(error, "options", None) or []
    return [(str(label), str(text)) for label, text in options]


class Conversation:
    def __init__(
        self,
        store: Store,
        bundle: Bundle | None = None,
        *,
        files_dir: Path | None = None,
    ) -> None:
        files = files_dir or Path(tempfile.gettempdir()) / "cpts-files"
        bundle = bundle or default_bundle()
        check_documents_once(bundle)
        self.svc = Services(
            store=store,
            bundle=bundle,
            files_dir=files,
        )
        self._locks: dict[int, asyncio.Lock] = {}
        self._lock_users: dict[int, int] = {}  # messages holding or waiting for each lock
        self.svc.files.sweep()  # generated files left by an earlier run

    @staticmethod
    def command_menu() -> list[tuple[str, str]]:
        return commands.menu()

    async def handle(self, incoming: Incoming) -> list[Reply]:
        """Handle one user action; never raises for anything the user can send."""
        uid = incoming.user.id
        lock = self._locks.setdefault(uid, asyncio.Lock())
        self._lock_users[uid] = self._lock_users.get(uid, 0) + 1
        try:
            return await self._handle_locked(incoming, lock)
        finally:
            self._lock_users[uid] -= 1
            if not self._lock_users[uid]:  # idle: drop the lock (10 000 users, 0 locks kept)
                del self._lock_users[uid]
                self._locks.pop(uid, None)

    @property
    def held_locks(self) -> int:
        """How many users have a message in progress (for tests and monitoring)."""
        return len(self._locks)

    async def _handle_locked(self, incoming: Incoming, lock: asyncio.Lock) -> list[Reply]:
        uid = incoming.user.id
        async with lock:
            store = self.svc.store
            session = await store.get_session(uid)
            state = ConvState.model_validate(session.state or {})
            team_id = session.active_team_id
            if team_id is not None and await store.role(team_id, uid) is None:
                team_id, state = None, ConvState(name=state.name)
            ctx = Ctx(user=incoming.user, state=state, team_id=team_id)
            name = incoming.user.display_name or t("anonymous_name")
            if state.name != name:
                await store.upsert_user(uid, name)
                state.name = name
            try:
                await self._route(ctx, incoming)
            except Exception as exc:  # a bug must not lose the user: say so, keep the state
                log.error(
                    "conversation error %s\n%s",
                    type(exc).__name__,
                    "".join(traceback.format_tb(exc.__traceback__)),
                )
                ctx.replies = [Reply(text=t("error_generic"))]
            ctx.flush()
            if ctx.forget_user:
                return ctx.replies
            session.active_team_id = ctx.team_id
            session.state = ctx.state.model_dump()
            await store.save_session(session)
            return ctx.replies

    # ------------------------------------------------------------------------- routing

    async def _route(self, ctx: Ctx, incoming: Incoming) -> None:
        if incoming.kind == "non_text":
            ctx.note(t("non_text", media=incoming.media))
            await self._reprompt(ctx)
            return
        if incoming.kind == "button":
            await self._on_button(ctx, incoming.data)
            return
        text = incoming.text.strip()
        if not text:
            ctx.note(t("empty_text"))
            await self._reprompt(ctx)
            return
        if text.startswith("/"):
            await self._on_command(ctx, text)
            return
        await self._on_text(ctx, text)

    async def _reprompt(self, ctx: Ctx) -> None:
        if ctx.state.mode != "idle":
            await flow.ask(ctx, self.svc)

    async def _on_command(self, ctx: Ctx, text: str) -> None:
        head, _, arg = text[1:].partition(" ")
        spec = commands.resolve(head)
        handler = COMMAND_HANDLERS.get(spec.name) if spec else None
        if spec is None or handler is None:
            ctx.say(t("unknown_command", command=head[:40]))
            await self._reprompt(ctx)
            return
        if spec.team and ctx.team_id is None:
            teams.need_team(ctx)
            return
        await handler(ctx, self.svc, arg.strip())

    async def _on_text(self, ctx: Ctx, text: str) -> None:
        st = ctx.state
        if st.mode == "team_name":
            await teams.create_team(ctx, self.svc, text)
            return
        if st.mode == "invite_code":
            await teams.join(ctx, self.svc, text)
            return
        if st.mode in ("question", "row") and ctx.team_id is not None:
            await self._on_answer_text(ctx, text)
            return
        await self._on_idle_text(ctx, text)

    async def _faq_context(self, ctx: Ctx) -> FaqContext | None:
        if ctx.team_id is None:
            return None
        return faq_bridge.context_from(await flow.dossier(ctx, self.svc))

    def _say_faq(self, ctx: Ctx, reply: FaqReply, *, mid_interview: bool) -> None:
        """A FAQ reply; mid-interview it rides on top of the repeated question when it can."""
        if mid_interview:  # one message: the answer, its detail buttons, then the question
            ctx.lead(reply.text, faq_bridge.buttons(reply, compact=True))
            ctx.note(t("back_to_question"))
            return
        ctx.say(reply.text, faq_bridge.buttons(reply))

    async def _faq(self, ctx: Ctx, text: str, *, strict: bool = False) -> bool:
        found = faq_bridge.ask(text, await self._faq_context(ctx), strict=strict)
        if found is None:
            return False
        self._say_faq(ctx, found, mid_interview=strict)
        if not strict and ctx.team_id is None and found.kind == "out_of_scope":
            ctx.say(t("hint_no_team"))
        return True

    async def _on_idle_text(self, ctx: Ctx, text: str) -> None:
        control = control_word(text)
        if ctx.team_id is not None and control in IDLE_CONTROLS:
            await COMMAND_HANDLERS[IDLE_CONTROLS[control]](ctx, self.svc, "")
            return
        await self._faq(ctx, text)

    async def _on_answer_text(self, ctx: Ctx, text: str) -> None:
        """Commands were routed already; then control words, the answer, the FAQ (issue 11)."""
        st = ctx.state
        st.pending_text, st.pending_options = "", []
        q = flow.current_question(ctx, self.svc)
        if q is None:
            st.mode = "idle"
            await self._faq(ctx, text)
            return
        target: Any = flow.current_field(ctx, self.svc) if st.mode == "row" else q
        if target is None:
            st.mode = "question"
            await flow.ask(ctx, self.svc)
            return
        control = control_word(text, fuzzy=target.type not in NAME_TYPES)
        if control is not None:
            await self._on_control(ctx, control)
            return
        if looks_like_nir(text):
            ctx.note(t("nir_refused"))
            await flow.ask(ctx, self.svc)
            return
        if target.type is QType.GROUP:
            await self._on_group_text(ctx, text)
            return
        if st.mode == "row" and st.row is not None and not st.row.values and not st.row.row_id:
            guess = self._row_on_one_line(ctx, text)  # a whole new row typed at its 1st field
            if guess is not None:
                await groups.row_from_line(ctx, self.svc, guess)
                return
        value: Any = None
        error: AnswerInvalid | None = None
        try:
            value = widget_for(target.type).parse(target, text)
        except AnswerInvalid as exc:
            error = exc
        free_text = target.type in FREE_TEXT_TYPES
        found: FaqReply | None = None
        if error is not None or free_text or len(text.split()) > 1:
            found = faq_bridge.ask(text, await self._faq_context(ctx), strict=True)
        decision = decide(
            parsed=error is None,
            free_text=free_text,
            faq_question=found is not None,
            cue=has_question_cue(text),
            echo=echoes_prompt(text, target.prompt),
        )
        if decision is Decision.STORE:
            await prompt_buttons.store_value(ctx, self.svc, value)
        elif decision is Decision.INVALID:
            assert error is not None
            options = ambiguity_options(error)
            if options:  # « Saint-Jean » exists in several departments: one button each
                st.pending_options = [text for _, text in options][:MAX_OPTIONS]
                ctx.say(
                    t("ambiguous", message=error.message),
                    B.rows(
                        [
                            B.button(label, CANDIDATE_VERB, st.tok, i)
                            for i, (label, _) in enumerate(options[:MAX_OPTIONS])
                        ],
                        1,
                    ),
                )
                return
            ctx.note(t("invalid", message=error.message))
            await flow.ask(ctx, self.svc)
        elif decision is Decision.ASK_WHICH:
            st.pending_text = text[:MAX_PENDING_CHARS]
            ctx.say(
                t("question_or_answer", text=text[:80]),
                [
                    [
                        B.button(t("btn_is_question"), "qq", st.tok),
                        B.button(t("btn_is_answer"), "qa", st.tok),
                    ]
                ],
            )
        else:
            assert found is not None
            self._say_faq(ctx, found, mid_interview=True)
            if decision is Decision.FAQ_OFFER_STORE:
                st.pending_text = text[:MAX_PENDING_CHARS]
            await flow.ask(ctx, self.svc)

    def _row_on_one_line(self, ctx: Ctx, text: str) -> LineGuess | None:
        """The pending group's row read from one line, when the reading is convincing."""
        q = flow.current_question(ctx, self.svc)
        if q is None or q.type is not QType.GROUP or has_question_cue(text):
            return None
        guess = parse_line(q.fields, text)
        return guess if guess is not None and guess.convincing else None

    async def _on_control(self, ctx: Ctx, control: Control) -> None:
        """« passer », « retour », « je ne sais pas »…: steer the interview, store nothing typed."""
        st, svc = ctx.state, self.svc
        in_row = st.mode == "row"
        if control is Control.SKIP:
            field = flow.current_field(ctx, svc) if in_row else None
            if field is not None and field.required and st.row and field.id not in st.row.values:
                ctx.note(t("field_required"))
                await flow.ask(ctx, svc)
            else:
                await prompt_buttons.skip(ctx, svc)
        elif control is Control.BACK:
            if in_row:
                ctx.note(t("no_back_in_row"))
                await flow.ask(ctx, svc)
            else:
                await flow.back(ctx, svc)
        elif control is Control.UNKNOWN:
            q = flow.current_question(ctx, svc)
            if in_row:
                ctx.note(t("unknown_not_in_row"))
                await flow.ask(ctx, svc)
            elif q is not None and not q.allow_unknown:
                ctx.note(t("unknown_not_allowed"))
                await flow.ask(ctx, svc)
            else:
                await flow.submit(ctx, svc, None, status="unknown")
        elif control is Control.HELP:
            await flow.show_help(ctx, svc)
        elif control is Control.CANCEL:
            if in_row:
                await groups.cancel_row(ctx, svc)
            elif st.editing:
                ctx.note(t("edit_cancelled"))
                await prompt_buttons.skip(ctx, svc)
            else:
                st.mode = "idle"
                ctx.say(t("interview_paused"))
        elif control is Control.MENU:
            await navigation.show_interviews(ctx, svc)
        else:
            await flow.ask(ctx, svc)

    async def _on_group_text(self, ctx: Ctx, text: str) -> None:
        word = fold(text)
        if word in ("ajouter", "+", "oui", "nouveau", "nouvelle"):
            await groups.group_add(ctx, self.svc)
        elif word in ("termine", "fini", "non", "fin", "ok"):
            await groups.group_done(ctx, self.svc)
        elif (guess := self._row_on_one_line(ctx, text)) is not None:
            await groups.row_from_line(ctx, self.svc, guess)
        elif not await self._faq(ctx, text, strict=True):
            ctx.note(t("group_use_buttons"))
            await flow.ask(ctx, self.svc)
        else:
            await flow.ask(ctx, self.svc)

    # ------------------------------------------------------------------------- buttons

    async def _on_button(self, ctx: Ctx, raw: str) -> None:
        press = B.parse(raw)
        if press is None:
            ctx.toast(t("stale_toast"))
            return
        if press.verb == faq_bridge.FOLLOW_VERB:
            await self._on_faq_button(ctx, press)
            return
        handler = GLOBAL_BUTTONS.get(press.verb)
        if handler is not None:
            if press.verb not in NO_TEAM_BUTTONS and ctx.team_id is None:
                teams.need_team(ctx)
                return
            await handler(ctx, self.svc, press)
            return
        st = ctx.state
        if (
            (press.verb not in prompt_buttons.PROMPT_BUTTONS and press.verb != CANDIDATE_VERB)
            or st.mode not in ("question", "row")
            or press.arg(0) != st.tok
            or ctx.team_id is None
        ):
            ctx.toast(t("stale_toast"))
            return
        if press.verb == CANDIDATE_VERB:
            await self._on_candidate(ctx, press)
            return
        await prompt_buttons.PROMPT_BUTTONS[press.verb](ctx, self.svc, press)

    async def _on_candidate(self, ctx: Ctx, press: B.Press) -> None:
        """One candidate of an ambiguous answer chosen: the answer is read again with it
        (another ambiguous name in the same list is then asked about in turn)."""
        options = ctx.state.pending_options
        index = press.arg(1)
        if not index.isdecimal() or int(index) >= len(options):
            ctx.toast(t("stale_toast"))
            return
        await self._on_answer_text(ctx, options[int(index)])

    async def _on_faq_button(self, ctx: Ctx, press: B.Press) -> None:
        reply = faq_bridge.follow(":".join(press.args), await self._faq_context(ctx))
        if reply is None:
            ctx.toast(t("stale_toast"))
            return
        self._say_faq(ctx, reply, mid_interview=ctx.state.mode in ("question", "row"))
        await self._reprompt(ctx)


CANDIDATE_VERB = "cm"  # a candidate of an ambiguous answer (handled by the Conversation)

GLOBAL_BUTTONS = routes.GLOBAL_BUTTONS
NO_TEAM_BUTTONS = routes.NO_TEAM_BUTTONS
COMMAND_HANDLERS: dict[str, Handler] = routes.COMMAND_HANDLERS
