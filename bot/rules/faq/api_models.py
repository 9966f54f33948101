"""The FAQ contract's data types (see ``bot.rules.faq.api``)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

# Conversation layers prefix a token with their own verb; Telegram caps callback data at 64
# bytes, so a token stays well below that (ASCII only).
MAX_TOKEN_BYTES = 48

ReplyKind = Literal["answer", "clarify", "out_of_scope"]


class FaqContext(BaseModel):
    """What the team's dossier already says about its territory (every field optional)."""

    model_config = ConfigDict(frozen=True)

    population: int | None = None
    tier: int | None = None
    department: str | None = None  # INSEE code, « 38 », « 2A », « 974 »
    communes: tuple[str, ...] = ()
    cpts_name: str | None = None


class FaqButton(BaseModel):
    model_config = ConfigDict(frozen=True)

    label: str
    token: str = Field(max_length=MAX_TOKEN_BYTES, pattern=r"^[\x21-\x7e]+$")


class FaqReply(BaseModel):
    """One FAQ message: short text first, details and choices behind buttons."""

    model_config = ConfigDict(frozen=True)

    kind: ReplyKind
    text: str
    card: str | None = None  # the card that answered; None for out-of-scope
    confidence: float = 0.0
    buttons: tuple[FaqButton, ...] = ()


class Understanding(BaseModel):
    """How the FAQ reads a text, before any answer is written."""

    model_config = ConfigDict(frozen=True)

    card: str | None  # best card, None when out of scope
    confidence: float  # calibrated probability of ``card``
    in_scope: bool
    reads_as_question: bool  # question shape (or a short request) with high confidence
