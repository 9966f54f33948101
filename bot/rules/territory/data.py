"""The packaged territory data: read once, lazily, each index built on first use.

Data: data/territory/territory.json.gz, derived from Etalab's « découpage administratif »
by scripts/build_territory.py (see data/territory/SOURCE.md). A one-shot CLI pays only for
the tables it touches. Names with a leading underscore are internal to the package.
"""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Any

from bot.paths import DATA_DIR
from bot.rules.territory.fuzzy import _lengths
from bot.rules.territory.models import Commune, Department, Epci, Region

TERRITORY_DIR = DATA_DIR / "territory"
DATA_FILE = TERRITORY_DIR / "territory.json.gz"
STOPWORDS_FILE = TERRITORY_DIR / "stopwords.txt"
ALIASES_FILE = TERRITORY_DIR / "region_aliases.txt"


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
