"""A whole row, or a whole contact, typed in one message.

People type « Sophie Durand, infirmière libérale, Voiron, gouvernance oui » rather than
answer five questions one by one. These pure functions split such a line, give each piece to
the field it fits (yes/no with its keyword, a choice label, an e-mail, a phone number, a
profession, a commune, a person's name, then the remaining text fields in order) and say
which required fields are still missing, so the interview asks only for those.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from bot.dialogs.parsing.choices import parse_yes_no
from bot.dialogs.schema import Field_, QType, Question
from bot.normalize import fold

_SPLIT = re.compile(r"\s*[,;\n|]\s*")
_TITLE = r"(?:(?:dr|docteur|mme|m|mr|madame|monsieur)\.?\s+)?"
_WORD = r"[A-ZÀ-Ý][\w'’-]+"
_NAME = re.compile(rf"^{_TITLE}{_WORD}(?:\s+{_WORD}){{1,3}}$")
_PROFESSION_WORDS = frozenset(
    [
        "medecin",
        "generaliste",
        "infirmier",
        "infirmiere",
        "pharmacien",
        "pharmacienne",
        "kine",
        "kinesitherapeute",
        "masseur",
        "sage",
        "femme",
        "orthophoniste",
        "orthoptiste",
        "dentiste",
        "chirurgien",
        "psychologue",
        "podologue",
        "pedicure",
        "dieteticien",
        "dieteticienne",
        "ergotherapeute",
        "psychomotricien",
        "biologiste",
        "coordinateur",
        "coordinatrice",
        "secretaire",
        "assistante",
        "assistant",
        "directeur",
        "directrice",
        "cadre",
    ]
)
MIN_PIECES = 2  # one piece is an ordinary answer to the pending question


@dataclass
class LineGuess:
    values: dict[str, Any] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)  # required field ids not filled
    unused: list[str] = field(default_factory=list)  # pieces that fitted no field
    evidence: int = 0  # fields filled because the piece was recognised (not by position)

    @property
    def convincing(self) -> bool:
        """Worth using instead of the one pending question: two recognised pieces, none left."""
        return self.evidence >= MIN_PIECES and not self.unused


def _is_profession(piece: str) -> bool:
    return bool(_PROFESSION_WORDS & set(fold(piece).split()))


def _is_commune(piece: str) -> bool:
    from bot.rules.territory.communes import lookup_commune

    return lookup_commune(piece).status == "found"


def _keyword_yes_no(f: Field_ | Question, piece: str) -> bool | None:
    """« gouvernance oui » for a field labelled « Participation à la gouvernance »."""
    words = fold(piece).split()
    if len(words) < 2:
        return None
    keywords = {w for w in fold(f.label + " " + f.id.replace("_", " ")).split() if len(w) > 4}
    if not keywords & set(words[:-1]) and not keywords & set(words[1:]):
        return None
    answer = (
        parse_yes_no(words[-1]) if parse_yes_no(words[-1]) is not None else parse_yes_no(words[0])
    )
    return answer


def _text_value(f: Field_ | Question, piece: str) -> Any:
    """The piece as the field would store it, None when the field would refuse it."""
    from bot.dialogs.parsing import AnswerInvalid, parse_answer

    try:
        return parse_answer(f, piece)
    except AnswerInvalid:
        return None


def _role(f: Field_ | Question) -> str:
    text = fold(f"{f.id} {f.label}")
    if any(w in text for w in ("profession", "category", "categorie")):
        return "profession"
    if any(w in text for w in ("lieu", "place", "commune", "ville")):
        return "place"
    if any(w in text for w in ("nom", "name")):
        return "name"
    return "text"


def parse_line(fields: Sequence[Field_ | Question], text: str) -> LineGuess | None:
    """Each piece of ``text`` given to the field it fits; None for a one-piece message."""
    from bot.dialogs.parsing import AnswerInvalid, parse_answer

    pieces = [p for p in _SPLIT.split(text.strip()) if p]
    if len(pieces) < MIN_PIECES:
        return None
    guess = LineGuess()
    left: list[str] = []
    for piece in pieces:
        placed = False
        for f in fields:
            if f.id in guess.values:
                continue
            if f.type is QType.YES_NO:
                value = _keyword_yes_no(f, piece)
                if value is not None:
                    guess.values[f.id] = value
                    guess.evidence += 1
                    placed = True
                    break
            elif f.type in (QType.CHOICE, QType.EMAIL, QType.PHONE):
                try:
                    guess.values[f.id] = parse_answer(f, piece)
                except AnswerInvalid:
                    continue
                guess.evidence += 1
                placed = True
                break
        if not placed:
            left.append(piece)
    text_fields = [f for f in fields if f.type is QType.TEXT and f.id not in guess.values]
    by_role: dict[str, list[Field_ | Question]] = {}
    for f in text_fields:
        by_role.setdefault(_role(f), []).append(f)
    rest: list[str] = []
    for piece in left:
        role = (
            "profession" if _is_profession(piece)
            else "name" if _NAME.match(piece.strip())
            else "place" if _is_commune(piece)
            else None
        )  # fmt: skip
        slots = by_role.get(role or "", [])
        value = _text_value(slots[0], piece) if slots else None
        if slots and value is not None:
            guess.values[slots.pop(0).id] = value
            guess.evidence += 1
        else:
            rest.append(piece)
    # what fitted nothing recognisable only goes to plain text fields, never to a name,
    # profession or place without evidence (« Voiron, Voreppe » fills no profession)
    free = [f for f in text_fields if f.id not in guess.values and _role(f) == "text"]
    for piece in rest:
        value = _text_value(free[0], piece) if free else None
        if free and value is not None:
            guess.values[free.pop(0).id] = value
        else:
            guess.unused.append(piece)
    guess.missing = [f.id for f in fields if f.required and f.id not in guess.values]
    return guess
