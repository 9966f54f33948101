"""``find_place``: the one place a free-text question is about, or None when unsure.

Used by the FAQ to pick the right CPAM/ARS: « cpam de la haute savoie », « ARS 74 »,
« qui contacter à Grenoble ? », « la cc du pays voironnais ».
"""

from __future__ import annotations

from bot.rules.territory.data import commune_at, commune_index, department_table
from bot.rules.territory.folding import fold_place
from bot.rules.territory.models import CommuneLookup, Place
from bot.rules.territory.place_matches import (
    Match,
    fuzzy_matches,
    name_matches,
    number_matches,
)
from bot.rules.territory.place_tokens import tokenize
from bot.rules.territory.shorthands import shorthand_rows

# A homonym this much bigger than the others is taken as meant (« à Valence »).
_DOMINANT_POPULATION = 10_000
_DOMINANT_RATIO = 10
_KIND_RANK = {"department": 3, "region": 2, "epci": 1, "commune": 0}


def _resolve_homonyms(matches: list[Match]) -> tuple[list[Match], list[Match]]:
    """Commune matches carry row lists; a department/region named elsewhere picks among them.

    Returns the matches resolved to one place, and the commune matches left with several
    candidates (their rows, largest first). A name that is short for a big commune
    (« Clermont ») is never settled by size: the person picks.
    """
    data = commune_index()
    areas = [m for m in matches if m.kind in ("department", "region")]
    out: list[Match] = []
    homonyms: list[Match] = []
    for m in matches:
        if m.kind != "commune":
            out.append(m)
            continue
        longer = shorthand_rows(m.text, m.target)
        rows = [*m.target, *longer]
        if len(rows) > 1:
            for area in areas:
                if area.start >= m.end or area.end <= m.start:
                    inside = [r for r in rows if _in_area(data.department[r], area)]
                    if inside:
                        rows = inside
                        break
        if len(rows) > 1 and not longer:
            top, second = sorted((data.population[r] for r in rows), reverse=True)[:2]
            if top >= _DOMINANT_POPULATION and top >= _DOMINANT_RATIO * second:
                rows = [max(rows, key=lambda r: data.population[r])]
        if len(rows) == 1:
            out.append(Match(m.start, m.end, "commune", commune_at(rows[0]), m.text))
        else:
            by_size = sorted(rows, key=lambda r: (-data.population[r], data.insee[r]))
            homonyms.append(Match(m.start, m.end, "commune", by_size, m.text))
    return out, homonyms


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
    return find_place_or_homonyms(text)[0]


def find_place_or_homonyms(text: str) -> tuple[Place | None, CommuneLookup | None]:
    """``find_place``; and when it finds nothing, the commune name the text gives that several
    communes bear (« Saint-Denis », « Clermont »), with its candidates largest first."""
    matches, homonyms = _place_matches(text)
    best = _best(matches)
    if best is not None:
        place = Place(best.kind, best.text, **{best.kind: best.target})  # type: ignore[arg-type]
        return place, None
    if not homonyms:
        return None, None
    m = max(homonyms, key=lambda h: (h.size, -h.start))
    candidates = tuple(commune_at(r) for r in m.target)
    # The name as the communes of exactly that name spell it (« Saint-Denis »)
    name = next((c.name for c in candidates if fold_place(c.name) == m.text), m.text.title())
    return None, CommuneLookup(status="ambiguous", query=name, candidates=candidates)


def _place_matches(text: str) -> tuple[list[Match], list[Match]]:
    tokens = tokenize(text)
    if not tokens:
        return [], []
    names = name_matches(tokens)
    raw = names + number_matches(tokens, {m.end for m in names if m.kind == "commune"})
    if not raw:
        raw = fuzzy_matches(tokens)
    # Ambiguous commune names still hide the shorter names inside them.
    blocking = [m for m in raw if m.kind == "commune" and len(m.target) > 1]
    matches, homonyms = _resolve_homonyms(raw)
    matches = [
        m
        for m in matches
        if not any(b.size > m.size and b.start <= m.start and m.end <= b.end for b in blocking)
    ]
    return matches, homonyms
