"""French territory lookups: communes, departments, regions and EPCI, from user text.

Users name places the way they talk (« grenobel », « Voiron (38) », « 38500 », « la cc du
pays voironnais », « cpam de la haute savoie »). This module turns that into official
entities with populations, so the interview can total a CPTS territory and the FAQ can
pick the right CPAM/ARS.

Data: data/territory/territory.json.gz, derived from Etalab's « découpage administratif »
by scripts/build_territory.py (see data/territory/SOURCE.md). It is read once, lazily, and
each index is built on first use, so a one-shot CLI pays only for what it asks.

Free text is full of ordinary words that are also commune names (Y, Eu, Plan, Cours, Ars,
Somme…). ``find_place`` therefore only accepts such words when a cue introduces them
(« à », « cpam », « dans le »…) or when they are capitalised mid-sentence.
"""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import cache, lru_cache
from typing import Any, Literal, TypeVar

from bot.normalize import fold
from bot.paths import DATA_DIR

_T = TypeVar("_T")

TERRITORY_DIR = DATA_DIR / "territory"
DATA_FILE = TERRITORY_DIR / "territory.json.gz"
STOPWORDS_FILE = TERRITORY_DIR / "stopwords.txt"
ALIASES_FILE = TERRITORY_DIR / "region_aliases.txt"


# --------------------------------------------------------------------------- models
# Frozen dataclasses rather than pydantic models: 35 000 communes are built lazily and
# pydantic class creation alone would cost the one-shot CLI ~100 ms of import time.
# pydantic still validates and serialises them (TypeAdapter, fields of other models).


@dataclass(frozen=True, slots=True)
class Region:
    code: str
    name: str


@dataclass(frozen=True, slots=True)
class Department:
    code: str
    name: str
    region: str


@dataclass(frozen=True, slots=True)
class Commune:
    """A current commune, or a municipal arrondissement of Paris/Lyon/Marseille (``parent`` set)."""

    insee: str
    name: str
    department: str
    region: str
    postal_codes: tuple[str, ...]
    population: int
    parent: str | None = None

    @property
    def label(self) -> str:
        """« Voiron (38) »: tells homonyms apart in a list of choices."""
        return f"{self.name} ({self.department})"


@dataclass(frozen=True, slots=True)
class Epci:
    """An EPCI à fiscalité propre; ``population`` is the sum of its member communes."""

    code: str
    name: str
    members: tuple[str, ...]
    population: int
    kind: str = ""


@dataclass(frozen=True, slots=True)
class CommuneLookup:
    """Result of ``lookup_commune``; ``matched_name`` names the alias used (commune déléguée…)."""

    status: Literal["found", "ambiguous", "not_found"]
    query: str
    commune: Commune | None = None
    candidates: tuple[Commune, ...] = ()
    matched_name: str | None = None


@dataclass(frozen=True, slots=True)
class Place:
    """A place found in free text; exactly the field named by ``kind`` is set.

    ``matched`` is the folded words that named it (« haute savoie », « le mans » for
    « au Mans », « 74 » for « ARS 74 »).
    """

    kind: Literal["commune", "department", "epci", "region"]
    matched: str
    commune: Commune | None = None
    department: Department | None = None
    epci: Epci | None = None
    region: Region | None = None

    @property
    def department_code(self) -> str | None:
        """Department of the place, when it has a single one (for CPAM-level contacts)."""
        if self.commune is not None:
            return self.commune.department
        if self.department is not None:
            return self.department.code
        if self.epci is not None:
            deps = {c.department for c in epci_members(self.epci)}
            return deps.pop() if len(deps) == 1 else None
        return None

    @property
    def region_code(self) -> str | None:
        """Region of the place, when it has a single one (for ARS-level contacts)."""
        if self.commune is not None:
            return self.commune.region
        if self.department is not None:
            return self.department.region
        if self.region is not None:
            return self.region.code
        if self.epci is not None:
            regions = {c.region for c in epci_members(self.epci)}
            return regions.pop() if len(regions) == 1 else None
        return None


@dataclass(frozen=True, slots=True)
class CommuneSum:
    resolved: tuple[Commune, ...]
    ambiguous: tuple[CommuneLookup, ...]
    not_found: tuple[str, ...]
    total_population: int


# ----------------------------------------------------------------------------- data


@cache
def _raw() -> dict[str, Any]:
    with gzip.open(DATA_FILE, "rb") as fh:
        data: dict[str, Any] = json.loads(fh.read())
    return data


def metadata() -> dict[str, str]:
    """Package, version, licences and generation date of the territory data."""
    return dict(_raw()["meta"])


