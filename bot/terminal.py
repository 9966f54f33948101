"""The conversation in a terminal: same engine, buttons shown as ``#1``, ``#2``…

Works interactively (tmux, a shell) and from a pipe, which is how the tests and the README
drive a whole interview without Telegram. Type ``#N`` to press button N of the last
message; anything else is sent as text (commands start with ``/``).
"""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path
from typing import TextIO

from bot.conversation.messages import Button, Incoming, Reply, UserRef
from bot.paths import TEMPLATES_DIR
from bot.textfmt import Strings

DEFAULT_USER_ID = 1
PROMPT = "> "
MAX_NAME = 64
terminal_text = Strings(TEMPLATES_DIR / "ui" / "terminal.yaml")


def format_reply(reply: Reply, first_index: int) -> tuple[str, list[Button]]:
    """Render one reply as terminal text; returns the text and its buttons in order."""
    lines = [reply.text] if reply.text else []
    if reply.toast:
        lines.append(f"({reply.toast})")
    flat = [b for row in reply.buttons for b in row]
    if flat:
        numbered = [f"#{first_index + i} {b.label}" for i, b in enumerate(flat)]
        lines.append("   ".join(numbered))
    if reply.document is not None:
        lines.append(f"📄 Fichier : {reply.document}")
    return "\n".join(lines), flat


class TerminalChat:
    def __init__(self, conversation, user: UserRef, out: TextIO) -> None:
        self.conversation = conversation
        self.user = user
        self.out = out
        self.buttons: list[Button] = []

    async def send(self, incoming: Incoming) -> None:
        replies = await self.conversation.handle(incoming)
        if any(r.buttons for r in replies):
            self.buttons = []
        for reply in replies:
            text, flat = format_reply(reply, len(self.buttons) + 1)
            self.buttons.extend(flat)
            print(text, end="\n\n", file=self.out)
        self.out.flush()

    def to_incoming(self, line: str) -> Incoming | None:
        text = line.strip()
        if text.startswith("#") and text[1:].isdecimal():
            n = int(text[1:])
            if 1 <= n <= len(self.buttons):
                return Incoming(user=self.user, kind="button", data=self.buttons[n - 1].data)
            print(f"Pas de bouton #{n}.", file=self.out)
            return None
        return Incoming(user=self.user, kind="text", text=line.rstrip("\n"))


async def chat(db: Path, user: UserRef, stdin: TextIO, out: TextIO) -> None:
    from bot.conversation.core import Conversation
    from bot.store import Store

    db.parent.mkdir(parents=True, exist_ok=True)
    store = await Store.open(db)
    try:
        interactive = stdin.isatty()
        loop = asyncio.get_running_loop()
        if not user.display_name:  # asked once, then remembered by the store
            known = await store.display_name(user.id)
            if not known and interactive:
                print(terminal_text("ask_name"), end="", file=out, flush=True)
                typed = (await loop.run_in_executor(None, stdin.readline)).strip()[:MAX_NAME]
                known = typed or None
            user = user.model_copy(update={"display_name": known or terminal_text("default_name")})
        files = Path(os.environ.get("CPTS_DOCUMENTS_DIR", db.parent / "documents"))
        session = TerminalChat(Conversation(store, files_dir=files), user, out)
        await session.send(Incoming(user=user, kind="text", text="/start"))
        while True:
            if interactive:
                print(PROMPT, end="", file=out, flush=True)
            line = await loop.run_in_executor(None, stdin.readline)
            if not line:
                break
            if not interactive:
                print(f"{PROMPT}{line.rstrip()}", file=out)
            incoming = session.to_incoming(line)
            if incoming is not None:
                await session.send(incoming)
    finally:
        await store.close()


def default_db() -> Path:
    return Path(os.environ.get("CPTS_DB", "var/cpts.sqlite3"))


def run_chat(db: str | None = None, user_id: int | None = None, name: str | None = None) -> int:
    uid = user_id if user_id is not None else int(os.environ.get("CPTS_USER_ID", DEFAULT_USER_ID))
    display = name or os.environ.get("CPTS_USER_NAME") or ""  # empty: asked once
    path = Path(db) if db else default_db()
    print(f"Compagnon CPTS — terminal (base : {path}). #N = bouton N ; Ctrl-D pour quitter.\n")
    try:
        asyncio.run(chat(path, UserRef(id=uid, display_name=display), sys.stdin, sys.stdout))
    except KeyboardInterrupt:
        print()
    return 0
