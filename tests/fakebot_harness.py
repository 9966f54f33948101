"""Test helpers: a conversation double and an in-process bot wired to the fake Bot API.

``ScriptedConversation`` has the interface of ``bot.conversation.core.Conversation`` and a
few scripted behaviours (slow, failing, long text, document) to exercise the adapter alone.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path

from telegram.ext import AIORateLimiter, Application

from bot.config import Settings
from bot.conversation.messages import Button, Incoming, Reply
from bot.telegram.app import ALLOWED_UPDATES, build_application
from tests.fakebotapi import FakeBotApi, Sent

YES_NO = [[Button(label="Oui", data="q:yes"), Button(label="Non", data="q:no")]]
LONG_PARAGRAPH = (
    "Une phrase de démonstration assez longue pour remplir un paragraphe. " * 20
).strip()


@dataclass
class Handled:
    incoming: Incoming
    started: float
    finished: float = 0.0


@dataclass
class ScriptedConversation:
    tmp_dir: Path
    handled: list[Handled] = field(default_factory=list)

    async def handle(self, incoming: Incoming) -> list[Reply]:
        record = Handled(incoming, time.monotonic())
        self.handled.append(record)
        try:
            return await self._reply(incoming)
        finally:
            record.finished = time.monotonic()

    async def _reply(self, incoming: Incoming) -> list[Reply]:
        if incoming.kind == "non_text":
            return [Reply(text=f"media:{incoming.media}:{incoming.text}")]
        if incoming.kind == "button":
            return [Reply(text=f"button:{incoming.data}")]
        text = incoming.text
        if text.startswith("/start"):
            return [Reply(text=f"start:{incoming.user.display_name}:{text}", buttons=YES_NO)]
        if text.startswith("slow"):
            await asyncio.sleep(0.4)
        if text.startswith("boom"):
            raise RuntimeError(f"failure while handling {text!r} from {incoming.user}")
        if text == "long":
            body = "\n\n".join(f"§{i} {LONG_PARAGRAPH}" for i in range(12))
            return [Reply(text=body, buttons=YES_NO)]
        if text == "doc":
            path = self.tmp_dir / "draft.bin"
            path.write_bytes(b"PK\x03\x04 fake docx")
            return [
                Reply(text="Voici le brouillon."),
                Reply(document=path, document_name="Pré-projet CPTS.docx", buttons=YES_NO),
            ]
        if text == "doc-discard":  # a generated file: deleted once sent, with its folder
            folder = self.tmp_dir / "generation-1"
            folder.mkdir(exist_ok=True)
            path = folder / "draft.docx"
            path.write_bytes(b"PK\x03\x04 generated")
            return [Reply(document=path, discard_after_send=True)]
        if text == "two":
            return [Reply(text="premier"), Reply(text="second", busy="writing")]
        if text == "badbutton":
            return [Reply(text="x", buttons=[[Button(label="é", data="é" * 40)]])]
        return [Reply(text=f"echo:{text}")]

    @staticmethod
    def command_menu() -> list[tuple[str, str]]:
        return [("start", "Commencer ou rejoindre une équipe"), ("aide", "Ce que je sais faire")]


def settings_for(fake: FakeBotApi, tmp_path: Path) -> Settings:
    return Settings(
        telegram_bot_token=fake.token,
        telegram_base_url=fake.base_url,
        telegram_base_file_url=fake.base_file_url,
        db_path=tmp_path / "var" / "cpts.sqlite3",
    )


async def start_app(app: Application, poll_timeout: float = 1.0) -> None:
    """What ``run_polling`` does, minus the signal handling and the owned event loop."""
    await app.initialize()
    if app.post_init is not None:
        await app.post_init(app)
    assert app.updater is not None
    await app.updater.start_polling(timeout=poll_timeout, allowed_updates=ALLOWED_UPDATES)
    await app.start()


async def stop_app(app: Application) -> None:
    assert app.updater is not None
    if app.updater.running:
        await app.updater.stop()
    if app.running:
        await app.stop()
    await app.shutdown()
    if app.post_shutdown is not None:
        await app.post_shutdown(app)


@contextlib.asynccontextmanager
async def running_bot(
    tmp_path: Path,
    conversation: object | None = None,
    rate_limiter: AIORateLimiter | None = None,
    real: bool = False,
) -> AsyncIterator[tuple[FakeBotApi, Application, object]]:
    """A fake server and the real adapter polling it, in this event loop.

    ``real``: no double; ``post_init`` opens the SQLite store and builds the real
    ``Conversation`` exactly as in production.
    """
    async with FakeBotApi() as fake:
        conv = conversation
        if conv is None and not real:
            conv = ScriptedConversation(tmp_path)
        app = build_application(
            settings_for(fake, tmp_path), conversation=conv, rate_limiter=rate_limiter
        )
        await start_app(app)
        try:
            yield fake, app, app.bot_data["adapter"].conversation
        finally:
            await stop_app(app)


async def settle(fake: FakeBotApi, app: Application, timeout: float = 10.0) -> None:
    """Until every injected update was fetched by the bot and fully processed."""
    await fake.wait_confirmed(timeout=timeout)
    async with asyncio.timeout(timeout):
        await app.update_queue.join()


async def replies(fake: FakeBotApi, app: Application, chat_id: int) -> list[Sent]:
    """Everything the bot sent to ``chat_id`` in answer to the updates injected so far."""
    await settle(fake, app)
    return fake.take(chat_id)
