"""The catalogue of ACI missions: socle (mandatory) and optional, with stable keys.

Keys (``acces_soins``, ``parcours``, ``prevention``, ``crise``, ``qualite``,
``accompagnement``) are shared by the funding tables, the FAQ matcher and the documents.
Descriptions and examples come from the 2019 ARS ARA guide and the health-project template;
the crisis mission is socle since Avenant 2 (signed 20/12/2021); the calendar per mission is
the one published by ARS Hauts-de-France (30/11/2023).
"""

from __future__ import annotations

import re
from functools import cache
from typing import Literal

from rapidfuzz import fuzz, process

from bot.normalize import fold
from bot.rules.sourced import Confidence, Sourced, Strict, load_model

MissionKey = Literal["acces_soins", "parcours", "prevention", "crise", "qualite", "accompagnement"]

# rapidfuzz score (0-100) above which a typed word is taken for a mission synonym.
FUZZY_CUTOFF = 85


class SubMission(Sourced):
    key: str
    label: str
    description: str | None = None


class Calendar(Strict):
    """Delays in months from the signature of the contract (or « au choix »)."""

    start_months: int | None = None
    deploy_months: int | None = None
    at_choice: bool = False
    confidence: Confidence | None = None


class Note(Sourced):
    message: str


class CountNote(Note):
    socle_2019: int
    socle_now: int


class Mission(Strict):
    key: MissionKey
    kind: Literal["socle", "optionnelle"]
    order: int
    label: str
    short_label: str
    since: Sourced
    description: str | None = None
    summary: str | None = None  # a few words for the catalogue overview
    description_source: Sourced | None = None
    sub_missions: tuple[SubMission, ...]
    sas_note: Note | None = None
    examples: tuple[str, ...]
    indicator_examples: tuple[str, ...]
    indicators_are_national: bool
    calendar: Calendar
    synonyms: tuple[str, ...]

    @property
    def is_socle(self) -> bool:
        return self.kind == "socle"


class Catalogue(Sourced):
    count_note: CountNote
    socle_required: Note
    calendar_source: Sourced
    missions: tuple[Mission, ...]

    def get(self, key: str) -> Mission:
        for m in self.missions:
            if m.key == key:
                return m
        raise KeyError(key)


@cache
def catalogue() -> Catalogue:
    return load_model(Catalogue, "missions")


def missions() -> tuple[Mission, ...]:
    return tuple(sorted(catalogue().missions, key=lambda m: m.order))


def mission(key: str) -> Mission:
    return catalogue().get(key)


def mission_synonyms() -> dict[str, list[str]]:
    """Mission key → every name a user may type for it (labels first, then synonyms)."""
    result: dict[str, list[str]] = {}
    for m in missions():
        names: list[str] = []
        for name in (m.short_label, m.label, *m.synonyms):
            if fold(name) not in {fold(n) for n in names}:
                names.append(name)
        result[m.key] = names
    return result


@cache
def _folded_names() -> dict[str, str]:
    """Folded name → mission key (the longest names win when several overlap)."""
    return {fold(name): key for key, names in mission_synonyms().items() for name in names}


def find_mission(text: str) -> Mission | None:
    """The mission a free text refers to: key, label or synonym, then typo-tolerant match."""
    folded = fold(text)
    if not folded:
        return None
    names = _folded_names()
    if folded.replace(" ", "_") in {m.key for m in missions()}:
        return mission(folded.replace(" ", "_"))
    hits = [
        name for name in names if re.search(rf"(?<![a-z0-9]){re.escape(name)}(?![a-z0-9])", folded)
    ]
    if hits:
        return mission(names[max(hits, key=len)])
    best = process.extractOne(folded, list(names), scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF)
    return mission(names[best[0]]) if best else None
