"""Every span of a free-text question that may name a place, before choosing one.

Three kinds of candidates: names (communes, departments, regions, EPCI, over n-grams),
numbers (department codes after a cue, postcodes) and, when nothing matched exactly,
small typos in names.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from bot.rules.territory.areas import department_keys, region_keys
from bot.rules.territory.data import (
    common_words,
    commune_index,
    department_table,
    epci_index,
    name_keys_by_length,
)
from bot.rules.territory.epci import epci_cue, pick_epci
from bot.rules.territory.folding import department_code
from bot.rules.territory.fuzzy import fuzzy_key, fuzzy_keys
from bot.rules.territory.models import Department, Region
from bot.rules.territory.place_cues import (
    AREA_CUES,
    CODE_CUES,
    COMMUNE_CUES,
    CONTRACTIONS,
    DEPARTMENT_WORDS,
    FUZZY_COMMUNE_CUES,
    SKIP_BEFORE_CODE,
    SKIP_BEFORE_NAME,
    UNITS,
    contraction_ok,
    cue_before,
    span_ok,
)
from bot.rules.territory.place_tokens import Token

MAX_WORDS = 13  # longest place name, in words (checked by a test)


@dataclass(frozen=True, slots=True)
class Match:
    start: int
    end: int
    kind: str
    target: Any  # Commune | Department | Region | Epci, or homonym rows (list[int])
    text: str

    @property
    def size(self) -> int:
        return self.end - self.start


_COM_CODES = frozenset({"975", "977", "978", "984", "986", "987", "988", "989"})


@cache
def area_keys() -> dict[str, list[tuple[str, Any]]]:
    """Folded names of departments, regions and EPCI → (kind, target)."""
    keys: dict[str, list[tuple[str, Any]]] = {}
    communes = commune_index()
    # Overseas collectivities named like communes (Saint-Martin…) are left to the communes.
    for folded, dep in department_keys().items():
        if not (dep.code in _COM_CODES and communes.known(folded)):
            keys.setdefault(folded, []).append(("department", dep))
    for folded, region in region_keys().items():
        if not (region.code in _COM_CODES and communes.known(folded)):
            keys.setdefault(folded, []).append(("region", region))
    data = epci_index()
    for folded, i in data.full.items():
        keys.setdefault(folded, []).append(("epci_full", i))
    for core, indexes in data.cores.items():
        keys.setdefault(core, []).append(("epci_core", indexes))
    return keys


def _entries(key: str) -> list[tuple[str, Any]]:
    """Everything a folded n-gram may name; commune targets are lists of homonym rows."""
    out = list(area_keys().get(key, ()))
    rows = sorted({i for i, _ in commune_index().hits(key)})
    if rows:
        out.append(("commune", rows))
    return out


def _epci_match(
    tokens: Sequence[Token], start: int, end: int, indexes: list[int], key: str
) -> Match | None:
    """A core EPCI name, stretched over its cue (« cc du ») or suffix (« metropole »)."""
    kind: str | None = None
    first = start
    for n in range(min(5, start), 0, -1):
        cue = epci_cue([t.word for t in tokens[start - n : start]])
        if cue is not None:
            kind, first = cue, start - n
            break
    last = end
    if end < len(tokens) and tokens[end].word == "metropole":
        kind, last = kind or "METRO", end + 1
    if kind is None:
        # Bare core names (« pays voironnais ») only when they name nothing else.
        if commune_index().known(key) or key in department_keys() or len(key) < 5:
            return None
        if not span_ok(tokens, start, end, key.split(), cue=False, area=False):
            return None
    epci = pick_epci(indexes, kind)
    if epci is None:
        return None
    return Match(first, last, "epci", epci, " ".join(t.word for t in tokens[first:last]))


def _accept(
    tokens: Sequence[Token], start: int, end: int, key: str, kind: str, target: Any, cued: bool
) -> Match | None:
    words = key.split()
    if kind == "commune":
        cue = cued or cue_before(tokens, start, COMMUNE_CUES, SKIP_BEFORE_NAME)
        if span_ok(tokens, start, end, words, cue, area=False):
            return Match(start, end, "commune", target, key)
        return None
    if kind in ("department", "region"):
        cue = cue_before(tokens, start, AREA_CUES, SKIP_BEFORE_NAME)
        if span_ok(tokens, start, end, words, cue, area=True):
            return Match(start, end, kind, target, key)
        return None
    if kind == "epci_full":
        return Match(start, end, "epci", epci_index().items[target], key)
    return _epci_match(tokens, start, end, target, key)


def name_matches(tokens: Sequence[Token]) -> list[Match]:
    """Every accepted place name in the text; « au Mans » is read as « le Mans »."""
    words = [t.word for t in tokens]
    out: list[Match] = []
    for start, word in enumerate(words):
        heads = [(word, False)]
        if word in CONTRACTIONS:
            heads.append((CONTRACTIONS[word], word in COMMUNE_CUES))
        for n, (head, cued) in enumerate(heads):
            key = head
            for end in range(start + 1, min(start + MAX_WORDS, len(words)) + 1):
                if end > start + 1:
                    key = f"{key} {words[end - 1]}"
                elif n:  # a bare contraction (« au ») names nothing
                    continue
                if n and not contraction_ok(tokens, start + 1, end):
                    continue
                for kind, target in _entries(key):
                    match = _accept(tokens, start, end, key, kind, target, cued)
                    if match is not None:
                        out.append(match)
    return out


def number_matches(tokens: Sequence[Token], name_ends: set[int]) -> list[Match]:
    """Department numbers after a cue (« ARS 74 ») or a commune (« Saint-Denis 93 »), postcodes."""
    out: list[Match] = []
    n = len(tokens)
    for i, tok in enumerate(tokens):
        word = tok.word
        if not word[:1].isascii() or not word[:1].isdecimal():
            continue
        unit = tok.unit_after or (i + 1 < n and tokens[i + 1].word in UNITS)
        if unit:
            continue
        if tok.number_run:
            continue
        code = department_code(word)
        if code is not None:
            if len(word) == 1:  # « département 1 », never « mission 1 »
                cued = cue_before(tokens, i, DEPARTMENT_WORDS, SKIP_BEFORE_CODE)
            else:
                cued = i in name_ends or cue_before(tokens, i, CODE_CUES, SKIP_BEFORE_CODE)
            if cued or (n == 1 and len(word) >= 2):
                dep = department_table().get(code)
                if dep is not None:
                    out.append(Match(i, i + 1, "department", dep, word))
        elif len(word) == 5 and word.isascii() and word.isdecimal():
            cue = cue_before(tokens, i, COMMUNE_CUES | {"cp", "postal"}, SKIP_BEFORE_NAME)
            if n == 1 or cue:
                match = _postal_match(i, word)
                if match is not None:
                    out.append(match)
    return out


# Letters below which a typo is too often another word; communes need a capital too.
_FUZZY_MIN_COMMUNE = 7
_FUZZY_MIN_AREA = 5


def fuzzy_matches(tokens: Sequence[Token]) -> list[Match]:
    """Second pass when nothing matched exactly: small typos in department or region names
    after a cue (« cpam de l'isere »), in a capitalised commune name after « à »
    (« à Grenobel »), or when the whole text is the name. Ordinary words are never corrected."""
    out: list[Match] = []
    common = common_words()
    for start in range(len(tokens)):
        for end in range(start + 1, min(start + 4, len(tokens)) + 1):
            words = [t.word for t in tokens[start:end]]
            if not words[-1].isalpha():
                break
            if words[-1] in common:  # « haute savoi » yes, « savoi haute » no
                continue
            key = " ".join(words)
            whole = start == 0 and end == len(tokens)
            area_cue = cue_before(tokens, start, AREA_CUES, SKIP_BEFORE_NAME)
            if len(key) >= _FUZZY_MIN_AREA and (whole or area_cue):
                area = fuzzy_key(key, _area_names())
                if area is not None:
                    kind = "department" if isinstance(area, Department) else "region"
                    out.append(Match(start, end, kind, area, key))
                    continue
            cue = cue_before(tokens, start, FUZZY_COMMUNE_CUES, SKIP_BEFORE_NAME)
            if len(key) >= _FUZZY_MIN_COMMUNE and (whole or cue and tokens[start].title):
                found = fuzzy_keys(key, name_keys_by_length(), max_distance=1)
                rows = sorted({i for k in found for i, _ in commune_index().hits(k)})
                if rows:
                    out.append(Match(start, end, "commune", rows, key))
    return out


@cache
def _area_names() -> dict[str, Department | Region]:
    keys: dict[str, Department | Region] = dict(region_keys())
    keys.update(department_keys())
    return keys


def _postal_match(i: int, code: str) -> Match | None:
    rows = commune_index().postal_index.get(code, [])
    if not rows:
        return None
    if len(rows) == 1:
        return Match(i, i + 1, "commune", rows, code)
    deps = {commune_index().department[r] for r in rows}
    if len(deps) == 1:
        return Match(i, i + 1, "department", department_table()[deps.pop()], code)
    return None
