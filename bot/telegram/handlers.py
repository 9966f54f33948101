"""Update → ``Incoming``, conversation → replies, and the error handler.

Only private chats reach the conversation. In a group, supergroup or channel the bot would
mix several people's dossiers in one place and expose answers to everyone, so it explains
once per chat (per process run) that it only talks privately, then stays silent there.
"""

from __future__ import annotations

import asyncio
import logging
import traceback
from typing import Protocol

from telegram import CallbackQuery, Chat, Message, Update, User
from telegram.constants import ChatMemberStatus
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot.conversation.messages import Incoming, Reply, UserRef
from bot.telegram.send import send_replies, split_text
from bot.telegram.ui import ui_text

log = logging.getLogger(__name__)

# Message attributes that make a message « non-text », most specific first (an animation
# message also carries ``document``; a venue also carries ``location``).
MEDIA_KINDS: tuple[tuple[str, str], ...] = (
    ("sticker", "sticker"),
    ("animation", "animation"),
    ("photo", "photo"),
    ("video_note", "video_note"),
    ("video", "video"),
    ("voice", "voice"),
    ("audio", "audio"),
    ("document", "document"),
    ("venue", "location"),
    ("location", "location"),
    ("contact", "contact"),
    ("poll", "poll"),
    ("dice", "dice"),
    ("story", "story"),
)
MAX_NAME = 128


class ConversationLike(Protocol):
    """What the adapter needs from ``bot.conversation.core.Conversation``."""

    async def handle(self, incoming: Incoming) -> list[Reply]: ...

    def command_menu(self) -> list[tuple[str, str]]: ...


def display_name(user: User) -> str:
    """« Julie M. »: first name and the initial of the last name, nothing more."""
    first = " ".join(user.first_name.split())
    last = "".join(user.last_name.split()) if user.last_name else ""
    name = f"{first} {last[0].upper()}." if last else first
    return name[:MAX_NAME]


def user_ref(user: User) -> UserRef:
    return UserRef(id=user.id, display_name=display_name(user))


def media_kind(message: Message) -> str | None:
    """Name of the non-text content of ``message``, or ``None`` (service message)."""
    for attribute, kind in MEDIA_KINDS:
        if getattr(message, attribute, None):
            return kind
    return None


def command_text(text: str, bot_username: str | None) -> str:
    """« /start@CptsBot ABC » → « /start ABC » (the conversation does not know the bot's name)."""
    if not text.startswith("/") or not bot_username:
        return text
    head, sep, tail = text.partition(" ")
    command, at, name = head.partition("@")
    if at and name.lower() == bot_username.lower():
        return command + sep + tail
    return text


def is_private(chat: Chat | None) -> bool:
    return chat is not None and chat.type == Chat.PRIVATE


TOAST_MAX = 200  # Telegram's limit for an answerCallbackQuery text


