"""Funding tables: every cell of every version against an independent transcription.

The tables below are re-typed from the sources (not generated from the YAML):
- ACI 2019: guide-cpts-ars-auvergne-rhone-alpes.txt, « Budget 1 » and « Budget 2 »;
- Avenant 2: sources/research/aci-facts.md (copy of shared/research), sections 1d, 1e, 1f.
"""

from __future__ import annotations

import copy

import pytest
from pydantic import ValidationError

from bot.rules import funding
from bot.rules.funding import FundingTable, funding_for
from bot.rules.sourced import RULES_DIR, load_yaml
from bot.rules.sourced import french_typography as fr

TIERS = (1, 2, 3, 4)

# --- ACI of 20 June 2019, guide ARS ARA (columns: Taille 1, 2, 3, 4) ---------------------
ACI_FONCTIONNEMENT = (50_000, 60_000, 75_000, 90_000)
ACI_MISSIONS = {
    "acces_soins": {
        "fixe": (15_000, 17_500, 25_000, 30_000),
        "variable": (15_000, 17_500, 25_000, 30_000),
        "medecin_traitant": (10_000, 12_000, 15_000, 20_000),
        "snp": (35_000, 45_000, 55_000, 70_000),
        "total": (75_000, 92_000, 120_000, 150_000),
    },
    "parcours": {
        "fixe": (25_000, 35_000, 45_000, 50_000),
        "variable": (25_000, 35_000, 45_000, 50_000),
        "total": (50_000, 70_000, 90_000, 100_000),
    },
    "prevention": {
        "fixe": (10_000, 15_000, 17_500, 20_000),
        "variable": (10_000, 15_000, 17_500, 20_000),
        "total": (20_000, 30_000, 35_000, 40_000),
    },
    "qualite": {
        "fixe": (7_500, 10_000, 15_000, 20_000),
        "variable": (7_500, 10_000, 15_000, 20_000),
        "total": (15_000, 20_000, 30_000, 40_000),
    },
    "accompagnement": {
        "fixe": (5_000, 7_500, 10_000, 15_000),
        "variable": (5_000, 7_500, 10_000, 15_000),
        "total": (10_000, 15_000, 20_000, 30_000),
    },
}
ACI_TOTAL = (220_000, 287_000, 370_000, 450_000)
SOCLE = {"acces_soins", "parcours", "prevention"}

# --- Avenant 2 (signed 20/12/2021), research file ---------------------------------------
AV2_FONCTIONNEMENT = (87_500, 105_000, 131_250, 157_500)  # +75 %, confiance moyenne
AV2_AIDE_CONFIRMED = {1: 15_000, 2: 17_500}  # both variants agree → moyenne
AV2_AIDE_VARIANTS = {3: (25_000, 20_000), 4: (30_000, 25_000)}  # A, B → basse

LINE_KEYS_ACI = ["fonctionnement", *ACI_MISSIONS, "total"]


def aci(tier: int) -> funding.VersionView:
    return funding_for(tier).version("aci_2019")


def av2(tier: int) -> funding.VersionView:
    return funding_for(tier).version("avenant_2")


# --- ACI 2019 -----------------------------------------------------------------------------


@pytest.mark.parametrize("tier", TIERS)
def test_aci_fonctionnement(tier: int) -> None:
    line = aci(tier).line("fonctionnement")
    assert line.amount == ACI_FONCTIONNEMENT[tier - 1]
    assert (line.text, line.as_of) == ("ACI", "2019-06-20")
    assert line.confidence == "haute"


@pytest.mark.parametrize("tier", TIERS)
@pytest.mark.parametrize("mission", list(ACI_MISSIONS))
def test_aci_every_mission_cell(tier: int, mission: str) -> None:
    expected = ACI_MISSIONS[mission]
    line = aci(tier).line(mission)
    assert line.amount == expected["total"][tier - 1]
    parts = {p.key: p.amount for p in line.parts}
    assert parts == {k: v[tier - 1] for k, v in expected.items() if k != "total"}
    assert line.mission_kind == ("socle" if mission in SOCLE else "optionnelle")
    assert (line.text, line.as_of, line.status) == ("ACI", "2019-06-20", "figure")


@pytest.mark.parametrize("tier", TIERS)
def test_aci_total(tier: int) -> None:
    assert aci(tier).line("total").amount == ACI_TOTAL[tier - 1]


@pytest.mark.parametrize("tier", TIERS)
def test_transcription_totals_are_sums(tier: int) -> None:
    """The source's own totals add up (checks the transcription, not the code)."""
    i = tier - 1
    for parts in ACI_MISSIONS.values():
        assert sum(v[i] for k, v in parts.items() if k != "total") == parts["total"][i]
    missions = sum(parts["total"][i] for parts in ACI_MISSIONS.values())
    assert ACI_FONCTIONNEMENT[i] + missions == ACI_TOTAL[i]


@pytest.mark.parametrize("tier", TIERS)
def test_loaded_totals_are_sums_of_loaded_lines(tier: int) -> None:
    version = aci(tier)
    for key in ACI_MISSIONS:
        line = version.line(key)
        assert sum(p.amount or 0 for p in line.parts) == line.amount
    parts = [version.line(k).amount or 0 for k in ["fonctionnement", *ACI_MISSIONS]]
    assert sum(parts) == version.line("total").amount


