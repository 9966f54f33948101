"""The FAQ's two entry points: ``answer`` (always replies) and ``match`` (only real questions).

``answer`` serves ``cpts-bot ask`` and the « ask a question » button: it always returns
something, the fallback list when nothing matched. ``match`` serves the interview: free text
typed while a question is pending is an *answer* unless it clearly reads as a question to
the FAQ, so it says None for a commune name, a number, or a sentence without a question shape.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict

from bot.normalize import fold
from bot.rules.faq.analysis import Analysis, analyse
from bot.rules.faq.dispatch import answer_text, entities_of, fallback_text
from bot.rules.faq.vocabulary import vocabulary
from bot.rules.numbers import parse_number

FALLBACK = "fallback"
# A message longer than this without « ? » is a description (an interview answer), not a query.
MAX_UNMARKED_TOKENS = 25
# Entities that, with a question mark, make a question even without an intent word
# (« SAS ? », « prévention ? », « cpam ? »); a place or a number alone does not.
_QUESTION_ENTITIES = ("mission", "term", "strong_kind", "tier")


class FaqAnswer(BaseModel):
    model_config = ConfigDict(frozen=True)

    intent: str
    text: str
    confident: bool
    entities: dict[str, Any]


def answer(text: str) -> FaqAnswer:
    """The best answer to a free-text question; the fallback list when nothing matches."""
    if not text or not text.strip():
        return _fallback()
    return _reply(analyse(text))


def match(text: str) -> FaqAnswer | None:
    """An answer only when ``text`` is recognisably a question for the FAQ; else None."""
    if not text or not text.strip() or parse_number(text) is not None:
        return None
    if "?" not in text and len(text.split()) > MAX_UNMARKED_TOKENS:
        return None  # a long description typed as an answer: not worth analysing
    analysis = analyse(text)
    if not _reads_as_question(analysis):
        return None
    reply = _reply(analysis)
    return None if reply.intent == FALLBACK else reply


def _reply(analysis: Analysis) -> FaqAnswer:
    thresholds = vocabulary().thresholds
    intent, score = analysis.best
    if intent == FALLBACK or score < thresholds.answer:
        return _fallback()
    return FaqAnswer(
        intent=intent,
        text=answer_text(intent, analysis),
        confident=score >= thresholds.confident,
        entities=entities_of(intent, analysis),
    )


def _fallback() -> FaqAnswer:
    return FaqAnswer(intent=FALLBACK, text=fallback_text(), confident=False, entities={})


def _reads_as_question(a: Analysis) -> bool:
    thresholds = vocabulary().thresholds
    intent, score = a.best
    if intent == FALLBACK:
        return False
    has_keyword = a.keyword_scores.get(intent, 0.0) > 0
    if a.is_question:
        if score < thresholds.question:
            return False
        return has_keyword or any(_has(a, name) for name in _QUESTION_ENTITIES)
    if len(a.tokens) > MAX_UNMARKED_TOKENS:
        return False
    # No « ? » and no question word: only a short request that starts with a topic word and
    # has no word left unexplained (« contact cpam isère », « financement taille 2 »; not
    # « Calendrier : dépôt en mars », which answers a question about the calendar).
    return (
        a.starter_intent is not None
        and len(a.tokens) <= thresholds.max_starter_tokens
        and a.keyword_scores.get(intent, 0.0) >= thresholds.question
        and not _unexplained(a)
        and not any(m.unit in ("euro", "percent") for m in a.numbers)  # an amount is an answer
    )


def _unexplained(a: Analysis) -> set[str]:
    place_words = set(fold(a.place.matched).split()) if a.place is not None else set()
    return set(a.residual) - place_words


def _has(a: Analysis, name: str) -> bool:
    if name == "strong_kind":
        return bool(a.kinds) and a.strong_kind
    return getattr(a, name) is not None
