"""Glossary of CPTS acronyms and terms, with typo-tolerant lookup.

Definitions come from the seed documents (or the research file, with its confidence). When a
document only uses an acronym, the entry gives the expansion and where it appears, nothing
more: the glossary never adds a fact of its own.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from pydantic import model_validator
from rapidfuzz import fuzz, process

from bot.normalize import fold
from bot.rules.sourced import Sourced, load_model

# rapidfuzz score (0-100) above which a typed term is taken for a known one; short acronyms
# (up to SHORT_TERM letters) must match exactly, since one typo turns « SAS » into « SMS ».
FUZZY_CUTOFF = 80
SHORT_TERM = 4


class Entry(Sourced):
    term: str
    aliases: tuple[str, ...] = ()
    expansion: str
    definition: str | None = None
    acronym_only: bool = False
    where: str | None = None

    @model_validator(mode="after")
    def _definition_or_where(self) -> Entry:
        if self.acronym_only != (self.definition is None) or self.acronym_only != bool(self.where):
            raise ValueError(f"{self.term}: acronym_only entries have 'where' and no definition")
        return self

    @property
    def names(self) -> tuple[str, ...]:
        return (self.term, *self.aliases)


class Glossary(Sourced):
    entries: tuple[Entry, ...]

    @model_validator(mode="before")
    @classmethod
    def _inherit_citation(cls, data: Any) -> Any:
        """Entries read in the table's own source inherit its text and date."""
        if not isinstance(data, dict):
            return data
        own = {k: data[k] for k in ("text", "as_of", "as_of_label") if k in data}
        entries = [
            {**own, **entry}
            if entry.get("source") == data.get("source") and "text" not in entry
            else entry
            for entry in data.get("entries", [])
        ]
        return {**data, "entries": entries}

    @model_validator(mode="after")
    def _unique_names(self) -> Glossary:
        seen: dict[str, str] = {}
        for entry in self.entries:
            for name in entry.names:
                key = fold(name)
                if key in seen and seen[key] != entry.term:
                    raise ValueError(f"name {name!r} used by {seen[key]} and {entry.term}")
                seen[key] = entry.term
        return self


@cache
def glossary() -> Glossary:
    return load_model(Glossary, "glossary")


def entries() -> tuple[Entry, ...]:
    return glossary().entries


def glossary_terms() -> list[str]:
    """Every name the lookup resolves (terms, then aliases), for the FAQ matcher."""
    names: list[str] = []
    for entry in entries():
        for name in entry.names:
            if name not in names:
                names.append(name)
    return names


@cache
def _index() -> dict[str, Entry]:
    index: dict[str, Entry] = {}
    for entry in entries():
        for name in (*entry.names, entry.expansion):
            index.setdefault(fold(name), entry)
        for part in entry.term.split("/"):  # « PTA / DAC » → « pta », « dac »
            index.setdefault(fold(part), entry)
    return index


def lookup(term: str | None) -> Entry | None:
    """Exact folded name, then a known name inside the text, then a close spelling."""
    folded = fold(term or "")
    if not folded:
        return None
    index = _index()
    if folded in index:
        return index[folded]
    inside = [
        name
        for name in index
        if re.search(rf"(?<![a-z0-9@]){re.escape(name)}(?![a-z0-9@])", folded)
    ]
    if inside:
        return index[max(inside, key=len)]
    candidates = [name for name in index if len(name) > SHORT_TERM]
    best = process.extractOne(folded, candidates, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF)
    return index[best[0]] if best else None