def test_aci_has_exactly_the_transcribed_lines() -> None:
    assert [line.key for line in aci(2).lines] == LINE_KEYS_ACI


def test_aci_lines_do_not_print_confidence() -> None:
    # The ARA guide is the official table: research ratings are kept but not printed per line.
    assert all(line.shown_confidence is None for line in aci(3).lines)
    assert {line.confidence for line in aci(3).lines} == {"haute", "moyenne"}


# --- Avenant 2 ----------------------------------------------------------------------------


@pytest.mark.parametrize("tier", TIERS)
def test_avenant2_fonctionnement(tier: int) -> None:
    line = av2(tier).line("fonctionnement")
    assert line.amount == AV2_FONCTIONNEMENT[tier - 1]
    assert line.amount == ACI_FONCTIONNEMENT[tier - 1] * 175 // 100  # the « +75 % »
    assert (line.text, line.as_of) == ("avenant 2", "2021-12-20")
    assert line.confidence == line.shown_confidence == "moyenne"
    assert line.note and "non tranché" in line.note


@pytest.mark.parametrize("tier", [1, 2])
def test_avenant2_letter_of_intent_aid_confirmed_tiers(tier: int) -> None:
    line = av2(tier).line("aide_lettre_intention")
    assert line.status == "figure"
    assert line.amount == AV2_AIDE_CONFIRMED[tier]
    assert line.shown_confidence == "moyenne"
    assert line.alternatives == ()


@pytest.mark.parametrize("tier", [3, 4])
def test_avenant2_letter_of_intent_aid_disputed_tiers(tier: int) -> None:
    line = av2(tier).line("aide_lettre_intention")
    assert line.status == "unconfirmed"
    assert line.amount is None
    assert tuple(a.amount for a in line.alternatives) == AV2_AIDE_VARIANTS[tier]
    assert line.shown_confidence == "basse"
    assert all(a.confidence == "basse" for a in line.alternatives)


@pytest.mark.parametrize("tier", TIERS)
def test_avenant2_crisis_mission_has_no_figure(tier: int) -> None:
    line = av2(tier).line("crise")
    assert line.status == "to_confirm"
    assert line.amount is None
    assert line.alternatives == ()
    assert line.mission_kind == "socle"
    assert line.note and "à confirmer" in line.note


def test_avenant2_has_only_the_sourced_items() -> None:
    assert [line.key for line in av2(1).lines] == [
        "fonctionnement",
        "aide_lettre_intention",
        "crise",
    ]


@pytest.mark.parametrize("figure", ["287500", "580000", "105500", "22500", "67500", "125000"])
def test_figures_the_research_says_not_to_encode(figure: str) -> None:
    """Ceilings after Avenant 2, typo variant, single-contract examples: not rules."""
    raw = (RULES_DIR / "funding.yaml").read_text(encoding="utf-8")
    data_lines = [line.split("#")[0] for line in raw.splitlines()]
    assert not any(figure in line.replace(" ", "").replace("_", "") for line in data_lines)


# --- Views, ordering, caveats ---------------------------------------------------------------


@pytest.mark.parametrize("tier", TIERS)
def test_versions_are_current_first(tier: int) -> None:
    view = funding_for(tier)
    assert [v.key for v in view.versions] == ["avenant_2", "aci_2019"]
    dates = [v.citation.as_of for v in view.versions]
    assert dates == sorted(dates, reverse=True)
    history = view.history("fonctionnement")
    assert [line.amount for line in history] == [
        AV2_FONCTIONNEMENT[tier - 1],
        ACI_FONCTIONNEMENT[tier - 1],
    ]


def test_view_labels() -> None:
    view = funding_for(2)
    assert (view.tier, view.label) == (2, "Taille 2")
    assert view.range_label == fr("40 000 à 80 000 habitants")


@pytest.mark.parametrize("tier", [0, 5, -1])
def test_unknown_tier_is_rejected(tier: int) -> None:
    with pytest.raises(ValueError):
        funding_for(tier)


def test_renegotiation_caveat_is_dated() -> None:
    caveat = next(c for c in funding.caveats() if c.key == "renegociation_2026")
    assert caveat.as_of == "2025-12-30"
    assert "2026" in caveat.message
    assert "2025-1403" in caveat.text


# --- The loader rejects inconsistent data ---------------------------------------------------


def _data() -> dict:
    return copy.deepcopy(load_yaml("funding"))


def test_loader_rejects_a_part_that_does_not_add_up() -> None:
    data = _data()
    data["versions"][0]["items"][1]["parts"]["fixe"]["t2"] = 17_000
    with pytest.raises(ValidationError, match="sum"):
        FundingTable.model_validate(data)


def test_loader_rejects_a_wrong_total() -> None:
    data = _data()
    data["versions"][0]["items"][-1]["amounts"]["t4"] = 460_000
    with pytest.raises(ValidationError, match="sum_of"):
        FundingTable.model_validate(data)


def test_loader_rejects_unknown_keys() -> None:
    data = _data()
    data["versions"][1]["items"][0]["ceiling"] = 580_000
    with pytest.raises(ValidationError):
        FundingTable.model_validate(data)