@cache
def _word_file(name: str) -> tuple[str, ...]:
    words: list[str] = []
    for line in (TERRITORY_DIR / name).read_text(encoding="utf-8").splitlines():
        words.extend(line.split("#", 1)[0].split())
    return tuple(words)


@cache
def _stopwords() -> frozenset[str]:
    return frozenset(_word_file(STOPWORDS_FILE.name))


@cache
def _common_words() -> frozenset[str]:
    """Dictionary words found in place names, plus the stop-words."""
    return frozenset(_raw()["common_words"]) | _stopwords()


@cache
def _regions() -> dict[str, Region]:
    return {code: Region(code, name) for code, name, _ in _raw()["regions"]}


@cache
def _departments() -> dict[str, Department]:
    return {code: Department(code, name, region) for code, name, region, _ in _raw()["departments"]}


@dataclass(frozen=True, slots=True)
class _Communes:
    """Columnar commune table (row numbers index every list) and its name/code indexes."""

    insee: list[str]
    name: list[str]
    department: list[str]
    postal: list[str]
    population: list[int]
    parents: dict[str, str]
    names: dict[str, list[int]]  # folded official name -> rows
    aliases: dict[str, list[list[Any]]]  # folded alias -> [[row, alias name], ...]
    postal_index: dict[str, list[int]]
    former: dict[str, str]
    by_insee: dict[str, int] = field(default_factory=dict)

    def hits(self, folded: str) -> list[tuple[int, str | None]]:
        """(row, alias name or None) for a folded name."""
        out: list[tuple[int, str | None]] = [(i, None) for i in self.names.get(folded, ())]
        out.extend((i, alias) for i, alias in self.aliases.get(folded, ()))
        return out

    def known(self, folded: str) -> bool:
        return folded in self.names or folded in self.aliases


@cache
def _communes() -> _Communes:
    raw = _raw()
    cols = raw["communes"]
    table = _Communes(
        cols["insee"],
        cols["name"],
        cols["department"],
        cols["postal"],
        cols["population"],
        raw["parents"],
        raw["names"],
        raw["aliases"],
        raw["postal"],
        raw["former_codes"],
    )
    table.by_insee.update(zip(cols["insee"], range(len(cols["insee"])), strict=True))
    return table


@cache
def _name_keys_by_length() -> dict[int, list[str]]:
    data = _communes()
    return _lengths([*data.names, *data.aliases])


@cache
def _name_keys_in_department(code: str) -> dict[int, list[str]]:
    data = _communes()
    keys = [k for k in data.names if any(data.department[i] == code for i in data.names[k])]
    keys += [
        k for k, hits in data.aliases.items() if any(data.department[h[0]] == code for h in hits)
    ]
    return _lengths(keys)


@lru_cache(maxsize=8192)
def _commune(i: int) -> Commune:
    data = _communes()
    dep = data.department[i]
    return Commune(
        insee=data.insee[i],
        name=data.name[i],
        department=dep,
        region=_departments()[dep].region,
        postal_codes=tuple(data.postal[i].split()),
        population=data.population[i],
        parent=data.parents.get(data.insee[i]),
    )


@dataclass(frozen=True, slots=True)
class _Epcis:
    items: list[Epci]
    by_code: dict[str, int]
    full: dict[str, int]
    cores: dict[str, list[int]]


@cache
def _epcis() -> _Epcis:
    data = _communes()
    items: list[Epci] = []
    by_code: dict[str, int] = {}
    full: dict[str, int] = {}
    cores: dict[str, list[int]] = {}
    for i, (code, name, kind, members, folded, core) in enumerate(_raw()["epci"]):
        codes = tuple(members.split())
        population = sum(data.population[data.by_insee[c]] for c in codes)
        items.append(Epci(code, name, codes, population, kind))
        by_code[code] = i
        full[folded] = i
        cores.setdefault(core, []).append(i)
    return _Epcis(items, by_code, full, cores)


# ---------------------------------------------------------------------- simple gets


def commune_by_insee(code: str) -> Commune | None:
    """Current commune (or arrondissement) by INSEE code; former codes resolve to today's."""
    code = code.strip().upper()
    data = _communes()
    i = data.by_insee.get(code)
    if i is None and code in data.former:
        i = data.by_insee.get(data.former[code])
    return _commune(i) if i is not None else None


def department_by_code(code: str) -> Department | None:
    return _departments().get(_department_code(code) or "")


def region_by_code(code: str) -> Region | None:
    return _regions().get(code.strip().upper())


