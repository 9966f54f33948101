"""A typed list of communes: split it into items, resolve them together, total them.

A list settles what a single query cannot (a homonym next to communes of one department,
a 5-digit code read like the list's other codes).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Literal

from bot.rules.territory.areas import department_keys
from bot.rules.territory.communes import POSTCODE_OR_INSEE, lookup_commune
from bot.rules.territory.data import commune_index
from bot.rules.territory.epci import epci_of_commune
from bot.rules.territory.folding import department_code, fold_place
from bot.rules.territory.models import Commune, CommuneLookup, CommuneSum

_LIST_SPLIT = re.compile(r"[\n;,|•·]+|\s+/\s+|\s+\+\s+|\s&\s")
_BULLET = re.compile(r"^\s*(?:[-*–—]+|\d{1,3}[.)])\s+")
_ET = re.compile(r"\s+et\s+", re.IGNORECASE)


def split_commune_list(text: str) -> list[str]:
    """« Voiron, Moirans; 38500 Coublevie\\nRives et Saint-Jean-de-Moirans » → 5 items.

    « et » separates only when the joined words are not themselves a known name
    (« Thue et Mue », « Saint-Geniez-d'Olt-et-d'Aubrac »). A lone department after a comma
    (« Voiron, Isère ») is kept as a hint on the previous item.
    """
    items: list[str] = []
    communes = commune_index()
    for chunk in _LIST_SPLIT.split(text):
        chunk = _BULLET.sub("", chunk).strip(" \t.:-")
        if not chunk:
            continue
        if items and _is_department_only(chunk):
            items[-1] = f"{items[-1]}, {chunk}"
            continue
        parts = _ET.split(chunk)
        i = 0
        while i < len(parts):
            j = len(parts)
            while j > i + 1 and not communes.known(fold_place(" et ".join(parts[i:j]))):
                j -= 1
            item = " et ".join(parts[i:j]).strip()
            if item:
                items.append(item)
            i = j
    return items


def _is_department_only(chunk: str) -> bool:
    folded = fold_place(chunk)
    if commune_index().known(folded):
        return False
    return department_code(chunk) is not None or folded in department_keys()


def sum_communes(queries: list[str]) -> CommuneSum:
    """Resolve each query; total the population of the distinct communes found.

    The list settles what one query cannot: a homonym with exactly one candidate in a
    department of the communes already resolved (« Voiron, Rives » → Rives, Isère), and a
    5-digit code that is both an INSEE and a postal code, read like the list's other codes.
    An arrondissement is dropped when its whole city is also listed.
    """
    results = [lookup_commune(query) for query in queries]
    results = [_doubt_a_stray(r, results) for r in results]
    departments = {r.commune.department for r in results if r.commune is not None}
    reading = _code_reading(results)
    resolved: dict[str, Commune] = {}
    ambiguous: list[CommuneLookup] = []
    not_found: list[str] = []
    for result in results:
        commune = result.commune
        if result.status == "ambiguous":
            commune = _settle(result, departments, reading)
            if commune is None:
                ambiguous.append(result)
        elif commune is None:
            not_found.append(result.query)
        if commune is not None:
            resolved.setdefault(commune.insee, commune)
    communes = tuple(c for c in resolved.values() if c.parent not in resolved)
    return CommuneSum(
        resolved=communes,
        ambiguous=tuple(ambiguous),
        not_found=tuple(not_found),
        total_population=sum(c.population for c in communes),
    )


def _code_reading(results: Sequence[CommuneLookup]) -> Literal["insee", "postal"] | None:
    """Whether the codes this list resolved were INSEE codes or postal codes, mostly."""
    insee = postal = 0
    for result in results:
        code = result.query.strip().upper()
        if result.commune is not None and POSTCODE_OR_INSEE.match(code):
            if result.commune.insee == code:
                insee += 1
            elif code in result.commune.postal_codes:
                postal += 1
    if insee == postal:
        return None
    return "insee" if insee > postal else "postal"


STRAY_CANDIDATES = 3  # same-department communes offered beside a stray exact match


def _doubt_a_stray(result: CommuneLookup, results: Sequence[CommuneLookup]) -> CommuneLookup:
    """« Saint-Jean » among Isère communes: the only exact « Saint-Jean » is in Haute-Garonne,
    but Isère has « Saint-Jean-de-Moirans »… A name found outside every department of the
    rest of the list, when those departments hold longer names that start with it, is
    ambiguous: the person picks, the bot does not (the tier depends on it)."""
    commune = result.commune
    if result.status != "found" or commune is None or POSTCODE_OR_INSEE.match(result.query.strip()):
        return result
    neighbours = [r.commune for r in results if r.commune is not None and r is not result]
    others = {c.department for c in neighbours}
    if not others or commune.department in others:
        return result
    postal = {code for c in neighbours for code in c.postal_codes}
    in_epci = epci_of_commune()
    epcis = {in_epci[c.insee] for c in neighbours if c.insee in in_epci}
    local = _starting_with(
        fold_place(result.query), frozenset(others), frozenset(postal), frozenset(epcis)
    )
    if not local:
        return result
    candidates = (*local[:STRAY_CANDIDATES], commune)
    return CommuneLookup(status="ambiguous", query=result.query, candidates=candidates)


def _starting_with(
    folded: str,
    departments: frozenset[str],
    postal: frozenset[str],
    epcis: frozenset[str] = frozenset(),
) -> list[Commune]:
    """Communes of ``departments`` whose name starts with ``folded`` and goes on, nearest
    first: in the same EPCI as the list (« Saint-Jean » among Grésivaudan communes →
    Saint-Jean-le-Vieux), then sharing a postal code with it (« Saint-Jean-de-Moirans »
    beside Moirans), then in the same postal area, then the largest."""
    from bot.rules.territory.communes import commune_at

    data = commune_index()
    prefix = f"{folded} "
    rows = {
        i
        for key, hits in data.names.items()
        if key.startswith(prefix)
        for i in hits
        if data.department[i] in departments
    }
    areas = {code[:3] for code in postal}

    in_epci = epci_of_commune()

    def nearness(c: Commune) -> tuple[bool, bool, bool, int]:
        codes = set(c.postal_codes)
        return (
            in_epci.get(c.insee) not in epcis,
            not codes & postal,
            not {x[:3] for x in codes} & areas,
            -c.population,
        )

    return sorted((commune_at(i) for i in rows), key=nearness)


def _settle(
    result: CommuneLookup, departments: set[str], reading: Literal["insee", "postal"] | None
) -> Commune | None:
    candidates = list(result.candidates)
    code = result.query.strip().upper()
    if reading and POSTCODE_OR_INSEE.match(code):
        if reading == "insee":
            candidates = [c for c in candidates if c.insee == code]
        else:
            candidates = [c for c in candidates if code in c.postal_codes]
        if len(candidates) == 1:
            return candidates[0]
    local = [c for c in candidates if c.department in departments]
    return local[0] if len(local) == 1 else None
