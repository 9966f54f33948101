"""``find_place``: the one place a free-text question is about, or None when unsure.

Used by the FAQ to pick the right CPAM/ARS: « cpam de la haute savoie », « ARS 74 »,
« qui contacter à Grenoble ? », « la cc du pays voironnais ».
"""

from __future__ import annotations

from bot.rules.territory.data import commune_at, commune_index, department_table
from bot.rules.territory.models import Place
from bot.rules.territory.place_matches import (
    Match,
    fuzzy_matches,
    name_matches,
    number_matches,
)
from bot.rules.territory.place_tokens import tokenize

# A homonym this much bigger than the others is taken as meant (« à Valence »).
_DOMINANT_POPULATION = 10_000
_DOMINANT_RATIO = 10
_KIND_RANK = {"department": 3, "region": 2, "epci": 1, "commune": 0}


def _resolve_homonyms(matches: list[Match]) -> list[Match]:
    """Commune matches carry row lists; a department/region named elsewhere picks among them."""
    data = commune_index()
    areas = [m for m in matches if m.kind in ("department", "region")]
    out: list[Match] = []
    for m in matches:
        if m.kind != "commune":
            out.append(m)
            continue
        rows = list(m.target)
        if len(rows) > 1:
            for area in areas:
                if area.start >= m.end or area.end <= m.start:
                    inside = [r for r in rows if _in_area(data.department[r], area)]
                    if inside:
                        rows = inside
                        break
        if len(rows) > 1:
            top, second = sorted((data.population[r] for r in rows), reverse=True)[:2]
            if top >= _DOMINANT_POPULATION and top >= _DOMINANT_RATIO * second:
                rows = [max(rows, key=lambda r: data.population[r])]
        if len(rows) == 1:
            out.append(Match(m.start, m.end, "commune", commune_at(rows[0]), m.text))
    return out


def _in_area(dep_code: str, area: Match) -> bool:
    if area.kind == "department":
        return bool(area.target.code == dep_code)
    return bool(department_table()[dep_code].region == area.target.code)


def _best(matches: list[Match]) -> Match | None:
    """Longest span wins; same span → department > region > EPCI > commune.

    Among separate mentions a commune inside a named department/region is preferred
    (most specific); otherwise the longest, then the highest-ranked kind.
    """
    if not matches:
        return None
    ranked = sorted(matches, key=lambda m: (-m.size, -_KIND_RANK[m.kind], m.start))
    kept: list[Match] = []
    for m in ranked:
        if all(m.end <= k.start or m.start >= k.end for k in kept):
            kept.append(m)
    for m in kept:
        if m.kind == "commune" and any(
            k.kind in ("department", "region") and _in_area(m.target.department, k) for k in kept
        ):
            return m
    return kept[0]


def find_place(text: str) -> Place | None:
    """The best place mentioned anywhere in a free-text question, or None when unsure."""
    tokens = tokenize(text)
    if not tokens:
        return None
    names = name_matches(tokens)
    raw = names + number_matches(tokens, {m.end for m in names if m.kind == "commune"})
    if not raw:
        raw = fuzzy_matches(tokens)
    # Ambiguous commune names still hide the shorter names inside them.
    blocking = [m for m in raw if m.kind == "commune" and len(m.target) > 1]
    matches = _resolve_homonyms(raw)
    matches = [
        m
        for m in matches
        if not any(b.size > m.size and b.start <= m.start and m.end <= b.end for b in blocking)
    ]
    best = _best(matches)
    if best is None:
        return None
    return Place(best.kind, best.text, **{best.kind: best.target})  # type: ignore[arg-type]