def epci_by_code(code: str) -> Epci | None:
    """EPCI by SIREN code."""
    data = _epcis()
    i = data.by_code.get(code.strip())
    return data.items[i] if i is not None else None


def epci_members(epci: Epci) -> tuple[Commune, ...]:
    data = _communes()
    return tuple(_commune(data.by_insee[c]) for c in epci.members)


# ------------------------------------------------------------------------- folding

_ABBREVIATIONS = {"hte": "haute", "htes": "hautes", "mt": "mont", "gd": "grand"}
_ARTICLES = ("le", "la", "les", "l")
_DEP_CODE = re.compile(r"^(?:0?[1-9]|[1-8]\d|9[0-5]|2[ab]|97[1-8]|98[4-9])$", re.ASCII)


def _fold_place(text: str) -> str:
    """``fold`` plus the abbreviations people use in place names (« hte savoie »)."""
    return " ".join(_ABBREVIATIONS.get(t, t) for t in fold(text).split())


def _department_code(text: str) -> str | None:
    """« 1 » → « 01 », « 2a » → « 2A », « 38 », « 974 »; None for anything else."""
    t = text.strip().lower()
    if not _DEP_CODE.match(t):
        return None
    t = t.upper()
    return t.zfill(2) if t.isdigit() and len(t) == 1 else t


def _distance_budget(length: int) -> int:
    """Edits tolerated for a typo, by length of the folded query."""
    if length < 4:
        return 0
    if length < 8:
        return 1
    if length < 13:
        return 2
    return 3


def _fuzzy(query: str, by_length: dict[int, list[str]], max_distance: int = 3) -> list[str]:
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


# ------------------------------------------------------------------ lookup_commune

_CODE = re.compile(r"^(?:\d{5}|2[ABab]\d{3})$", re.ASCII)
_PAREN_HINT = re.compile(r"^(?P<name>.*?)[\s,]*\((?P<hint>[^()]+)\)\s*$", re.ASCII)
_COMMA_HINT = re.compile(r"^(?P<name>.+?)\s*,\s*(?P<hint>[^,]+)$", re.ASCII)
_NUMBER_HINT = re.compile(r"^(?P<name>.*?\D)[\s\-]+(?P<hint>\d{1,3}|2[ABab])$", re.ASCII)
_POSTAL_FIRST = re.compile(r"^(?P<postal>\d{5})[\s,\-]+(?P<name>\D.*)$", re.ASCII)
_POSTAL_LAST = re.compile(r"^(?P<name>.*\D)[\s,\-]+(?P<postal>\d{5})$", re.ASCII)


def _by_population(rows: Iterable[int]) -> list[int]:
    data = _communes()
    return sorted(set(rows), key=lambda i: (-data.population[i], data.insee[i]))


def _result(
    query: str,
    hits: Sequence[tuple[int, str | None]],
    department: Department | None,
) -> CommuneLookup:
    """Turn name hits into found/ambiguous; a department keeps only its own communes."""
    data = _communes()
    if department is not None:
        inside = [h for h in hits if data.department[h[0]] == department.code]
        if inside:
            hits = inside
        elif hits:  # the name exists, elsewhere: let the user choose
            rows = _by_population(i for i, _ in hits)
            return CommuneLookup(
                status="ambiguous", query=query, candidates=tuple(_commune(i) for i in rows)
            )
    rows = _by_population(i for i, _ in hits)
    if not rows:
        return CommuneLookup(status="not_found", query=query)
    if len(rows) == 1:
        aliases = [a for i, a in hits if i == rows[0]]
        alias = None if None in aliases else aliases[0]
        return CommuneLookup(
            status="found", query=query, commune=_commune(rows[0]), matched_name=alias
        )
    return CommuneLookup(
        status="ambiguous", query=query, candidates=tuple(_commune(i) for i in rows)
    )


def _name_hits(folded: str, department: Department | None) -> list[tuple[int, str | None]]:
    """Exact, then article-less (« mans » → « le mans »), then typo-tolerant hits."""
    data = _communes()
    hits = data.hits(folded)
    if hits:
        return hits
    for article in _ARTICLES:
        hits.extend(data.hits(f"{article} {folded}"))
    if hits:
        return hits
    if department is not None:
        keys = _fuzzy(folded, _name_keys_in_department(department.code))
        if keys:
            return [h for k in keys for h in data.hits(k)]
    return [h for k in _fuzzy(folded, _name_keys_by_length()) for h in data.hits(k)]


