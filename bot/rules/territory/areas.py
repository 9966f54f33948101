"""Departments and regions, by code or by name (« isere », « Haute-Savoie », « aura »)."""

from __future__ import annotations

import re
from functools import cache

from bot.normalize import fold
from bot.rules.territory.data import ALIASES_FILE, _departments, _raw, _regions
from bot.rules.territory.folding import _ARTICLES, _department_code, _fold_place
from bot.rules.territory.fuzzy import _fuzzy_key
from bot.rules.territory.models import Department, Region


def department_by_code(code: str) -> Department | None:
    return _departments().get(_department_code(code) or "")


def region_by_code(code: str) -> Region | None:
    return _regions().get(code.strip().upper())


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