class TelegramAdapter:
    """Handler callbacks bound to one conversation. Holds no per-user state."""

    def __init__(self, conversation: ConversationLike | None = None) -> None:
        self.conversation = conversation  # set in post_init when the store is opened
        self._told_chats: set[int] = set()  # non-private chats already given the explanation

    async def _run(
        self, update: Update, context: ContextTypes.DEFAULT_TYPE, incoming: Incoming
    ) -> None:
        chat = update.effective_chat
        if chat is None or self.conversation is None:
            raise RuntimeError("update before start-up completed")
        replies = await self.conversation.handle(incoming)
        await send_replies(context.bot, chat.id, replies)

    async def on_text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message, user = update.effective_message, update.effective_user
        if message is None or user is None or message.text is None:
            return
        text = command_text(message.text, context.bot.username)
        await self._run(update, context, Incoming(user=user_ref(user), kind="text", text=text))

    async def on_media(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message, user = update.effective_message, update.effective_user
        if message is None or user is None:
            return
        kind = media_kind(message)
        if kind is None:
            return  # service message (pinned, joined…): nothing the user said
        incoming = Incoming(
            user=user_ref(user), kind="non_text", media=kind, text=message.caption or ""
        )
        await self._run(update, context, incoming)

    async def on_button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        if query is None:
            return
        # Always answered (it stops the client's spinner). The conversation decides first, so
        # that a refused or old button gets a short pop-up and nothing else; an accepted press
        # removes the keyboard it came from (that message has been answered).
        if query.data is None or not is_private(update.effective_chat):
            await _answer(query, None)
            if query.data is not None:
                await self._explain_once(update, context)
            return
        chat = update.effective_chat
        if chat is None or self.conversation is None:
            await _answer(query, None)
            raise RuntimeError("update before start-up completed")
        incoming = Incoming(user=user_ref(query.from_user), kind="button", data=query.data)
        try:
            replies = await self.conversation.handle(incoming)
        except BaseException:
            await _answer(query, None)
            raise
        toast = next((r.toast for r in replies if r.toast), None)
        pending = [asyncio.ensure_future(_answer(query, toast))]
        if toast is None and query.message is not None:
            pending.append(asyncio.ensure_future(_clear_keyboard(query)))
        try:
            await send_replies(context.bot, chat.id, replies)
        finally:
            await asyncio.gather(*pending)

    async def on_group(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Any message or channel post outside a private chat."""
        await self._explain_once(update, context)

    async def on_my_member(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """The bot was added to a group or channel: explain right away."""
        change = update.my_chat_member
        if change is None or is_private(change.chat):
            return
        if change.new_chat_member.status in (
            ChatMemberStatus.MEMBER,
            ChatMemberStatus.ADMINISTRATOR,
        ):
            await self._explain_once(update, context)

    async def _explain_once(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        chat = update.effective_chat
        if chat is None or chat.id in self._told_chats:
            return
        self._told_chats.add(chat.id)
        username = context.bot.username
        text = ui_text("group_chat", bot_link=f"https://t.me/{username}" if username else "")
        try:
            for chunk in split_text(text):
                await context.bot.send_message(chat.id, chunk)
        except TelegramError as exc:  # e.g. no right to post in a channel
            log.info("group explanation not sent: %s", type(exc).__name__)

    async def on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Log the failure without personal data, then reassure the user in private chats."""
        error = context.error
        update_id = update.update_id if isinstance(update, Update) else None
        where = _where(error)
        log.error(
            "update %s failed: %s%s",
            update_id,
            type(error).__name__,
            f" at {where}" if where else "",
        )
        if not isinstance(update, Update) or not is_private(update.effective_chat):
            return
        chat = update.effective_chat
        assert chat is not None
        try:
            await context.bot.send_message(chat.id, ui_text("error"))
        except Exception as exc:  # noqa: BLE001 - an error handler must never raise
            log.error("error message not sent for update %s: %s", update_id, type(exc).__name__)


async def _answer(query: CallbackQuery, toast: str | None) -> None:
    try:
        await query.answer(text=toast[:TOAST_MAX] if toast else None)
    except TelegramError as exc:  # query too old (the bot was down): the press still counts
        log.info("answer_callback_query failed: %s", type(exc).__name__)


async def _clear_keyboard(query: CallbackQuery) -> None:
    """Remove the buttons of the message that was just answered (old presses stay harmless)."""
    try:
        await query.edit_message_reply_markup(reply_markup=None)
    except TelegramError as exc:  # message too old to edit, or already without keyboard
        log.info("edit_message_reply_markup failed: %s", type(exc).__name__)


def _where(error: BaseException | None) -> str:
    """Code locations of the traceback (file:line function), never the exception message,
    which may quote user input."""
    if error is None or error.__traceback__ is None:
        return ""
    frames = traceback.extract_tb(error.__traceback__)[-3:]
    return " <- ".join(
        f"{frame.filename.rsplit('/', 1)[-1]}:{frame.lineno} {frame.name}"
        for frame in reversed(frames)
    )
