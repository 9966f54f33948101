"""Sourced facts (grant, payment, contract, deadlines, legal form, population, indicators,
steps, partners) and the traceability of every rules table."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from bot.rules import facts
from bot.rules.sourced import PARTIAL_DATE, load_yaml
from bot.rules.sourced import french_typography as fr
from tests.sources import RESEARCH

SEEDS = {
    "guide-cpts-ars-auvergne-rhone-alpes.txt",
    "pre-projet-liste-minimale-ara.txt",
    "trame-projet-de-sante.txt",
    "lettre-intention-occitanie-2019.txt",
    "contractualisation-ars-trame-2019.txt",
}
RULE_FILES = ["facts", "funding", "glossary", "missions", "tiers"]  # the files this module owns


def _sourced_nodes(node: Any, path: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    if isinstance(node, dict):
        if "source" in node:
            yield path, node
        for key, value in node.items():
            yield from _sourced_nodes(value, f"{path}.{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _sourced_nodes(value, f"{path}[{i}]")


def test_rule_files_are_the_expected_ones() -> None:
    assert {"tiers", "funding", "facts", "missions", "glossary"} <= set(RULE_FILES)


@pytest.mark.parametrize("name", RULE_FILES)
def test_every_table_has_source_and_date(name: str) -> None:
    data = load_yaml(name)
    nodes = list(_sourced_nodes(data))
    assert nodes, f"{name}.yaml has no sourced table"
    if name not in ("facts", "funding"):  # maps of independently sourced tables
        assert "source" in data and "as_of" in data

    for path, node in nodes:
        as_of = node.get("as_of")
        if as_of is None:  # glossary entries inherit the table's own citation
            assert name == "glossary" and node["source"] == data["source"], path
            continue
        assert re.match(PARTIAL_DATE, str(as_of)), f"{name}{path}: as_of {as_of!r}"


@pytest.mark.parametrize("name", RULE_FILES)
def test_sources_are_seeds_or_research_urls(name: str) -> None:
    research = RESEARCH.read_text(encoding="utf-8")
    for path, node in _sourced_nodes(load_yaml(name)):
        for source in [node["source"], *node.get("also", [])]:
            if source.startswith("http"):
                assert source in research, f"{name}{path}: {source} not in the research file"
            else:  # a seed, or a site the research names without a page address
                assert source in SEEDS or f" {source} " in research, (
                    f"{name}{path}: unknown seed {source}"
                )


def test_confidence_values_are_the_research_scale() -> None:
    for name in RULE_FILES:
        for path, node in _sourced_nodes(load_yaml(name)):
            assert node.get("confidence") in (None, "haute", "moyenne", "basse"), path


# --- ARA pre-project grant (regional) --------------------------------------------------------


def test_grant_is_regional_15000_from_fir() -> None:
    grant = facts.grant()
    assert grant.amount == 15_000
    assert grant.region == "Auvergne-Rhône-Alpes"
    assert "FIR" in grant.funder
    assert "validation du pré-projet" in grant.trigger
    assert grant.source == "guide-cpts-ars-auvergne-rhone-alpes.txt"
    assert "pre-projet-liste-minimale-ara.txt" in grant.also
    assert len(grant.uses) == 3
    assert grant.other_regions.confidence == "basse"


# --- Payment ---------------------------------------------------------------------------------


def test_payment_rules() -> None:
    payment = facts.payment()
    assert payment.advance_percent == 75
    text = " ".join(payment.steps)
    assert "en totalité dès la signature" in text
    assert fr("75 % de la part fixe") in text
    assert "N+1" in text
    deadline = payment.balance_deadline
    assert deadline.months == 2
    assert deadline.verified is False
    assert "revérifié" in deadline.message


# --- Contract, deadlines ---------------------------------------------------------------------


def test_contract() -> None:
    contract = facts.contract()
    assert contract.duration_years == 5
    assert len(contract.parties) == 3
    assert any("ARS" in p for p in contract.parties)
    assert any("Assurance Maladie" in p for p in contract.parties)
    assert any("association" in p for p in contract.parties)
    assert "avenants" in contract.amendments
    assert len(contract.management_dialogue) == 3


def test_deadlines() -> None:
    deadlines = facts.deadlines()
    assert deadlines.socle_within.years == 2
    assert deadlines.time_to_contract.months == 12
    assert "indicatif" in deadlines.time_to_contract.message


# --- Legal form ------------------------------------------------------------------------------


def test_legal_form() -> None:
    legal = facts.legal_form()
    assert legal.mandatory.text == "ordonnance n° 2021-584"
    assert legal.mandatory.as_of == "2021-05-12"
    assert "L1434-12-1" in legal.mandatory.article
    assert "Moselle" in legal.mandatory.message
    assert "personnes physiques" in legal.sisa.message
    indemnities = legal.indemnities
    assert indemnities.text == "décret n° 2022-375"
    assert indemnities.as_of == "2022-03-16"
    values = {v.year: v.amount for v in indemnities.ceiling_values.values}
    assert values == {2022: 41_136, 2023: 43_992}
    assert "2024" in indemnities.ceiling_values.missing_note


# --- Population ------------------------------------------------------------------------------


def test_population_expectations_are_regional() -> None:
    rules = facts.population_rules()
    assert rules.coherence.min_population == 15_000
    assert rules.coherence.region == "Auvergne-Rhône-Alpes"
    assert rules.representativity.percent == 15
    assert "pas de minimum" in rules.no_national_minimum.message
    assert "seule CPTS" in rules.no_national_minimum.message


# --- Indicators ------------------------------------------------------------------------------


def test_indicators() -> None:
    ind = facts.indicators()
    assert len(ind.national.items) == 5
    assert ind.national.text == "ACI"
    assert ind.sas_change.confidence == "moyenne"
    assert "SAS" in ind.sas_change.message


# --- Steps and partners ----------------------------------------------------------------------


def test_validation_path() -> None:
    steps = facts.steps()
    text = " ".join(steps.items)
    order = ["pré-projet", "délégation départementale", "CPAM", "ECD", "CTR", "siège", "FIR"]
    positions = [text.index(word) for word in order]
    assert positions == sorted(positions)
    assert "tripartite" in steps.items[-1]
    assert "préfecture" in steps.ecd.members
    assert "universités" in steps.ctr.members


def test_partners() -> None:
    partners = facts.partners()
    names = " ".join(p.name for p in partners.items)
    for name in ("ARS", "CPAM", "ELSM", "MSA", "URPS", "FemasAURA", "GRCS", "Fédération des CPTS"):
        assert name in names
    urps = next(p for p in partners.items if p.name == "URPS")
    assert urps.role.count(",") == 9  # the guide lists 10 URPS
    assert "Accélérateur CPTS" in partners.accelerator.message
