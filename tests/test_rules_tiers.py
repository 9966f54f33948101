"""ACI size tiers: every boundary, the boundary/near-boundary advice, old 2019 thresholds."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from bot.rules import tiers
from bot.rules.sourced import french_typography as fr
from bot.rules.sourced import load_yaml
from bot.rules.tiers import OLD_THRESHOLDS, TierTable, old_threshold_mentions, tier_for

# Independent statement of the rule (ACI of 20/06/2019 + our documented boundary decision).
BOUNDARIES = (40_000, 80_000, 175_000)
AMBIGUOUS = (80_000,)  # the guide settles 40 000 (« < 40 000 ») and 175 000 (« > 175 000 »)


def expected_tier(p: int) -> int:
    if p < 40_000:
        return 1
    if p < 80_000:
        return 2
    if p <= 175_000:
        return 3
    return 4


@pytest.mark.parametrize(
    ("population", "tier", "label", "at_boundary"),
    [
        (0, 1, "Taille 1", False),
        (1, 1, "Taille 1", False),
        (15_000, 1, "Taille 1", False),
        (39_999, 1, "Taille 1", False),
        (40_000, 2, "Taille 2", False),  # the guide: T1 is « < 40 000 »
        (40_001, 2, "Taille 2", False),
        (60_000, 2, "Taille 2", False),
        (79_999, 2, "Taille 2", False),
        (80_000, 3, "Taille 3", True),
        (80_001, 3, "Taille 3", False),
        (174_999, 3, "Taille 3", False),
        (175_000, 3, "Taille 3", False),  # the guide: T4 is « > 175 000 »
        (175_001, 4, "Taille 4", False),
        (1_000_000, 4, "Taille 4", False),
    ],
)
def test_tier_boundaries(population: int, tier: int, label: str, at_boundary: bool) -> None:
    result = tier_for(population)
    assert result.tier == tier
    assert result.label == label
    assert result.at_boundary is at_boundary
    assert result.population == population
    if at_boundary:
        assert result.boundary == population
        assert result.near_boundary is False


@pytest.mark.parametrize(
    ("tier", "range_label"),
    [
        (1, "moins de 40 000 habitants"),
        (2, "40 000 à 80 000 habitants"),
        (3, "80 000 à 175 000 habitants"),
        (4, "plus de 175 000 habitants"),
    ],
)
def test_range_labels(tier: int, range_label: str) -> None:
    assert tiers.all_tiers()[tier - 1].range_label == fr(range_label)


@pytest.mark.parametrize("population", [-1, -40_000, -(10**9)])
def test_negative_population_is_rejected(population: int) -> None:
    with pytest.raises(ValueError):
        tier_for(population)


@pytest.mark.parametrize(
    ("population", "near", "boundary"),
    [
        (39_200, True, 40_000),  # exactly 2 % below
        (39_199, False, None),
        (40_800, True, 40_000),  # exactly 2 % above
        (40_801, False, None),
        (78_400, True, 80_000),
        (78_399, False, None),
        (81_600, True, 80_000),
        (171_500, True, 175_000),
        (171_499, False, None),
        (178_500, True, 175_000),
        (178_501, False, None),
        (60_000, False, None),
        (0, False, None),
    ],
)
def test_near_boundary_within_two_percent(
    population: int, near: bool, boundary: int | None
) -> None:
    result = tier_for(population)
    assert result.near_boundary is near
    assert result.boundary == boundary
    # advice only: the tier never changes because of proximity
    assert result.tier == expected_tier(population)


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=2_000_000))
def test_tier_matches_independent_rule(population: int) -> None:
    result = tier_for(population)
    assert result.tier == expected_tier(population)
    assert result.at_boundary == (population in AMBIGUOUS)
    near = any(abs(population - b) * 100 <= 2 * b for b in BOUNDARIES)
    assert result.near_boundary == (near and population not in AMBIGUOUS)


def test_citation_is_the_aci_of_20_june_2019() -> None:
    result = tier_for(60_000)
    assert result.as_of == "2019-06-20"
    assert result.citation.text == "ACI"
    assert result.source == "guide-cpts-ars-auvergne-rhone-alpes.txt"
    assert result.citation.confidence == "haute"


def test_regional_t4_variant_is_recorded_only_for_tier_4() -> None:
    t4 = tier_for(200_000)
    assert len(t4.regional_variants) == 1
    variant = t4.regional_variants[0]
    assert "plus de 100 professionnels de santé adhérents" in variant.wording
    assert variant.source == "pre-projet-liste-minimale-ara.txt"
    for p in (10_000, 60_000, 100_000):
        assert tier_for(p).regional_variants == ()


def test_old_thresholds() -> None:
    assert OLD_THRESHOLDS == (70_000, 250_000)
    assert tiers.table().old_draft.source == "contractualisation-ars-trame-2019.txt"
    assert tiers.table().old_draft.as_of == "2019-04"


@pytest.mark.parametrize(
    ("numbers", "expected"),
    [
        ([], []),
        ([40_000, 80_000, 175_000], []),  # 40 000 is in both drafts: not obsolete
        ([70_000], [70_000]),
        ([250_000, 70_000], [250_000, 70_000]),
        ([70_000, 70_000, 12], [70_000]),
        ([69_999, 250_001], []),
    ],
)
def test_old_threshold_mentions(numbers: list[int], expected: list[int]) -> None:
    assert old_threshold_mentions(numbers) == expected


def _table_data(**overrides: object) -> dict[str, object]:
    data = dict(load_yaml("tiers"))
    data.update(overrides)
    return data


def test_table_rejects_a_gap_between_tiers() -> None:
    data = _table_data()
    broken = [dict(t) for t in data["tiers"]]  # type: ignore[union-attr]
    broken[1]["min"] = 40_001
    with pytest.raises(ValidationError):
        TierTable.model_validate({**data, "tiers": broken})


def test_table_rejects_unknown_keys() -> None:
    with pytest.raises(ValidationError):
        TierTable.model_validate(_table_data(surprise=1))