def _code_rows(code: str) -> list[int]:
    """Rows for a 5-character code read as INSEE code and as postal code (both may hit).

    Former INSEE codes (merged communes, Corsica's pre-1976 20xxx) count only when
    nothing current matches.
    """
    data = _communes()
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
    code = _department_code(text)
    if code:
        return _departments().get(code)
    return _department_keys().get(_strip_area_words(_fold_place(text)))


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
    if _CODE.match(compact):
        hits = [(i, None) for i in _code_rows(compact)]
        return _result(query, hits, dep)

    postal = _POSTAL_FIRST.match(q) or _POSTAL_LAST.match(q)
    if postal:
        rows = set(_code_rows(postal["postal"]))
        folded = _fold_place(postal["name"])
        data = _communes()
        hits = [h for h in data.hits(folded) if h[0] in rows]
        if not hits:
            keys = _fuzzy(folded, _lengths(fold(data.name[i]) for i in rows))
            hits = [h for k in keys for h in data.hits(k) if h[0] in rows]
        if hits:
            return _result(query, hits, dep)
        return _lookup(postal["name"], dep)

    folded = _fold_place(q)
    exact = _communes().hits(folded)
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
                found = _name_hits(_fold_place(m["name"]), dep or hinted)
                return _result(query, found, dep or hinted)
    tail = _trailing_department(folded)
    if tail is not None:
        rest, hinted = tail
        found = _name_hits(rest, dep or hinted)
        if found:
            return _result(query, found, dep or hinted)
    return _result(query, _name_hits(folded, dep), dep)


def _lengths(keys: Iterable[str]) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    for key in set(keys):
        out.setdefault(len(key), []).append(key)
    return out


def _trailing_department(folded: str) -> tuple[str, Department] | None:
    """« voiron isere » → (« voiron », Isère) when the last words name a department exactly."""
    words = folded.split()
    for n in (4, 3, 2, 1):
        if len(words) > n:
            dep = _department_keys().get(" ".join(words[-n:]))
            if dep is not None:
                return " ".join(words[:-n]), dep
    return None


# ------------------------------------------------------------ departments, regions

_AREA_PREFIX = re.compile(
    r"^(?:(?:departement|dept|dpt|dep|region|de|du|des|d|la|le|les|l|en|dans)\s+)+"
)


def _strip_area_words(folded: str) -> str:
    stripped = _AREA_PREFIX.sub("", folded)
    return stripped or folded


@cache
def _department_keys() -> dict[str, Department]:
    """Folded department names, with and without their article (« reunion »)."""
    keys: dict[str, Department] = {}
    for code, _name, _region, folded in _raw()["departments"]:
        dep = _departments()[code]
        keys[folded] = dep
        first, _, rest = folded.partition(" ")
        if first in _ARTICLES and rest:
            keys.setdefault(rest, dep)
    return keys


@cache
def _region_keys() -> dict[str, Region]:
    keys: dict[str, Region] = {}
    for code, _name, folded in _raw()["regions"]:
        keys[folded] = _regions()[code]
        first, _, rest = folded.partition(" ")
        if first in _ARTICLES and rest:
            keys.setdefault(rest, _regions()[code])
    for line in ALIASES_FILE.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            code, _, names = line.partition(":")
            for name in names.split(","):
                keys.setdefault(fold(name), _regions()[code.strip()])
    return keys


def _fuzzy_key(folded: str, keys: dict[str, _T]) -> _T | None:
    """Unique best typo-tolerant match among a small key set."""
    found = {id(keys[k]): keys[k] for k in _fuzzy(folded, _lengths(keys))}
    return next(iter(found.values())) if len(found) == 1 else None


def find_department(query: str) -> Department | None:
    """« 38 », « 1 », « 2A », « isere », « Haute-Savoie », « puy de dome », small typos."""
    code = _department_code(query)
    if code:
        return _departments().get(code)
    folded = _strip_area_words(_fold_place(query))
    if not folded:
        return None
    keys = _department_keys()
    return keys.get(folded) or _fuzzy_key(folded, keys)


def find_region(query: str) -> Region | None:
    """Region by code (« 84 ») or name (« Auvergne-Rhône-Alpes », « aura », « normandi »)."""
    q = query.strip().upper()
    if q in _regions():
        return _regions()[q]
    folded = _strip_area_words(_fold_place(query))
    if not folded:
        return None
    keys = _region_keys()
    return keys.get(folded) or _fuzzy_key(folded, keys)


# ---------------------------------------------------------------------------- EPCI

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


def _epci_cue(words: Sequence[str]) -> str | None:
    """The EPCI kind announced by these words (« cc du » → CC), « » if any kind, else None."""
    m = _EPCI_CUE.match(" ".join(words))
    return _CUE_KIND.get(m["kind"], "") if m else None


