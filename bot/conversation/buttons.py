"""Compact callback data for inline buttons (Telegram allows 64 bytes).

Format: ``verb:arg1:arg2``. Buttons tied to the prompt on screen carry its stamp (``tok``)
so that a press on an old message is recognised as stale instead of answering the wrong
question.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.conversation.messages import MAX_CALLBACK_BYTES, Button


@dataclass(frozen=True)
class Press:
    verb: str
    args: tuple[str, ...]

    def arg(self, i: int, default: str = "") -> str:
        return self.args[i] if i < len(self.args) else default


def data(verb: str, *args: object) -> str:
    raw = ":".join([verb, *(str(a) for a in args)])
    if len(raw.encode("utf-8")) > MAX_CALLBACK_BYTES:
        raise ValueError(f"callback data too long: {raw!r}")
    return raw


def button(label: str, verb: str, *args: object) -> Button:
    return Button(label=label, data=data(verb, *args))


def parse(raw: str) -> Press | None:
    if not raw or len(raw.encode("utf-8")) > MAX_CALLBACK_BYTES:
        return None
    verb, *args = raw.split(":")
    if not verb.isascii() or not verb.isalpha():
        return None
    return Press(verb=verb, args=tuple(args))


def rows(buttons: list[Button], per_row: int) -> list[list[Button]]:
    return [buttons[i : i + per_row] for i in range(0, len(buttons), per_row)]
