"""What goes in and out of the conversation layer, independent of any transport.

Transports (Telegram, terminal) translate their own updates into ``Incoming`` and send
each ``Reply``; they never decide anything themselves.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

MAX_CALLBACK_BYTES = 64  # Telegram's limit for callback_data


class UserRef(BaseModel):
    """Who is talking. ``id`` is the transport's stable user id (Telegram user id)."""

    model_config = ConfigDict(frozen=True)

    id: int
    display_name: str = Field(default="", max_length=128)  # « Julie M. » (first name + initial)


class Incoming(BaseModel):
    """One thing the user did.

    kind:
      - ``text``: a typed message (may start with ``/`` for a command);
      - ``button``: an inline button press; ``data`` is the button's callback data;
      - ``non_text``: a photo, sticker, voice note, file, location...; ``media`` names it.
    """

    model_config = ConfigDict(frozen=True)

    user: UserRef
    kind: Literal["text", "button", "non_text"]
    text: str = ""
    data: str = ""
    media: str = ""  # « sticker », « photo », « voice », « document », « location »…


class Button(BaseModel):
    model_config = ConfigDict(frozen=True)

    label: str
    data: str = Field(max_length=MAX_CALLBACK_BYTES)  # must also fit 64 bytes in UTF-8


class Reply(BaseModel):
    """One message to send. ``buttons`` is a list of rows."""

    model_config = ConfigDict(frozen=True)

    text: str = ""
    buttons: list[list[Button]] = []
    document: Path | None = None  # a generated file to send
    document_name: str | None = None  # file name shown to the user
    # a generated file the transport deletes once sent (bot/files.py sweeps what is left)
    discard_after_send: bool = False
    # Transport-neutral hints; each transport turns them into its own affordances.
    busy: Literal["writing", "sending_file"] | None = None  # shown while the reply is prepared
    invite_code: str | None = None  # a transport may add its own join link for this code
    # A short pop-up for the button that was pressed (Telegram: answerCallbackQuery text);
    # a reply with only a toast sends no message at all.
    toast: str | None = None
