"""Free text cut into folded words that remember how they were written.

``find_place`` needs more than the folded words: whether a word was capitalised
mid-sentence (« à Eu »), hyphen-joined to its neighbours (« Jean-Marie »), part of a run of
numbers (a phone number) or followed by « € » / « % ».
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from bot.normalize import fold
from bot.rules.territory.folding import ABBREVIATIONS

_MAX_TEXT = 2000


def word_set(text: str) -> frozenset[str]:
    """A word set written as one string, for the cue and stop-word lists."""
    return frozenset(text.split())


@dataclass(frozen=True, slots=True)
class Token:
    word: str  # folded
    title: bool  # « Eu », « Tour » inside a sentence (not its first word, not an acronym)
    group: int  # tokens of one hyphenated word (« Jean-Marie ») share a group
    number_run: bool  # next to another number (« 04 81 92 », « 15 000 »)
    unit_after: bool  # followed by « € » or « % »


_NOISE = re.compile(r"\S+@\S+|https?://\S+|www\.\S+")  # e-mails and links name no place
_COMPOUND = re.compile(r"\w+(?:-\w+)*")
_SENTENCE_END = ".!?:;\n\t•-–—*#|"
_PARTICLES = word_set("de d du des la le les l en et sur sous aux au a")


def tokenize(text: str) -> list[Token]:
    text = _NOISE.sub(" ", text[:_MAX_TEXT])
    compounds = list(_COMPOUND.finditer(text))
    letters = [w for m in compounds for w in re.findall(r"\w+", m.group()) if w[0].isalpha()]
    title_case = len(letters) > 1 and all(w[0].isupper() for w in letters)
    out: list[Token] = []
    for group, m in enumerate(compounds):
        j = m.start() - 1
        while j >= 0 and text[j] in " \u00a0\u202f":
            j -= 1
        sentence_start = j < 0 or text[j] in _SENTENCE_END
        unit = text[m.end() : m.end() + 2].strip()[:1] in ("€", "%")
        for part in re.finditer(r"\w+", m.group()):
            word = part.group()
            title = (
                word[0].isupper()
                and (len(word) == 1 or not word.isupper())
                and not title_case
                and not (sentence_start and part.start() == 0)
            )
            for piece in fold(word).split():
                out.append(Token(ABBREVIATIONS.get(piece, piece), title, group, False, unit))
    numbers = [t.word.isdecimal() for t in out]
    return [
        Token(
            t.word,
            t.title,
            t.group,
            numbers[i] and ((i > 0 and numbers[i - 1]) or (i + 1 < len(out) and numbers[i + 1])),
            t.unit_after,
        )
        for i, t in enumerate(out)
    ]


def capitalised(tokens: Sequence[Token], start: int, end: int) -> bool:
    """Whether the text writes this span as a name: « à Eu », « La Tour-du-Pin ».

    Every main word must be capitalised, and the span must not cut a hyphenated word
    (« Jean-Marie » does not name the commune Marie).
    """
    main = [t for t in tokens[start:end] if t.word not in _PARTICLES]
    if not main or not all(t.title for t in main):
        return False
    if start > 0 and tokens[start - 1].group == tokens[start].group:
        return False
    return not (end < len(tokens) and tokens[end].group == tokens[end - 1].group)
