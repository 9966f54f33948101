"""EPCI (intercommunalités) by SIREN code or by name (« CA du Pays Voironnais »)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

from bot.rules.territory.data import commune_at, commune_index, epci_index
from bot.rules.territory.folding import fold_place
from bot.rules.territory.fuzzy import fuzzy_keys, keys_by_length
from bot.rules.territory.models import Commune, Epci


def epci_by_code(code: str) -> Epci | None:
    """EPCI by SIREN code."""
    data = epci_index()
    i = data.by_code.get(code.strip())
    return data.items[i] if i is not None else None


def epci_members(epci: Epci) -> tuple[Commune, ...]:
    data = commune_index()
    return tuple(commune_at(data.by_insee[c]) for c in epci.members)


_EPCI_CUE = re.compile(
    r"^(?:(?:la|le|l|une|un) )?"
    r"(?P<kind>ca|cc|cu|cdc|cda|comcom|com com|agglo|agglomeration|communaute d agglomeration"
    r"|communaute d agglo|communaute de communes|communaute urbaine|communaute"
    r"|eurometropole|metropole|metro|interco|intercommunalite|epci)"
    r"(?: (?:du|de la|de l|des|de|d))?$"
)
_CUE_KIND = {
    "ca": "CA",
    "cda": "CA",
    "agglo": "CA",
    "agglomeration": "CA",
    "communaute d agglomeration": "CA",
    "communaute d agglo": "CA",
    "cc": "CC",
    "cdc": "CC",
    "comcom": "CC",
    "com com": "CC",
    "communaute de communes": "CC",
    "cu": "CU",
    "communaute urbaine": "CU",
    "metropole": "METRO",
    "eurometropole": "METRO",
    "metro": "METRO",
}


def epci_cue(words: Sequence[str]) -> str | None:
    """The EPCI kind announced by these words (« cc du » → CC), « » if any kind, else None."""
    m = _EPCI_CUE.match(" ".join(words))
    return _CUE_KIND.get(m["kind"], "") if m else None


def pick_epci(indexes: Sequence[int], kind: str | None) -> Epci | None:
    items = epci_index().items
    if not indexes:
        return None
    if kind:
        typed = [i for i in indexes if items[i].kind.startswith(kind[:3])]
        indexes = typed or indexes
    if len(indexes) > 1:
        return None
    return items[indexes[0]]


def find_epci(query: str) -> Epci | None:
    """EPCI by SIREN code or name: « CA du Pays Voironnais », « pays voironnais », typos."""
    q = query.strip()
    if re.fullmatch(r"\d{9}", q, re.ASCII):
        return epci_by_code(q)
    data = epci_index()
    folded = fold_place(q)
    if folded in data.full:
        return data.items[data.full[folded]]
    words = folded.split()
    kind: str | None = None
    for n in range(min(6, len(words) - 1), 0, -1):
        cue = epci_cue(words[:n])
        if cue is not None:
            kind, words = cue, words[n:]
            break
    if words and words[-1] == "metropole" and len(words) > 1:
        kind, words = kind or "METRO", words[:-1]
    core = " ".join(words)
    if core in data.cores:
        return pick_epci(data.cores[core], kind)
    keys = fuzzy_keys(core, _epci_core_lengths())
    hits = sorted({i for k in keys for i in data.cores[k]})
    return pick_epci(hits, kind)


@cache
def _epci_core_lengths() -> dict[int, list[str]]:
    return keys_by_length(epci_index().cores)


@cache
def epci_of_commune() -> dict[str, str]:
    """INSEE code → code of its EPCI (a commune belongs to one EPCI with own taxation)."""
    return {insee: e.code for e in epci_index().items for insee in e.members}
