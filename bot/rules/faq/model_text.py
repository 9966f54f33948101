"""Text → features for the FAQ classifier, identical at training and at inference.

The same two analysers as scikit-learn's ``TfidfVectorizer`` (``char_wb`` n-grams and word
n-grams), re-implemented in a few lines so that answering a question needs numpy only: the
one-shot ``cpts-bot ask`` cannot afford to import scikit-learn. ``tests/test_faq_model.py``
checks both give the same vectors.
"""

from __future__ import annotations

import re

from bot.normalize import strip_accents
from bot.rules.faq import identifiers

CHAR_NGRAMS = (2, 5)
WORD_NGRAMS = (1, 2)
# Phone shorthand seen in the corpus, expanded before the n-grams (« cb » → « combien »).
SHORTHANDS = {
    "cb": "combien",
    "cbien": "combien",
    "stp": "s il te plait",
    "svp": "s il vous plait",
    "hab": "habitants",
    "tx": "taux",
    "pr": "pour",
    "ds": "dans",
    "qd": "quand",
    "bcp": "beaucoup",
    "jsp": "je ne sais pas",
    "nb": "nombre",
    "pq": "pourquoi",
    "asso": "association",
    "mini": "minimum",
    "max": "maximum",
    "koi": "quoi",
    "ki": "qui",
    "tps": "temps",
    "pk": "pourquoi",
    "ya": "il y a",
    "li": "lettre intention",
    "ide": "infirmier",
    "mg": "medecin generaliste",
    "pb": "probleme",
    "rdv": "rendez vous",
    "kine": "kinesitherapeute",
    "kines": "kinesitherapeutes",
}
# A number, thousands groups included (« 60 000 », « 60.000 », « 60 000 » with a narrow space).
_NUMBER = re.compile(r"[0-9]+(?:[ .\u202f\u00a0][0-9]{3}(?![0-9]))*")
_SEPARATORS = str.maketrans("", "", " .\u202f\u00a0")
_YEARS = range(2000, 2040)
IDENTIFIER = "identifiant"  # a SIRET, a phone number, a date: what the model sees of it
_LONGEST_SHAPE = 7  # a SIRET, a phone number and 10 000 000 look alike: « 0000000 »
_NOT_KEPT = re.compile(r"[^a-z0-9?%€ ]+")
_WORD = re.compile(r"(?u)\b\w\w+\b")  # scikit-learn's default token pattern
# « avenant 3 » is the name of a text, not « avenant » plus a digit: its own word, beside
# « avenant » (« avenant 3 » was read as the avenant 2 card, the only one that says « avenant »)
_NAMED_AMENDMENT = re.compile(r"\bavenant (?:n |no |numero )?([0-9])\b")


def number_token(digits: str) -> str:
    """What the model sees of a number: a digit and a year as they are, others by size.

    « avenant 2 » and « avenant 3 », or the 2019 scale and the 2026 renegotiation, are
    different questions; 12 000 and 60 000 inhabitants are the same one (« 00000 »).
    """
    if len(digits) == 1 or (len(digits) == 4 and int(digits) in _YEARS):
        return digits
    return "0" * min(len(digits), _LONGEST_SHAPE)


def normalise(text: str) -> str:
    """Lower case, no accents, identifiers as one word, numbers as ``number_token``, shorthand
    expanded, « avenant N » named."""
    folded = identifiers.replace(text, lambda _: f" {IDENTIFIER} ")
    folded = strip_accents(folded.casefold()).replace("œ", "oe")
    folded = _NUMBER.sub(lambda m: f" {number_token(m.group(0).translate(_SEPARATORS))} ", folded)
    folded = _NOT_KEPT.sub(" ", folded)
    folded = " ".join(SHORTHANDS.get(w, w) for w in folded.split())
    return _NAMED_AMENDMENT.sub(lambda m: f"avenant avenant{m.group(1)}", folded)


def char_ngrams(text: str) -> list[str]:
    """scikit-learn's ``char_wb`` analyser on an already normalised text."""
    low, high = CHAR_NGRAMS
    grams: list[str] = []
    for word in text.split():
        padded = f" {word} "
        size = len(padded)
        for n in range(low, high + 1):
            if n > size:
                break
            grams.extend(padded[i : i + n] for i in range(size - n + 1))
    return grams


def word_ngrams(text: str) -> list[str]:
    """scikit-learn's ``word`` analyser (default token pattern) on a normalised text."""
    words = _WORD.findall(text)
    low, high = WORD_NGRAMS
    grams: list[str] = []
    for n in range(low, high + 1):
        grams.extend(" ".join(words[i : i + n]) for i in range(len(words) - n + 1))
    return grams
