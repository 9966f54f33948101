"""The big commune a short name is commonly typed for: « Clermont » → Clermont-Ferrand.

« Clermont » is exactly the name of four small communes (the largest, in the Oise, has
10 564 inhabitants), but a person building a CPTS who types it most likely means
Clermont-Ferrand; « Romans » is two villages and Romans-sur-Isère, « Bourg » a village and
Bourg-en-Bresse. Picking either would give the wrong population and tier, so such a name is a
homonym: the bigger commune joins the exact ones as a candidate, and the person chooses.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from bot.rules.territory.data import commune_index

# A commune this big, at least this many times bigger than every commune of exactly the name
# typed, is a likely meaning of it. Both are judgement, not sourced figures: they keep « Valence »
# (64 000) from growing Valence-d'Agen (5 000) as a candidate, and « Saint-Jean » (Haute-Garonne,
# 11 000) from growing the Saint-Jean-de-… of 14 000 to 21 000.
MIN_POPULATION = 10_000
RATIO = 3
MAX_CANDIDATES = 3
# A name cut after one of these words is no name anyone types (« Saint-Jean-de »); the keys
# are folded, so « lès » is « les »
_LINKS = frozenset(
    {"de", "du", "des", "d", "la", "le", "les", "l", "sur", "sous", "en", "et", "aux", "au", "pres"}
)


@cache
def _longer_names() -> dict[str, tuple[int, ...]]:
    """Every leading part of a big commune's name (cut between words) → its rows, largest first."""
    data = commune_index()
    out: dict[str, list[int]] = {}
    for key, rows in data.names.items():
        words = key.split()
        for row in rows:
            if data.population[row] < MIN_POPULATION or data.insee[row] in data.parents:
                continue
            for n in range(1, len(words)):
                if words[n - 1] not in _LINKS:
                    out.setdefault(" ".join(words[:n]), []).append(row)
    return {
        k: tuple(sorted(set(rows), key=lambda r: -data.population[r])) for k, rows in out.items()
    }


def shorthand_rows(folded: str, exact_rows: Iterable[int] = ()) -> list[int]:
    """Rows of the big communes ``folded`` (a folded name) may stand for, beside ``exact_rows``
    (the communes of exactly that name), largest first; [] when the name means itself."""
    data = commune_index()
    exact = list(exact_rows)
    floor = max([MIN_POPULATION, *(RATIO * data.population[r] for r in exact)])
    longer = [r for r in _longer_names().get(folded, ()) if data.population[r] >= floor]
    return [r for r in longer if r not in exact][:MAX_CANDIDATES]
