"""Typo tolerance for place names: edit-distance search among keys of similar length."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

_T = TypeVar("_T")


def _distance_budget(length: int) -> int:
    """Edits tolerated for a typo, by length of the folded query."""
    if length < 4:
        return 0
    if length < 8:
        return 1
    if length < 13:
        return 2
    return 3


def fuzzy_keys(query: str, by_length: dict[int, list[str]], max_distance: int = 3) -> list[str]:
    """Keys at the smallest edit distance (OSA: a transposition is one edit) within budget."""
    budget = min(_distance_budget(len(query)), max_distance)
    if budget == 0:
        return []
    pool: list[str] = []
    for n in range(len(query) - budget, len(query) + budget + 1):
        pool.extend(by_length.get(n, ()))
    from rapidfuzz import process  # deferred: only typos pay for the import
    from rapidfuzz.distance import OSA

    hits = process.extract(query, pool, scorer=OSA.distance, score_cutoff=budget, limit=50)
    if not hits:
        return []
    best = min(h[1] for h in hits)
    return [h[0] for h in hits if h[1] == best]


def keys_by_length(keys: Iterable[str]) -> dict[int, list[str]]:
    """Distinct keys grouped by length: ``fuzzy_keys`` only compares keys of similar length."""
    out: dict[int, list[str]] = {}
    for key in set(keys):
        out.setdefault(len(key), []).append(key)
    return out


def fuzzy_key(folded: str, keys: dict[str, _T]) -> _T | None:
    """Unique best typo-tolerant match among a small key set."""
    found = {id(keys[k]): keys[k] for k in fuzzy_keys(folded, keys_by_length(keys))}
    return next(iter(found.values())) if len(found) == 1 else None