def _pick_epci(indexes: Sequence[int], kind: str | None) -> Epci | None:
    items = _epcis().items
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
    data = _epcis()
    folded = _fold_place(q)
    if folded in data.full:
        return data.items[data.full[folded]]
    words = folded.split()
    kind: str | None = None
    for n in range(min(6, len(words) - 1), 0, -1):
        cue = _epci_cue(words[:n])
        if cue is not None:
            kind, words = cue, words[n:]
            break
    if words and words[-1] == "metropole" and len(words) > 1:
        kind, words = kind or "METRO", words[:-1]
    core = " ".join(words)
    if core in data.cores:
        return _pick_epci(data.cores[core], kind)
    keys = _fuzzy(core, _epci_core_lengths())
    hits = sorted({i for k in keys for i in data.cores[k]})
    return _pick_epci(hits, kind)


@cache
def _epci_core_lengths() -> dict[int, list[str]]:
    return _lengths(_epcis().cores)


# ------------------------------------------------------------------------ find_place

_MAX_TEXT = 2000
_MAX_WORDS = 13  # longest place name, in words (checked by a test)
# A homonym this much bigger than the others is taken as meant (« à Valence »).
_DOMINANT_POPULATION = 10_000
_DOMINANT_RATIO = 10
_CONTRACTIONS = {"au": "le", "du": "le", "aux": "les", "des": "les"}


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words after which a commune name is expected (« à Voiron », « cpts de Voiron »).
_COMMUNE_CUES = _words(
    "a au aux cpts cpam ars urps msp commune communes ville mairie secteur territoire pres "
    "autour aupres habite habitons situe situee situes base basee bases installe installee "
    "exerce exercons travaille travaillons hopital ch chu clinique maison centre"
)
# Words after which a department or region is expected (« dans le Nord », « ARS 74 »).
_AREA_CUES = _words(
    "en dans cpam ars cpts urps cgss dac caf mdph departement departements dept dpt dep "
    "region prefecture delegation dd dt conseil"
)
_CODE_CUES = _words("cpam ars cpts urps cgss dac caf mdph departement dept dpt dep dans dd dt")
_DEPARTMENT_WORDS = _words("departement dept dpt dep")
_SKIP_BEFORE_NAME = _words("de d du la le l les des")
_SKIP_BEFORE_CODE = _words("le l du")
_UNITS = _words(
    "jour jours mois an ans annee annees semaine semaines heure heures h minute minutes min "
    "commune communes habitant habitants hab euro euros eur k ke keur m me professionnel "
    "professionnels pros membres membre personnes medecins patients pourcent km place places "
    "fois ps etp"
)
_KIND_RANK = {"department": 3, "region": 2, "epci": 1, "commune": 0}


@dataclass(frozen=True, slots=True)
class _Token:
    word: str  # folded
    title: bool  # « Eu », « Tour » inside a sentence (not its first word, not an acronym)
    group: int  # tokens of one hyphenated word (« Jean-Marie ») share a group
    number_run: bool  # next to another number (« 04 81 92 », « 15 000 »)
    unit_after: bool  # followed by « € » or « % »


@dataclass(frozen=True, slots=True)
class _Match:
    start: int
    end: int
    kind: str
    target: Any  # Commune | Department | Region | Epci, or homonym rows (list[int])
    text: str

    @property
    def size(self) -> int:
        return self.end - self.start


_NOISE = re.compile(r"\S+@\S+|https?://\S+|www\.\S+")  # e-mails and links name no place
_COMPOUND = re.compile(r"\w+(?:-\w+)*")
_SENTENCE_END = ".!?:;\n\t•-–—*#|"
_PARTICLES = _words("de d du des la le les l en et sur sous aux au a")


def _tokenize(text: str) -> list[_Token]:
    text = _NOISE.sub(" ", text[:_MAX_TEXT])
    compounds = list(_COMPOUND.finditer(text))
    letters = [w for m in compounds for w in re.findall(r"\w+", m.group()) if w[0].isalpha()]
    title_case = len(letters) > 1 and all(w[0].isupper() for w in letters)
    out: list[_Token] = []
    for group, m in enumerate(compounds):
        j = m.start() - 1
        while j >= 0 and text[j] in " \u00a0\u202f":
            j -= 1
        sentence_start = j < 0 or text[j] in _SENTENCE_END
        unit = text[m.end() : m.end() + 2].strip()[:1] in ("€", "%")
        for part in re.finditer(r"\w+", m.group()):
            word = part.group()
            title = (
                word[0].isupper()
                and (len(word) == 1 or not word.isupper())
                and not title_case
                and not (sentence_start and part.start() == 0)
            )
            for piece in fold(word).split():
                out.append(_Token(_ABBREVIATIONS.get(piece, piece), title, group, False, unit))
    numbers = [t.word.isdigit() for t in out]
    return [
        _Token(
            t.word,
            t.title,
            t.group,
            numbers[i] and ((i > 0 and numbers[i - 1]) or (i + 1 < len(out) and numbers[i + 1])),
            t.unit_after,
        )
        for i, t in enumerate(out)
    ]


