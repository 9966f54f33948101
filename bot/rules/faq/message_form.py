"""The form of a message, apart from its topic: does it ask, request, or state?

The n-grams and word vectors say what a message is about; « 68 000 habitants, taille 2 » and
« 68 000 habitants, taille ? » are about the same thing. These few binary features say how it
is put: a question mark, an interrogative word in first place, a request (« dis-moi »,
« stp »), a statement's opening (« on a… », « oui, … »), its length, a colon or an e-mail as
in a form's answer. They are the classifier's fourth block of features, the same at training
and at answering; their lists are fixed here (not the interview's cue lists, which the UI may
tune without retraining).
"""

from __future__ import annotations

import re

import numpy as np

from bot.rules.faq import model_text


def _words(spaced: str) -> frozenset[str]:
    return frozenset(spaced.split())


_INTERROGATIVES = _words(
    "quel quelle quels quelles lequel laquelle combien comment quand pourquoi qui ou quoi que qu "
    "kel kelle"
)
_QUESTION_OPENINGS = (
    "est ce",
    "c est quoi",
    "qu est ce",
    "peut on",
    "faut il",
    "doit on",
    "y a t il",
    "il y a t il",
    "a quoi",
    "a qui",
    "dis moi",
    "dites moi",
    "on peut",
    "on doit",
    "je cherche",
    "kesako",
    "ckoi",
    "c quoi",
)
_STATEMENT_OPENINGS = _words(
    "on nous notre nos oui non je j l le la les c ca il elle pas deja mon ma mes"
)
_REQUESTS = _words(
    "dis dites donne donnez explique expliquez plait veux voudrais voudrait voudrions aimerais "
    "pouvez peux pourriez cherche besoin savoir"
)
_WORD = re.compile(r"[a-z0-9]+")

NAMES = (
    "question mark",
    "ends with a question mark",
    "opens with an interrogative",
    "has an interrogative",
    "opens like a question",
    "opens like a statement",
    "has a request",
    "1 to 3 words",
    "4 to 8 words",
    "over 20 words",
    "has a colon",
    "has an e-mail",
    "has a digit",
    "opens with a capital",
    "ends with a full stop",
)


def features(text: str, normalised: str | None = None) -> list[float]:
    """One 0/1 value per entry of ``NAMES``, in that order; ``normalised`` is
    ``model_text.normalise(text)`` when the caller has it already."""
    raw = text.strip()
    if normalised is None:
        normalised = model_text.normalise(raw)
    words = _WORD.findall(normalised)
    opening = " ".join(words[:4])
    first = words[0] if words else ""
    values = (
        "?" in raw,
        raw.endswith("?"),
        first in _INTERROGATIVES,
        any(w in _INTERROGATIVES for w in words),
        any(f"{opening} ".startswith(f"{o} ") for o in _QUESTION_OPENINGS),
        first in _STATEMENT_OPENINGS,
        any(w in _REQUESTS for w in words),
        1 <= len(words) <= 3,
        4 <= len(words) <= 8,
        len(words) > 20,
        ":" in raw,
        "@" in raw,
        any(c.isdigit() for c in raw),
        raw[:1].isupper(),
        raw.endswith("."),
    )
    return [float(v) for v in values]


def features_of(texts: list[str]) -> np.ndarray:
    """``features`` for many texts: the scikit-learn side of the same block."""
    return np.array([features(text) for text in texts], dtype=np.float64).reshape(-1, len(NAMES))
