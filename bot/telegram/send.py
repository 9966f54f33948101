"""Reply → Bot API calls: plain-text messages, inline keyboards, documents.

Text is always sent without a parse mode, so nothing a user typed (« *, _, <, [ ») can break
formatting or be rejected by Telegram. Long texts are split under Telegram's limit at the
cleanest boundary available.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.constants import ChatAction, MessageLimit

from bot.conversation.messages import MAX_CALLBACK_BYTES, Button, Reply
from bot.files import discard_sent
from bot.telegram.ui import ui_text

MAX_MESSAGE = int(MessageLimit.MAX_TEXT_LENGTH)  # 4096, counted in UTF-16 code units

# Boundaries tried in order: paragraph, line, word; then a hard cut.
_SEPARATORS: tuple[re.Pattern[str], ...] = (
    re.compile(r"\n\s*\n\s*"),
    re.compile(r"\n\s*"),
    re.compile(r"\s+"),
)


def tg_len(text: str) -> int:
    """Length as Telegram counts it: UTF-16 code units (an emoji outside the BMP counts 2)."""
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def split_text(text: str, limit: int = MAX_MESSAGE) -> list[str]:
    """Cut ``text`` into non-empty chunks of at most ``limit`` UTF-16 units.

    Prefers paragraph boundaries, then line breaks, then spaces, then a hard cut (never
    inside a character). Whitespace at the cut is dropped; nothing else is lost.
    """
    if limit < 2:
        raise ValueError("limit must allow at least one character")
    chunks: list[str] = []
    rest = text.strip()
    while rest:
        if tg_len(rest) <= limit:
            chunks.append(rest)
            break
        head, rest = _cut(rest, limit)
        chunks.append(head)
        rest = rest.lstrip()
    return chunks


def _cut(text: str, limit: int) -> tuple[str, str]:
    """Split ``text`` (longer than ``limit``) into a head that fits and the rest."""
    window = _prefix_fitting(text, limit)
    for separator in _SEPARATORS:
        best = None
        for match in separator.finditer(text, 0, len(window) + 1):
            if match.start() > 0 and window[: match.start()].strip():
                best = match
        if best is not None:
            return text[: best.start()].rstrip(), text[best.end() :]
    return window.rstrip(), text[len(window) :]


def _prefix_fitting(text: str, limit: int) -> str:
    """Longest prefix of ``text`` whose UTF-16 length is at most ``limit``."""
    prefix = text[:limit]  # code points ≥ UTF-16 units, so this may still be too long
    while tg_len(prefix) > limit:
        prefix = prefix[: -max(1, (tg_len(prefix) - limit) // 2)]
    return prefix


def invite_link(bot_username: str, code: str) -> str:
    return f"https://t.me/{bot_username}?start={code}"


def keyboard(rows: Sequence[Sequence[Button]]) -> InlineKeyboardMarkup | None:
    """Inline keyboard for ``Reply.buttons``; rejects callback data over 64 UTF-8 bytes."""
    if not rows:
        return None
    built: list[list[InlineKeyboardButton]] = []
    for row in rows:
        line = []
        for button in row:
            if len(button.data.encode("utf-8")) > MAX_CALLBACK_BYTES:
                raise ValueError(f"callback data over {MAX_CALLBACK_BYTES} bytes: {button.data!r}")
            line.append(InlineKeyboardButton(button.label, callback_data=button.data))
        if line:
            built.append(line)
    return InlineKeyboardMarkup(built) if built else None


async def send_replies(bot: Bot, chat_id: int, replies: Iterable[Reply]) -> None:
    """Send each reply in order (a reply's chunks and document stay together)."""
    for reply in replies:
        await send_reply(bot, chat_id, reply)


async def send_reply(bot: Bot, chat_id: int, reply: Reply) -> None:
    """Text chunks in order, keyboard on the last message: the last text chunk, or the
    document when there is one (« upload_document » shown while it uploads)."""
    if not reply.text and reply.document is None:
        return  # a pop-up only (``toast``): the callback answer carries it
    markup = keyboard(reply.buttons)
    text = reply.text
    if reply.invite_code and bot.username:  # the deep link is Telegram's, not the conversation's
        link = invite_link(bot.username, reply.invite_code)
        text = f"{text.rstrip()}\n{ui_text('invite_link', link=link)}"
    chunks = split_text(text)
    if reply.document is not None:
        for chunk in chunks:
            await bot.send_message(chat_id, chunk)
        await bot.send_chat_action(chat_id, ChatAction.UPLOAD_DOCUMENT)
        try:
            with reply.document.open("rb") as fh:
                await bot.send_document(
                    chat_id,
                    document=fh,
                    filename=reply.document_name or reply.document.name,
                    reply_markup=markup,
                )
        finally:
            if reply.discard_after_send:  # sent or not, it is regenerated on the next press
                discard_sent(reply.document)
        return
    if reply.busy == "writing" and chunks:
        await bot.send_chat_action(chat_id, ChatAction.TYPING)
    for index, chunk in enumerate(chunks):
        last = index == len(chunks) - 1
        await bot.send_message(chat_id, chunk, reply_markup=markup if last else None)