def _capitalised(tokens: Sequence[_Token], start: int, end: int) -> bool:
    """Whether the text writes this span as a name: « à Eu », « La Tour-du-Pin ».

    Every main word must be capitalised, and the span must not cut a hyphenated word
    (« Jean-Marie » does not name the commune Marie).
    """
    main = [t for t in tokens[start:end] if t.word not in _PARTICLES]
    if not main or not all(t.title for t in main):
        return False
    if start > 0 and tokens[start - 1].group == tokens[start].group:
        return False
    return not (end < len(tokens) and tokens[end].group == tokens[end - 1].group)


_COM_CODES = frozenset({"975", "977", "978", "984", "986", "987", "988", "989"})


@cache
def _area_keys() -> dict[str, list[tuple[str, Any]]]:
    """Folded names of departments, regions and EPCI → (kind, target)."""
    keys: dict[str, list[tuple[str, Any]]] = {}
    communes = _communes()
    # Overseas collectivities named like communes (Saint-Martin…) are left to the communes.
    for folded, dep in _department_keys().items():
        if not (dep.code in _COM_CODES and communes.known(folded)):
            keys.setdefault(folded, []).append(("department", dep))
    for folded, region in _region_keys().items():
        if not (region.code in _COM_CODES and communes.known(folded)):
            keys.setdefault(folded, []).append(("region", region))
    data = _epcis()
    for folded, i in data.full.items():
        keys.setdefault(folded, []).append(("epci_full", i))
    for core, indexes in data.cores.items():
        keys.setdefault(core, []).append(("epci_core", indexes))
    return keys


def _entries(key: str) -> list[tuple[str, Any]]:
    """Everything a folded n-gram may name; commune targets are lists of homonym rows."""
    out = list(_area_keys().get(key, ()))
    rows = sorted({i for i, _ in _communes().hits(key)})
    if rows:
        out.append(("commune", rows))
    return out


def _cue_before(
    tokens: Sequence[_Token], start: int, cues: frozenset[str], skip: frozenset[str]
) -> bool:
    """Whether a cue word stands just before ``start``, articles in between allowed."""
    j = start - 1
    while j >= 0 and tokens[j].word in skip and start - j <= 3:
        j -= 1
    return j >= 0 and tokens[j].word in cues


def _plain_ok(words: Sequence[str], capital: bool, whole: bool, cue: bool, area: bool) -> bool:
    """Whether words that are also ordinary French may be read as a place name here."""
    stop = _stopwords()
    if all(w in stop for w in words):
        if area and len(words) > 1:  # « ARS Grand Est », not « le plus grand est »
            return cue or capital
        return capital and (cue or len(words) > 1)
    if (len(words) == 1 and len(words[0]) <= 3) or all(w in _common_words() for w in words):
        return whole or cue or capital
    return True


def _span_ok(
    tokens: Sequence[_Token], start: int, end: int, words: Sequence[str], cue: bool, area: bool
) -> bool:
    capital = _capitalised(tokens, start, end)
    whole = start == 0 and end == len(tokens)
    return _plain_ok(words, capital, whole, cue, area)


def _epci_match(
    tokens: Sequence[_Token], start: int, end: int, indexes: list[int], key: str
) -> _Match | None:
    """A core EPCI name, stretched over its cue (« cc du ») or suffix (« metropole »)."""
    kind: str | None = None
    first = start
    for n in range(min(5, start), 0, -1):
        cue = _epci_cue([t.word for t in tokens[start - n : start]])
        if cue is not None:
            kind, first = cue, start - n
            break
    last = end
    if end < len(tokens) and tokens[end].word == "metropole":
        kind, last = kind or "METRO", end + 1
    if kind is None:
        # Bare core names (« pays voironnais ») only when they name nothing else.
        if _communes().known(key) or key in _department_keys() or len(key) < 5:
            return None
        if not _span_ok(tokens, start, end, key.split(), cue=False, area=False):
            return None
    epci = _pick_epci(indexes, kind)
    if epci is None:
        return None
    return _Match(first, last, "epci", epci, " ".join(t.word for t in tokens[first:last]))


