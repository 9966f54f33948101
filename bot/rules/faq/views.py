"""What a card's templates can read: the slots, the team's territory, and the rule tables.

One ``View`` per answer; every property is computed on first use, so a card about the
contract never loads the territory or the funding tables.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

from bot.rules.faq.slots import Slots


@dataclass(frozen=True)
class Territory:
    """The team's territory, from its dossier (``FaqContext``)."""

    population: int | None = None
    tier: int | None = None
    department: str | None = None
    cpts_name: str | None = None


class View:
    def __init__(self, slots: Slots, team: Territory | None = None) -> None:
        self.slots = slots
        self.team = team

    # --- whose territory ------------------------------------------------------------------

    @cached_property
    def uses_team(self) -> bool:
        """Answer for the team's territory: « pour nous », or no population typed at all."""
        s = self.slots
        if self.team is None or (self.team.population is None and self.team.tier is None):
            return False
        # a commune named, even one several communes bear, is not « chez nous »
        typed = s.population is not None or s.tier is not None or s.homonyms is not None
        return not typed

    @cached_property
    def population(self) -> int | None:
        if self.slots.population is not None:
            return self.slots.population
        return self.team.population if self.uses_team and self.team else None

    @cached_property
    def tier(self) -> int | None:
        if self.slots.tier is not None:
            return self.slots.tier
        if self.population is not None:
            return self.tier_result.tier if self.tier_result else None
        return self.team.tier if self.uses_team and self.team else None

    @cached_property
    def department(self) -> str | None:
        if self.slots.department is not None:
            return self.slots.department
        return self.team.department if self.team else None

    @cached_property
    def area_population(self) -> int | None:
        """A named department's or region's population (summed over its communes on demand)."""
        if self.slots.area is None:
            return None
        from bot.rules.territory import area_population

        return area_population(self.slots.area)

    @cached_property
    def tier_result(self) -> Any:
        from bot.rules.tiers import tier_for

        return tier_for(self.population) if self.population is not None else None

    # --- rule tables ------------------------------------------------------------------------

    @cached_property
    def facts(self) -> Any:
        from bot.rules.facts import facts

        return facts()

    @cached_property
    def land(self) -> Any:
        from bot.rules.landscape import landscape

        return landscape()

    @cached_property
    def tiers(self) -> Any:
        from bot.rules.tiers import all_tiers

        return all_tiers()

    @cached_property
    def missions(self) -> Any:
        from bot.rules.missions import missions

        return missions()

    @cached_property
    def catalogue(self) -> Any:
        from bot.rules.missions import catalogue

        return catalogue()

    @cached_property
    def mission(self) -> Any:
        from bot.rules.missions import mission

        return mission(self.slots.mission) if self.slots.mission else None

    def funding(self, tier: int) -> Any:
        from bot.rules.funding import funding_for

        return funding_for(tier)

    def amount(self, tier: int, key: str, version: str = "aci_2019") -> int | None:
        """One cell of a version's table (« fonctionnement », « acces_soins », « total »)."""
        view = self.funding(tier).version(version)
        return view.line(key).amount if view.has(key) else None

    def part(self, tier: int, key: str, part: str) -> int | None:
        line = self.funding(tier).version("aci_2019").line(key)
        return next((p.amount for p in line.parts if p.key == part), None)

    def mission_lines(self, tier: int) -> Any:
        view = self.funding(tier).version("aci_2019")
        return tuple(line for line in view.lines if line.kind == "mission")

    @cached_property
    def glossary_entry(self) -> Any:
        from bot.rules.glossary import lookup

        return lookup(self.slots.term) if self.slots.term else None
