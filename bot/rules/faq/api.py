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

from bot.rules.faq import compose
from bot.rules.faq.api_models import (
    MAX_TOKEN_BYTES,
    FaqButton,
    FaqContext,
    FaqReply,
    ReplyKind,
    Understanding,
)

__all__ = [
    "MAX_TOKEN_BYTES",
    "FaqButton",
    "FaqContext",
    "FaqReply",
    "ReplyKind",
    "Understanding",
    "answer",
    "details_text",
    "follow",
    "match",
    "understand",
]


def answer(text: str, context: FaqContext | None = None) -> FaqReply:
    """The reply to a free-text question typed with no interview question pending; never
    raises, never empty."""
    return compose.reply(text, context, idle=True)


def understand(text: str) -> Understanding:
    """The classifier's reading of ``text``, before any answer is written."""
    from bot.rules.faq import classifier

    decision = classifier.decide((text or "")[: compose.MAX_TEXT])
    best = decision.ranked[0] if decision.ranked else (None, 0.0)
    in_scope = decision.kind != "out_of_scope"
    return Understanding(
        card=best[0] if in_scope else None,
        confidence=best[1] if in_scope else decision.not_question,
        in_scope=in_scope,
        reads_as_question=decision.reads_as_question,
    )


def match(text: str, context: FaqContext | None = None) -> FaqReply | None:
    """A reply only when ``text`` reads as a question with high confidence."""
    if not text or not text.strip() or not understand(text).reads_as_question:
        return None
    found = compose.reply(text, context)
    return found if found.kind == "answer" else None


def follow(token: str, context: FaqContext | None = None) -> FaqReply | None:
    """The reply behind a FAQ button; None for an unknown or stale token."""
    return compose.follow(token, context)


def details_text(text: str, context: FaqContext | None = None) -> str:
    """The first message followed by every detail, for ``cpts-bot ask --details``."""
    return compose.everything(text, context)
