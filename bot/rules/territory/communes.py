"""One commune from a name, INSEE code or postal code, typo-tolerant, with homonyms.

Users write « grenobel », « Voiron (38) », « Voiron, Isère », « 38500 », « 38500 Coublevie »;
each resolves to a commune, a list of homonyms to choose from, or nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import replace

from bot.normalize import fold
from bot.rules.territory.areas import department_keys, find_department, strip_area_words
from bot.rules.territory.data import (
    common_words,
    commune_at,
    commune_index,
    department_table,
    name_keys_by_length,
    name_keys_in_department,
)
from bot.rules.territory.folding import ARTICLES, department_code, fold_place
from bot.rules.territory.fuzzy import fuzzy_keys, keys_by_length
from bot.rules.territory.models import Commune, CommuneLookup, Department
from bot.rules.territory.shorthands import shorthand_rows


def commune_by_insee(code: str) -> Commune | None:
    """Current commune (or arrondissement) by INSEE code; former codes resolve to today's."""
    code = code.strip().upper()
    data = commune_index()
    i = data.by_insee.get(code)
    if i is None and code in data.former:
        i = data.by_insee.get(data.former[code])
    return commune_at(i) if i is not None else None


POSTCODE_OR_INSEE = re.compile(r"^(?:\d{5}|2[ABab]\d{3})$", re.ASCII)
_PAREN_HINT = re.compile(r"^(?P<name>.*?)[\s,]*\((?P<hint>[^()]+)\)\s*$", re.ASCII)
_COMMA_HINT = re.compile(r"^(?P<name>.+?)\s*,\s*(?P<hint>[^,]+)$", re.ASCII)
_NUMBER_HINT = re.compile(r"^(?P<name>.*?\D)[\s\-]+(?P<hint>\d{1,3}|2[ABab])$", re.ASCII)
_POSTAL_FIRST = re.compile(r"^(?P<postal>\d{5})[\s,\-]+(?P<name>\D.*)$", re.ASCII)
_POSTAL_LAST = re.compile(r"^(?P<name>.*\D)[\s,\-]+(?P<postal>\d{5})$", re.ASCII)


def _by_population(rows: Iterable[int]) -> list[int]:
    data = commune_index()
    return sorted(set(rows), key=lambda i: (-data.population[i], data.insee[i]))


def _result(
    query: str,
    hits: Sequence[tuple[int, str | None]],
    department: Department | None,
) -> CommuneLookup:
    """Turn name hits into found/ambiguous; a department keeps only its own communes."""
    data = commune_index()
    if department is not None:
        inside = [h for h in hits if data.department[h[0]] == department.code]
        if inside:
            hits = inside
        elif hits:  # the name exists, elsewhere: let the user choose
            rows = _by_population(i for i, _ in hits)
            return CommuneLookup(
                status="ambiguous", query=query, candidates=tuple(commune_at(i) for i in rows)
            )
    rows = _by_population(i for i, _ in hits)
    if not rows:
        return CommuneLookup(status="not_found", query=query)
    if len(rows) == 1:
        aliases = [a for i, a in hits if i == rows[0]]
        alias = None if None in aliases else aliases[0]
        return CommuneLookup(
            status="found", query=query, commune=commune_at(rows[0]), matched_name=alias
        )
    return CommuneLookup(
        status="ambiguous", query=query, candidates=tuple(commune_at(i) for i in rows)
    )


def _exact_hits(folded: str, department: Department | None = None) -> list[tuple[int, str | None]]:
    """Communes of exactly that name, and the big ones it is often short for (« Clermont »:
    four villages and Clermont-Ferrand). A common word that no commune bears (« saint ») is
    short for nothing, and a name the given department has is short for nothing else."""
    data = commune_index()
    hits = data.hits(folded)
    if department is not None and any(data.department[i] == department.code for i, _ in hits):
        return hits
    if hits or folded not in common_words():
        hits.extend((i, None) for i in shorthand_rows(folded, (i for i, _ in hits)))
    return hits


