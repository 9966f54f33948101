"""What territory lookups return: regions, departments, communes, EPCI and results.

Frozen dataclasses rather than pydantic models: 35 000 communes are built lazily and
pydantic class creation alone would cost the one-shot CLI ~100 ms of import time.
pydantic still validates and serialises them (TypeAdapter, fields of other models).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


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
            deps = {c.department for c in _members(self.epci)}
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
            regions = {c.region for c in _members(self.epci)}
            return regions.pop() if len(regions) == 1 else None
        return None


@dataclass(frozen=True, slots=True)
class CommuneSum:
    resolved: tuple[Commune, ...]
    ambiguous: tuple[CommuneLookup, ...]
    not_found: tuple[str, ...]
    total_population: int


def _members(epci: Epci) -> tuple[Commune, ...]:
    """The EPCI's communes; imported on use because the data tables build these models."""
    from bot.rules.territory.epci import epci_members

    return epci_members(epci)
