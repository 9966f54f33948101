"""Which card a message asks for, with a calibrated probability, and what to do about it.

``probabilities`` runs the exported logistic regression with numpy (no scikit-learn at run
time). ``decide`` turns the probabilities into one of three outcomes: answer the best card,
ask back between the two or three closest cards, or say the message is out of scope. The
thresholds are data (``data/faq/decision.yaml``), chosen on cross-validation, never on the
frozen held-out split.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from functools import lru_cache
from typing import Literal

import numpy as np
import yaml
from pydantic import BaseModel, ConfigDict

from bot.paths import DATA_DIR
from bot.rules.faq import message_form, model_store, model_text, word_vectors

OUT_OF_SCOPE = model_store.OUT_OF_SCOPE
ANSWER_LIKE = model_store.ANSWER_LIKE
NOT_QUESTIONS = model_store.NOT_QUESTIONS
DECISION_FILE = DATA_DIR / "faq" / "decision.yaml"


class Thresholds(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    answer: float  # best in-scope probability to answer outright
    margin: float  # ... and its lead over the second
    clarify: float  # two or three closest cards together, to ask back
    out_of_scope: float  # a « not a question » label this sure ends it
    question: float  # mid-interview: probability needed to interrupt the question
    idle_card_floor: float  # no question pending: a card this unlikely before renormalising…


class Decision(BaseModel):
    model_config = ConfigDict(frozen=True)

    kind: Literal["answer", "clarify", "out_of_scope"]
    ranked: tuple[tuple[str, float], ...]  # in-scope labels, best first (top 3)
    not_question: float  # probability that the text is no FAQ question at all
    reads_as_question: bool


@lru_cache(maxsize=1)
def thresholds() -> Thresholds:
    with DECISION_FILE.open(encoding="utf-8") as fh:
        return Thresholds.model_validate(yaml.safe_load(fh)["thresholds"])


def labels() -> tuple[str, ...]:
    return model_store.weights().classes


def _tfidf(grams: list[str], index: dict[str, int], idf: np.ndarray) -> dict[int, float]:
    counts = Counter(index[g] for g in grams if g in index)
    values = {i: (1.0 + math.log(c)) * float(idf[i]) for i, c in counts.items()}
    norm = math.sqrt(sum(v * v for v in values.values()))
    return {i: v / norm for i, v in values.items()} if norm else {}


def probabilities(text: str) -> dict[str, float]:
    """Calibrated probability of every label (they sum to 1)."""
    return dict(_probabilities(text))


# A message is read twice on its way (« is it a question? », then « which card? »): the
# second reading, and a user repeating a question, cost nothing.
@lru_cache(maxsize=512)
def _probabilities(text: str) -> tuple[tuple[str, float], ...]:
    w = model_store.weights()
    normalised = model_text.normalise(text)
    chars = _tfidf(model_text.char_ngrams(normalised), w.char_index, w.char_idf)
    words = _tfidf(model_text.word_ngrams(normalised), w.word_index, w.word_idf)
    offset = len(w.char_index)
    columns = list(chars) + [offset + i for i in words]
    values = np.array(list(chars.values()) + list(words.values()))
    # columns in the order of model_store.make_pipeline's blocks: characters, words, vectors, form
    vectors_at = offset + len(w.word_index)
    form_at = vectors_at + word_vectors.dimensions()
    scores = (
        w.intercept
        + w.coef[:, vectors_at:form_at] @ word_vectors.document_vector(text)
        + w.coef[:, form_at:] @ np.array(message_form.features(text, normalised))
    )
    if columns:
        scores += w.coef[:, columns] @ values
    scores -= scores.max()
    exp = np.exp(scores)
    probs = exp / exp.sum()
    return tuple((label, float(p)) for label, p in zip(w.classes, probs, strict=True))


_LETTER = re.compile(r"[a-z]")


def decide(text: str, *, idle: bool = False) -> Decision:
    # No word at all (« 60000 », « #² », « 12/03 »): nothing names a card, and the model's
    # priors alone would offer three unrelated ones.
    if not _LETTER.search(model_text.normalise(text)):
        return Decision(kind="out_of_scope", ranked=(), not_question=1.0, reads_as_question=False)
    return decide_from(probabilities(text), idle=idle)


def decide_from(
    probs: dict[str, float], t: Thresholds | None = None, *, idle: bool = False
) -> Decision:
    """The decision for given probabilities (the evaluation replays it on cross-validation).

    ``idle``: no interview question is pending, so « looks like an interview answer » says
    nothing (« taille 3 », « cpam 38 » typed on their own are questions): that label's
    share is removed and the others renormalised; « hors sujet » still decides alone. But a
    card that was nearly ruled out before renormalising (``idle_card_floor``) is no answer: « 12
    infirmiers et 3 kinés » states, and must not become « contacts for the Aveyron (12) ».
    """
    t = t or thresholds()
    unconditioned = probs
    if idle and probs.get(ANSWER_LIKE, 0.0) < 1.0:
        rest = 1.0 - probs.get(ANSWER_LIKE, 0.0)
        probs = {label: p / rest for label, p in probs.items() if label != ANSWER_LIKE}
    not_question = sum(probs.get(label, 0.0) for label in NOT_QUESTIONS)
    ranked = sorted(
        ((label, p) for label, p in probs.items() if label not in NOT_QUESTIONS),
        key=lambda item: -item[1],
    )[:3]
    best = ranked[0][1] if ranked else 0.0
    second = ranked[1][1] if len(ranked) > 1 else 0.0
    if max(probs.get(label, 0.0) for label in NOT_QUESTIONS) >= t.out_of_scope or (
        not_question > best and best < t.answer
    ):
        kind: Literal["answer", "clarify", "out_of_scope"] = "out_of_scope"
    elif best >= t.answer and best - second >= t.margin:
        kind = "answer"
    elif best + second >= t.clarify:
        kind = "clarify"
    else:
        kind = "out_of_scope"
    if idle and ranked and unconditioned.get(ranked[0][0], 0.0) < t.idle_card_floor:
        kind = "out_of_scope"
    return Decision(
        kind=kind,
        ranked=tuple(ranked),
        not_question=not_question,
        reads_as_question=kind == "answer" and best >= t.question,
    )