def _name_hits(folded: str, department: Department | None) -> list[tuple[int, str | None]]:
    """Exact (or short for a big commune), then article-less (« mans » → « le mans »), then
    typo-tolerant hits."""
    data = commune_index()
    hits = _exact_hits(folded, department)
    if hits:
        return hits
    for article in ARTICLES:
        hits.extend(data.hits(f"{article} {folded}"))
    if hits:
        return hits
    if department is not None:
        keys = fuzzy_keys(folded, name_keys_in_department(department.code))
        if keys:
            return [h for k in keys for h in data.hits(k)]
    return [h for k in fuzzy_keys(folded, name_keys_by_length()) for h in data.hits(k)]


def _code_rows(code: str) -> list[int]:
    """Rows for a 5-character code read as INSEE code and as postal code (both may hit).

    Former INSEE codes (merged communes, Corsica's pre-1976 20xxx) count only when
    nothing current matches.
    """
    data = commune_index()
    insee = code.upper()
    rows = [data.by_insee[insee]] if insee in data.by_insee else []
    rows.extend(data.postal_index.get(code, ()))
    if not rows and insee in data.former:
        rows.append(data.by_insee[data.former[insee]])
    if not rows and code.startswith("20"):
        corsica = (f"2A{code[2:]}", f"2B{code[2:]}")
        rows.extend(data.by_insee[c] for c in corsica if c in data.by_insee)
    return rows


def _department_hint(text: str) -> Department | None:
    """A department named by code or by (exact) name, for « Voiron (38) » / « Voiron, Isère »."""
    code = department_code(text)
    if code:
        return department_table().get(code)
    return department_keys().get(strip_area_words(fold_place(text)))


def lookup_commune(query: str, department: str | None = None) -> CommuneLookup:
    """Resolve one commune from a name, INSEE code or postal code, typo-tolerant.

    ``department`` (code or name; ignored if it names none) restricts homonyms;
    « Name (38) », « Name 38 » and « Name, Isère » carry the same hint inline. Homonyms
    without a hint are ambiguous, candidates sorted by population; a name that exists only
    outside the given department is ambiguous too, so the user can pick. A 5-digit code is
    read as INSEE code and as postal code: when both match different communes, ambiguous.
    """
    dep = find_department(department) if department else None
    result = _lookup(" ".join(query.split()), dep)
    return result if result.query == query else replace(result, query=query)


def _lookup(q: str, dep: Department | None) -> CommuneLookup:
    if not q:
        return CommuneLookup(status="not_found", query=q)
    query = q
    compact = q.replace(" ", "")
    if POSTCODE_OR_INSEE.match(compact):
        hits: list[tuple[int, str | None]] = [(i, None) for i in _code_rows(compact)]
        return _result(query, hits, dep)

    postal = _POSTAL_FIRST.match(q) or _POSTAL_LAST.match(q)
    if postal:
        rows = set(_code_rows(postal["postal"]))
        folded = fold_place(postal["name"])
        data = commune_index()
        hits = [h for h in data.hits(folded) if h[0] in rows]
        if not hits:
            keys = fuzzy_keys(folded, keys_by_length(fold(data.name[i]) for i in rows))
            hits = [h for k in keys for h in data.hits(k) if h[0] in rows]
        if hits:
            return _result(query, hits, dep)
        return _lookup(postal["name"], dep)

    folded = fold_place(q)
    exact = _exact_hits(folded, dep)
    if exact:
        return _result(query, exact, dep)
    for pattern in (_PAREN_HINT, _COMMA_HINT, _NUMBER_HINT):
        m = pattern.match(q)
        if m and m["name"].strip():
            hint = m["hint"].strip()
            if re.fullmatch(r"\d{5}", hint, re.ASCII):
                return _lookup(f"{hint} {m['name']}", dep)
            hinted = _department_hint(hint)
            if hinted is not None:
                found = _name_hits(fold_place(m["name"]), dep or hinted)
                return _result(query, found, dep or hinted)
    tail = _trailing_department(folded)
    if tail is not None:
        rest, hinted = tail
        found = _name_hits(rest, dep or hinted)
        if found:
            return _result(query, found, dep or hinted)
    return _result(query, _name_hits(folded, dep), dep)


def _trailing_department(folded: str) -> tuple[str, Department] | None:
    """« voiron isere » → (« voiron », Isère) when the last words name a department exactly."""
    words = folded.split()
    for n in (4, 3, 2, 1):
        if len(words) > n:
            dep = department_keys().get(" ".join(words[-n:]))
            if dep is not None:
                return " ".join(words[:-n]), dep
    return None
