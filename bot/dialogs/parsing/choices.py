"""Closed answers: yes/no, one choice, several choices, typed or tapped.

A choice is found by value, number, label, unique prefix, words of a label or a close
typo; several candidates are an error that names them, so the user can pick.
"""

from __future__ import annotations

import re
from typing import Any

from rapidfuzz import fuzz, process

from bot.dialogs.parsing.kind import Kind
from bot.dialogs.parsing.text import Owner, echo
from bot.dialogs.schema import Choice, QType
from bot.dialogs.validators import error
from bot.normalize import fold

FUZZY_MIN = 80  # rapidfuzz score (0-100) for a typo to count as a choice
FUZZY_MARGIN = 8  # the best choice must beat the runner-up by this much
PARTIAL_MIN = 3  # « la » or « l » must not pick the one label that happens to contain it
PARAPHRASE_MIN = 90  # token-set score for a synonym said among other words
_YES = {"oui", "o", "yes", "y", "ouais", "ok", "d accord", "bien sur", "si", "vrai", "true",
        "tout a fait", "absolument", "affirmatif", "exact", "exactement", "evidemment",
        "oui bien sur", "oui oui", "volontiers", "carrement", "yep", "yup"}  # fmt: skip
_NO = {"non", "n", "no", "nope", "nan", "pas du tout", "faux", "false", "non merci",
       "jamais", "negatif", "absolument pas", "surement pas", "pas encore", "non pas encore",
       "toujours pas"}  # fmt: skip


def parse_yes_no(text: str) -> bool | None:
    folded = fold(text)
    if folded in _YES:
        return True
    if folded in _NO:
        return False
    words = folded.split()
    if words and words[0] in ("oui", "yes") and not {"non", "no", "pas"} & set(words[1:]):
        return True
    if words and words[0] in ("non", "no"):
        return False
    return None


def parse_yes_no_answer(q: Owner, text: str) -> bool:
    if text.strip() == "NaN":  # a spreadsheet's « not a number » pasted, not the SMS « nan »
        raise error("yes_no")
    value = parse_yes_no(text)
    if value is None:
        raise error("yes_no")
    return value


def _options(choices: list[Choice]) -> str:
    return "\n".join(f"{i}. {c.label}" for i, c in enumerate(choices, start=1))


class _Ambiguous(Exception):
    def __init__(self, candidates: list[Choice]) -> None:
        super().__init__(candidates)
        self.candidates = candidates


def _find_choice(choices: list[Choice], text: str, strict: bool = False) -> Choice | None:
    """One choice for ``text``: value, number, label, or (unless ``strict``) a unique prefix,
    a subset of a label's words or a close typo."""
    stripped = text.strip().rstrip(".)")
    lowered = stripped.lower()
    for c in choices:
        if lowered == c.value:
            return c
    if stripped.isascii() and stripped.isdecimal():
        index = int(stripped)
        return choices[index - 1] if 1 <= index <= len(choices) else None
    folded = _bare(fold(text))
    if not folded:
        return None
    labels = [_bare(fold(c.label)) for c in choices]
    exact = [c for c, label in zip(choices, labels, strict=True) if label == folded]
    if exact:
        return exact[0]
    said = [c for c in choices if any(_bare(fold(s)) == folded for s in c.synonyms)]
    if len(said) == 1:
        return said[0]
    if strict:
        return None
    paraphrase = _paraphrase(choices, folded)
    if paraphrase is not None:
        return paraphrase
    words = set(folded.split())
    partial = [
        c
        for c, label in zip(choices, labels, strict=True)
        if len(folded) >= PARTIAL_MIN and (label.startswith(folded) or words <= set(label.split()))
    ]
    if len(partial) == 1:
        return partial[0]
    if len(partial) > 1:
        raise _Ambiguous(partial)
    # whole-string similarity: typos only; partial matches were handled above, and a lenient
    # scorer would read « urps et autre » as just « URPS »
    scored = process.extract(folded, labels, scorer=fuzz.ratio, limit=3)
    good = [(labels_index, score) for _, score, labels_index in scored if score >= FUZZY_MIN]
    if not good:
        return None
    if len(good) == 1 or good[0][1] - good[1][1] >= FUZZY_MARGIN:
        return choices[good[0][0]]
    raise _Ambiguous([choices[i] for i, score in good if good[0][1] - score < FUZZY_MARGIN])


_ARTICLE = re.compile(r"^(?:l|la|le|les|un|une|des|du|de la|de l)\s+(?=\S)")


def _bare(folded: str) -> str:
    """« la CPAM » is « CPAM »: a leading article is not part of what was chosen."""
    return _ARTICLE.sub("", folded, count=1)