def _accept(
    tokens: Sequence[_Token], start: int, end: int, key: str, kind: str, target: Any, cued: bool
) -> _Match | None:
    words = key.split()
    if kind == "commune":
        cue = cued or _cue_before(tokens, start, _COMMUNE_CUES, _SKIP_BEFORE_NAME)
        if _span_ok(tokens, start, end, words, cue, area=False):
            return _Match(start, end, "commune", target, key)
        return None
    if kind in ("department", "region"):
        cue = _cue_before(tokens, start, _AREA_CUES, _SKIP_BEFORE_NAME)
        if _span_ok(tokens, start, end, words, cue, area=True):
            return _Match(start, end, kind, target, key)
        return None
    if kind == "epci_full":
        return _Match(start, end, "epci", _epcis().items[target], key)
    return _epci_match(tokens, start, end, target, key)


def _contraction_ok(tokens: Sequence[_Token], start: int, end: int) -> bool:
    """« au Mans » is a place, « au titre de » or « à des fins » is not."""
    stop = _stopwords()
    return _capitalised(tokens, start, end) or not any(t.word in stop for t in tokens[start:end])


def _name_matches(tokens: Sequence[_Token]) -> list[_Match]:
    """Every accepted place name in the text; « au Mans » is read as « le Mans »."""
    words = [t.word for t in tokens]
    out: list[_Match] = []
    for start, word in enumerate(words):
        heads = [(word, False)]
        if word in _CONTRACTIONS:
            heads.append((_CONTRACTIONS[word], word in _COMMUNE_CUES))
        for n, (head, cued) in enumerate(heads):
            key = head
            for end in range(start + 1, min(start + _MAX_WORDS, len(words)) + 1):
                if end > start + 1:
                    key = f"{key} {words[end - 1]}"
                elif n:  # a bare contraction (« au ») names nothing
                    continue
                if n and not _contraction_ok(tokens, start + 1, end):
                    continue
                for kind, target in _entries(key):
                    match = _accept(tokens, start, end, key, kind, target, cued)
                    if match is not None:
                        out.append(match)
    return out


def _number_matches(tokens: Sequence[_Token], name_ends: set[int]) -> list[_Match]:
    """Department numbers after a cue (« ARS 74 ») or a commune (« Saint-Denis 93 »), postcodes."""
    out: list[_Match] = []
    n = len(tokens)
    for i, tok in enumerate(tokens):
        word = tok.word
        if not word[:1].isascii() or not word[:1].isdigit():
            continue
        unit = tok.unit_after or (i + 1 < n and tokens[i + 1].word in _UNITS)
        if unit:
            continue
        if tok.number_run:
            continue
        code = _department_code(word)
        if code is not None:
            if len(word) == 1:  # « département 1 », never « mission 1 »
                cued = _cue_before(tokens, i, _DEPARTMENT_WORDS, _SKIP_BEFORE_CODE)
            else:
                cued = i in name_ends or _cue_before(tokens, i, _CODE_CUES, _SKIP_BEFORE_CODE)
            if cued or (n == 1 and len(word) >= 2):
                dep = _departments().get(code)
                if dep is not None:
                    out.append(_Match(i, i + 1, "department", dep, word))
        elif len(word) == 5 and word.isascii() and word.isdigit():
            cue = _cue_before(tokens, i, _COMMUNE_CUES | {"cp", "postal"}, _SKIP_BEFORE_NAME)
            if n == 1 or cue:
                match = _postal_match(i, word)
                if match is not None:
                    out.append(match)
    return out


_FUZZY_COMMUNE_CUES = _words("a au cpts mairie ville commune")
# Letters below which a typo is too often another word; communes need a capital too.
_FUZZY_MIN_COMMUNE = 7
_FUZZY_MIN_AREA = 5


