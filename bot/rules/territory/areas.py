"""Departments and regions, by code or by name (« isere », « Haute-Savoie », « aura »)."""

from __future__ import annotations

import re
from functools import cache

from bot.normalize import fold
from bot.rules.territory.data import (
    ALIASES_FILE,
    commune_index,
    department_table,
    raw_data,
    region_table,
)
from bot.rules.territory.folding import ARTICLES, department_code, fold_place
from bot.rules.territory.fuzzy import fuzzy_key
from bot.rules.territory.models import Department, Region


def department_by_code(code: str) -> Department | None:
    return department_table().get(department_code(code) or "")


def region_by_code(code: str) -> Region | None:
    return region_table().get(code.strip().upper())


@cache
def department_populations() -> dict[str, int]:
    """Sum of the communes' populations per department (arrondissements are in their city)."""
    data = commune_index()
    totals: dict[str, int] = {}
    for insee, dep, population in zip(data.insee, data.department, data.population, strict=True):
        if insee not in data.parents:
            totals[dep] = totals.get(dep, 0) + population
    return totals


def area_population(area: Department | Region) -> int:
    """A department's or a region's population, as the sum of its communes (Insee)."""
    totals = department_populations()
    if isinstance(area, Department):
        return totals.get(area.code, 0)
    return sum(
        totals.get(code, 0) for code, dep in department_table().items() if dep.region == area.code
    )


_AREA_PREFIX = re.compile(
    r"^(?:(?:departement|dept|dpt|dep|region|de|du|des|d|la|le|les|l|en|dans)\s+)+"
)


def strip_area_words(folded: str) -> str:
    stripped = _AREA_PREFIX.sub("", folded)
    return stripped or folded


@cache
def department_keys() -> dict[str, Department]:
    """Folded department names, with and without their article (« reunion »)."""
    keys: dict[str, Department] = {}
    for code, _name, _region, folded in raw_data()["departments"]:
        dep = department_table()[code]
        keys[folded] = dep
        first, _, rest = folded.partition(" ")
        if first in ARTICLES and rest:
            keys.setdefault(rest, dep)
    return keys


@cache
def region_keys() -> dict[str, Region]:
    keys: dict[str, Region] = {}
    for code, _name, folded in raw_data()["regions"]:
        keys[folded] = region_table()[code]
        first, _, rest = folded.partition(" ")
        if first in ARTICLES and rest:
            keys.setdefault(rest, region_table()[code])
    for line in ALIASES_FILE.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            code, _, names = line.partition(":")
            for name in names.split(","):
                keys.setdefault(fold(name), region_table()[code.strip()])
    return keys


def find_department(query: str) -> Department | None:
    """« 38 », « 1 », « 2A », « isere », « Haute-Savoie », « puy de dome », small typos."""
    code = department_code(query)
    if code:
        return department_table().get(code)
    folded = strip_area_words(fold_place(query))
    if not folded:
        return None
    keys = department_keys()
    return keys.get(folded) or fuzzy_key(folded, keys)


def find_region(query: str) -> Region | None:
    """Region by code (« 84 ») or name (« Auvergne-Rhône-Alpes », « aura », « normandi »)."""
    q = query.strip().upper()
    if q in region_table():
        return region_table()[q]
    folded = strip_area_words(fold_place(query))
    if not folded:
        return None
    keys = region_keys()
    return keys.get(folded) or fuzzy_key(folded, keys)