def _paraphrase(choices: list[Choice], folded: str) -> Choice | None:
    """A synonym said with other words around it (« bah on connaît mais on n'utilise pas
    vraiment »): the best token-set match over the synonyms, when clearly the best."""
    pairs = [(c, fold(s)) for c in choices for s in c.synonyms]
    if not pairs:
        return None
    scored = sorted(
        ((fuzz.token_set_ratio(folded, phrase), c.value) for c, phrase in pairs), reverse=True
    )
    best_score, best_value = scored[0]
    runner = next((score for score, value in scored if value != best_value), 0.0)
    if best_score >= PARAPHRASE_MIN and best_score - runner >= FUZZY_MARGIN:
        return next(c for c in choices if c.value == best_value)
    return None


def match_choice(choices: list[Choice], text: str) -> Choice:
    """The choice meant by ``text``, or ``AnswerInvalid`` listing the options."""
    try:
        found = _find_choice(choices, text)
    except _Ambiguous as amb:
        names = " ou ".join(f"« {c.label} »" for c in amb.candidates)
        raise error("choice_ambiguous", text=echo(text), candidates=names) from None
    if found is None:
        raise error("choice_unknown", text=echo(text), options=_options(choices))
    return found


def parse_choice_answer(q: Owner, text: str) -> str:
    return match_choice(q.choices, text).value


_ALL = {"toutes", "tous", "tout", "toutes les reponses", "tout cocher", "all"}
_NONE = {"aucune", "aucun", "rien", "aucune reponse"}
_SPLIT_STRONG = re.compile(r"[,;\n]+")
_SPLIT_WEAK = re.compile(r"\s+(?:et|\+|&)\s+|\s*[+&/]\s*")


_DATE_LIKE = re.compile(r"\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}")


def parse_multi_choice_answer(q: Owner, text: str) -> list[str]:
    choices = q.choices
    if _DATE_LIKE.search(text):  # « 01/01/0001 » is a date, not options 1, 1 and 1
        raise error("multi_choice_unknown", items=f"« {echo(text)} »", options=_options(choices))
    folded = fold(text)
    if folded in _ALL:
        return [c.value for c in choices]
    chosen: set[str] = set()
    unknown: list[str] = []
    whole = _find_choice(choices, text, strict=True)  # a label may contain « , » or « et »
    if whole is not None and any(fold(c.label) == folded for c in choices):
        chosen.add(whole.value)
    elif re.fullmatch(r"\d+(?:\s+\d+)+", text.strip()):
        parts = text.split()
        _collect(choices, parts, chosen, unknown)
    else:
        for part in _SPLIT_STRONG.split(text):
            if part.strip():
                _collect_part(choices, part, chosen, unknown)
        if whole is not None and (unknown or len(chosen) < 2):
            # the pieces say less than the whole (« sanitaires et médico-sociaux »)
            chosen, unknown = {whole.value}, []
    if unknown:
        if not chosen and folded in _NONE:
            raise error("multi_choice_empty")
        items = ", ".join(f"« {echo(u)} »" for u in unknown)
        raise error("multi_choice_unknown", items=items, options=_options(choices))
    if not chosen:
        raise error("multi_choice_empty")
    return [c.value for c in choices if c.value in chosen]


def _collect_part(choices: list[Choice], part: str, chosen: set[str], unknown: list[str]) -> None:
    """« URPS et autre » is two choices; « sanitaires et médico-sociaux » may be one label."""
    pieces = [p for p in _SPLIT_WEAK.split(part) if p and p.strip()]
    if len(pieces) > 1:
        found: set[str] = set()
        missed: list[str] = []
        _collect(choices, pieces, found, missed)
        if not missed:
            chosen.update(found)
            return
    try:
        whole = _find_choice(choices, part)
    except _Ambiguous:
        whole = None
    if whole is not None:
        chosen.add(whole.value)
    elif len(pieces) > 1:
        _collect(choices, pieces, chosen, unknown)
    else:
        unknown.append(part.strip())


def _collect(choices: list[Choice], parts: list[str], chosen: set[str], unknown: list[str]) -> None:
    for part in parts:
        if not part or not part.strip():
            continue
        try:
            found = _find_choice(choices, part)
        except _Ambiguous:
            found = None
        if found is None:
            unknown.append(part.strip())
        else:
            chosen.add(found.value)


def valid_yes_no_answer(q: Owner, value: Any) -> bool:
    return isinstance(value, bool)


def valid_choice_answer(q: Owner, value: Any) -> bool:
    return isinstance(value, str) and value in {c.value for c in q.choices}


def valid_multi_choice_answer(q: Owner, value: Any) -> bool:
    values = [c.value for c in q.choices]
    return (
        isinstance(value, list)
        and len(value) > 0
        and all(isinstance(v, str) and v in values for v in value)
        and len(set(value)) == len(value)  # after the str check: lists are unhashable
    )


KINDS: dict[QType, Kind] = {
    QType.YES_NO: Kind(parse_yes_no_answer, valid_yes_no_answer),
    QType.CHOICE: Kind(parse_choice_answer, valid_choice_answer),
    QType.MULTI_CHOICE: Kind(parse_multi_choice_answer, valid_multi_choice_answer),
}
