"""CPTS size tiers of the ACI (population → « Taille 1 » … « Taille 4 »).

The ACI of 20 June 2019 sets four tiers: < 40 000, 40 000–80 000, 80 000–175 000,
> 175 000 inhabitants. The texts do not say which tier owns a population exactly on a
boundary, so we decide (and ``data/rules/tiers.yaml`` documents it):

    T1  p < 40 000;  T2  40 000 <= p < 80 000;  T3  80 000 <= p <= 175 000;  T4  p > 175 000

and at exactly 40 000, 80 000 or 175 000 the answer tells the user to confirm with the CPAM
(``at_boundary``). Within 2 % of a boundary the answer only warns (``near_boundary``): the
tier itself never changes. The April 2019 draft thresholds (70 000 / 250 000) are obsolete;
``old_threshold_mentions`` finds them in the numbers a user typed so the answer can correct
them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from pydantic import model_validator

from bot.rules.sourced import Sourced, Strict, load_model


class Tier(Strict):
    tier: int
    label: str
    short_label: str
    range_label: str
    min: int
    max: int | None


class RegionalVariant(Sourced):
    tier: int
    wording: str


class OldDraft(Sourced):
    thresholds: tuple[int, ...]
    obsolete: tuple[int, ...]


class TierTable(Sourced):
    near_boundary_percent: int
    tiers: tuple[Tier, ...]
    ambiguous_boundaries: tuple[int, ...]
    regional_variants: tuple[RegionalVariant, ...]
    old_draft: OldDraft

    @model_validator(mode="after")
    def _contiguous(self) -> TierTable:
        """Tiers must cover 0..∞ with no gap or overlap, numbered 1..n in order."""
        expected_min = 0
        for number, tier in enumerate(self.tiers, start=1):
            if tier.tier != number or tier.min != expected_min:
                raise ValueError(f"tier {tier.tier} must be number {number} from {expected_min}")
            if tier.max is None:
                if number != len(self.tiers):
                    raise ValueError("only the last tier may be open-ended")
                break
            expected_min = tier.max + 1
        else:
            raise ValueError("the last tier must be open-ended (max: null)")
        edges = {t.min for t in self.tiers[1:]} | {t.max for t in self.tiers if t.max is not None}
        if not set(self.ambiguous_boundaries) <= edges:
            raise ValueError("ambiguous_boundaries must be tier edges")
        return self

    @property
    def boundaries(self) -> tuple[int, ...]:
        """The round figures of the texts (40 000, 80 000, 175 000), from the tiers' bounds."""
        return tuple(sorted({t.min if t.min % 1000 == 0 else t.min - 1 for t in self.tiers[1:]}))


@cache
def table() -> TierTable:
    return load_model(TierTable, "tiers")


@dataclass(frozen=True)
class TierResult:
    tier: int
    label: str  # « Taille 2 »
    range_label: str  # « 40 000 à 80 000 habitants »
    population: int
    at_boundary: bool  # exactly 40 000 / 80 000 / 175 000: confirm with the CPAM
    near_boundary: bool  # within 2 % of a boundary (advice only)
    boundary: int | None  # the boundary concerned by at_/near_boundary
    source: str
    as_of: str
    citation: Sourced
    regional_variants: tuple[RegionalVariant, ...]


def tier_for(population: int) -> TierResult:
    """The ACI tier of a territory; ``ValueError`` for a negative population."""
    if population < 0:
        raise ValueError(f"population must be >= 0, got {population}")
    data = table()
    tier = next(t for t in data.tiers if t.max is None or population <= t.max)
    boundary = _closest_boundary(population, data)
    at_boundary = population in data.ambiguous_boundaries
    near = (
        boundary is not None
        and not at_boundary
        and abs(population - boundary) * 100 <= data.near_boundary_percent * boundary
    )
    return TierResult(
        tier=tier.tier,
        label=tier.label,
        range_label=tier.range_label,
        population=population,
        at_boundary=at_boundary,
        near_boundary=near,
        boundary=boundary if (at_boundary or near) else None,
        source=data.source,
        as_of=data.as_of,
        citation=data.citation(),
        regional_variants=tuple(v for v in data.regional_variants if v.tier == tier.tier),
    )


def _closest_boundary(population: int, data: TierTable) -> int | None:
    return min(data.boundaries, key=lambda b: abs(population - b) / b, default=None)


def all_tiers() -> tuple[Tier, ...]:
    return table().tiers


def old_threshold_mentions(numbers: list[int]) -> list[int]:
    """The obsolete April 2019 thresholds among ``numbers`` (each once, in input order)."""
    obsolete = set(table().old_draft.obsolete)
    seen: list[int] = []
    for n in numbers:
        if n in obsolete and n not in seen:
            seen.append(n)
    return seen


OLD_THRESHOLDS: tuple[int, ...] = table().old_draft.obsolete
