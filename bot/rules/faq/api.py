"""The FAQ's public contract: what the conversation layer and ``cpts-bot ask`` may call.

Transports and the conversation never look inside the FAQ: they pass the text (and, when the
person is in a team, a ``FaqContext`` built from the dossier), show ``FaqReply.text`` and turn
``FaqReply.buttons`` into buttons whose press is sent back through ``follow(token)``.

- ``answer(text, context)`` always replies: an answer, a « vous parlez de… ? » clarification,
  or an out-of-scope message that lists what the bot knows.
- ``match(text, context)`` replies only when ``text`` reads as a question with high
  confidence; the interview uses it to tell a question from an answer.
- ``understand(text)`` exposes the decision itself (card, calibrated confidence, whether the
  text reads as a question), for the « question ou réponse ? » choice.
- ``follow(token, context)`` is the reply for a button the FAQ produced (a detail, or the
  card chosen after a clarification); None when the token is unknown or stale.
- ``details_text(text, context)`` is everything at once, for ``cpts-bot ask --details``.
"""

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


def _legacy_reply(text: str, context: FaqContext | None) -> FaqReply:
    from bot.rules.faq.matcher import FALLBACK
    from bot.rules.faq.matcher import answer as legacy_answer

    found = legacy_answer(text)
    if found.intent == FALLBACK:
        return FaqReply(kind="out_of_scope", text=found.text)
    return FaqReply(kind="answer", text=found.text, card=found.intent, confidence=1.0)


def answer(text: str, context: FaqContext | None = None) -> FaqReply:
    """The reply to a free-text question; never raises, never empty."""
    return _legacy_reply(text, context)


def match(text: str, context: FaqContext | None = None) -> FaqReply | None:
    """A reply only when ``text`` is recognisably a question for the FAQ."""
    from bot.rules.faq.matcher import match as legacy_match

    found = legacy_match(text)
    if found is None:
        return None
    return FaqReply(kind="answer", text=found.text, card=found.intent, confidence=1.0)


def understand(text: str) -> Understanding:
    from bot.rules.faq.matcher import FALLBACK
    from bot.rules.faq.matcher import answer as legacy_answer
    from bot.rules.faq.matcher import match as legacy_match

    found = legacy_answer(text)
    in_scope = found.intent != FALLBACK
    return Understanding(
        card=found.intent if in_scope else None,
        confidence=1.0 if found.confident else 0.5,
        in_scope=in_scope,
        reads_as_question=legacy_match(text) is not None,
    )


def follow(token: str, context: FaqContext | None = None) -> FaqReply | None:
    """The reply behind a FAQ button; None for an unknown or stale token."""
    return None


def details_text(text: str, context: FaqContext | None = None) -> str:
    """The first message followed by every detail, for ``cpts-bot ask --details``."""
    return answer(text, context).text
