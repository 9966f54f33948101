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
from bot.rules.territory.fuzzy import keys_by_length
from bot.rules.territory.models import Commune, Department, Epci, Region

TERRITORY_DIR = DATA_DIR / "territory"
DATA_FILE = TERRITORY_DIR / "territory.json.gz"
STOPWORDS_FILE = TERRITORY_DIR / "stopwords.txt"
ALIASES_FILE = TERRITORY_DIR / "region_aliases.txt"


@cache
def raw_data() -> dict[str, Any]:
    with gzip.open(DATA_FILE, "rb") as fh:
        data: dict[str, Any] = json.loads(fh.read())
    return data


def metadata() -> dict[str, str]:
    """Package, version, licences and generation date of the territory data."""
    return dict(raw_data()["meta"])


@cache
def _word_file(name: str) -> tuple[str, ...]:
    words: list[str] = []
    for line in (TERRITORY_DIR / name).read_text(encoding="utf-8").splitlines():
        words.extend(line.split("#", 1)[0].split())
    return tuple(words)


@cache
def stopwords() -> frozenset[str]:
    return frozenset(_word_file(STOPWORDS_FILE.name))


@cache
def common_words() -> frozenset[str]:
    """Dictionary words found in place names, plus the stop-words."""
    return frozenset(raw_data()["common_words"]) | stopwords()


@cache
def region_table() -> dict[str, Region]:
    return {code: Region(code, name) for code, name, _ in raw_data()["regions"]}


@cache
def department_table() -> dict[str, Department]:
    return {
        code: Department(code, name, region) for code, name, region, _ in raw_data()["departments"]
    }


@dataclass(frozen=True, slots=True)
class CommuneIndex:
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
def commune_index() -> CommuneIndex:
    raw = raw_data()
    cols = raw["communes"]
    table = CommuneIndex(
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
def name_keys_by_length() -> dict[int, list[str]]:
    data = commune_index()
    return keys_by_length([*data.names, *data.aliases])


@cache
def name_keys_in_department(code: str) -> dict[int, list[str]]:
    data = commune_index()
    keys = [k for k in data.names if any(data.department[i] == code for i in data.names[k])]
    keys += [
        k for k, hits in data.aliases.items() if any(data.department[h[0]] == code for h in hits)
    ]
    return keys_by_length(keys)


@lru_cache(maxsize=8192)
def commune_at(i: int) -> Commune:
    data = commune_index()
    dep = data.department[i]
    return Commune(
        insee=data.insee[i],
        name=data.name[i],
        department=dep,
        region=department_table()[dep].region,
        postal_codes=tuple(data.postal[i].split()),
        population=data.population[i],
        parent=data.parents.get(data.insee[i]),
    )


@dataclass(frozen=True, slots=True)
class EpciIndex:
    items: list[Epci]
    by_code: dict[str, int]
    full: dict[str, int]
    cores: dict[str, list[int]]


@cache
def epci_index() -> EpciIndex:
    data = commune_index()
    items: list[Epci] = []
    by_code: dict[str, int] = {}
    full: dict[str, int] = {}
    cores: dict[str, list[int]] = {}
    for i, (code, name, kind, members, folded, core) in enumerate(raw_data()["epci"]):
        codes = tuple(members.split())
        population = sum(data.population[data.by_insee[c]] for c in codes)
        items.append(Epci(code, name, codes, population, kind))
        by_code[code] = i
        full[folded] = i
        cores.setdefault(core, []).append(i)
    return EpciIndex(items, by_code, full, cores)