def _fuzzy_matches(tokens: Sequence[_Token]) -> list[_Match]:
    """Second pass when nothing matched exactly: small typos in department or region names
    after a cue (« cpam de l'isere »), in a capitalised commune name after « à »
    (« à Grenobel »), or when the whole text is the name. Ordinary words are never corrected."""
    out: list[_Match] = []
    common = _common_words()
    for start in range(len(tokens)):
        for end in range(start + 1, min(start + 4, len(tokens)) + 1):
            words = [t.word for t in tokens[start:end]]
            if not words[-1].isalpha():
                break
            if words[-1] in common:  # « haute savoi » yes, « savoi haute » no
                continue
            key = " ".join(words)
            whole = start == 0 and end == len(tokens)
            area_cue = _cue_before(tokens, start, _AREA_CUES, _SKIP_BEFORE_NAME)
            if len(key) >= _FUZZY_MIN_AREA and (whole or area_cue):
                area = _fuzzy_key(key, _area_names())
                if area is not None:
                    kind = "department" if isinstance(area, Department) else "region"
                    out.append(_Match(start, end, kind, area, key))
                    continue
            cue = _cue_before(tokens, start, _FUZZY_COMMUNE_CUES, _SKIP_BEFORE_NAME)
            if len(key) >= _FUZZY_MIN_COMMUNE and (whole or cue and tokens[start].title):
                found = _fuzzy(key, _name_keys_by_length(), max_distance=1)
                rows = sorted({i for k in found for i, _ in _communes().hits(k)})
                if rows:
                    out.append(_Match(start, end, "commune", rows, key))
    return out


@cache
def _area_names() -> dict[str, Department | Region]:
    keys: dict[str, Department | Region] = dict(_region_keys())
    keys.update(_department_keys())
    return keys


def _postal_match(i: int, code: str) -> _Match | None:
    rows = _communes().postal_index.get(code, [])
    if not rows:
        return None
    if len(rows) == 1:
        return _Match(i, i + 1, "commune", rows, code)
    deps = {_communes().department[r] for r in rows}
    if len(deps) == 1:
        return _Match(i, i + 1, "department", _departments()[deps.pop()], code)
    return None


def _resolve_homonyms(matches: list[_Match]) -> list[_Match]:
    """Commune matches carry row lists; a department/region named elsewhere picks among them."""
    data = _communes()
    areas = [m for m in matches if m.kind in ("department", "region")]
    out: list[_Match] = []
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
            out.append(_Match(m.start, m.end, "commune", _commune(rows[0]), m.text))
    return out


def _in_area(dep_code: str, area: _Match) -> bool:
    if area.kind == "department":
        return bool(area.target.code == dep_code)
    return bool(_departments()[dep_code].region == area.target.code)


def _best(matches: list[_Match]) -> _Match | None:
    """Longest span wins; same span → department > region > EPCI > commune.

    Among separate mentions a commune inside a named department/region is preferred
    (most specific); otherwise the longest, then the highest-ranked kind.
    """
    if not matches:
        return None
    ranked = sorted(matches, key=lambda m: (-m.size, -_KIND_RANK[m.kind], m.start))
    kept: list[_Match] = []
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
    tokens = _tokenize(text)
    if not tokens:
        return None
    names = _name_matches(tokens)
    raw = names + _number_matches(tokens, {m.end for m in names if m.kind == "commune"})
    if not raw:
        raw = _fuzzy_matches(tokens)
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


# ----------------------------------------------------------------- lists and sums

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
    communes = _communes()
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
            while j > i + 1 and not communes.known(_fold_place(" et ".join(parts[i:j]))):
                j -= 1
            item = " et ".join(parts[i:j]).strip()
            if item:
                items.append(item)
            i = j
    return items


def _is_department_only(chunk: str) -> bool:
    folded = _fold_place(chunk)
    if _communes().known(folded):
        return False
    return _department_code(chunk) is not None or folded in _department_keys()


def sum_communes(queries: list[str]) -> CommuneSum:
    """Resolve each query; total the population of the distinct communes found.

    The list settles what one query cannot: a homonym with exactly one candidate in a
    department of the communes already resolved (« Voiron, Rives » → Rives, Isère), and a
    5-digit code that is both an INSEE and a postal code, read like the list's other codes.
    An arrondissement is dropped when its whole city is also listed.
    """
    results = [lookup_commune(query) for query in queries]
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
        if result.commune is not None and _CODE.match(code):
            if result.commune.insee == code:
                insee += 1
            elif code in result.commune.postal_codes:
                postal += 1
    if insee == postal:
        return None
    return "insee" if insee > postal else "postal"


def _settle(
    result: CommuneLookup, departments: set[str], reading: Literal["insee", "postal"] | None
) -> Commune | None:
    candidates = list(result.candidates)
    code = result.query.strip().upper()
    if reading and _CODE.match(code):
        if reading == "insee":
            candidates = [c for c in candidates if c.insee == code]
        else:
            candidates = [c for c in candidates if code in c.postal_codes]
        if len(candidates) == 1:
            return candidates[0]
    local = [c for c in candidates if c.department in departments]
    return local[0] if len(local) == 1 else None
