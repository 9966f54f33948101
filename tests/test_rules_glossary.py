"""Glossary: coverage of the listed terms, sourcing, typo-tolerant lookup."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.rules.glossary import entries, glossary_terms, lookup

REQUIRED = [
    "CPTS", "ACI", "ARS", "DD", "CPAM", "ELSM", "MSA", "URPS", "FIR", "ESP", "MSP", "CDS",
    "SISA", "PTA", "DAC", "SAS", "PDSA", "PRS", "CLS", "ECD", "CTR", "MSS", "DMP", "FINESS",
    "SIRET", "ALD", "SNP", "CSS", "CMUc", "Accélérateur CPTS", "PAPS", "C@rtoSanté",
]  # fmt: skip


@pytest.mark.parametrize("term", REQUIRED)
def test_required_terms_are_covered(term: str) -> None:
    entry = lookup(term)
    assert entry is not None, term
    assert entry.expansion


@pytest.mark.parametrize(
    ("term", "expansion_part"),
    [
        ("CPTS", "Communauté professionnelle territoriale de santé"),
        ("ACI", "Accord conventionnel interprofessionnel"),
        ("ELSM", "Échelon local du service médical"),
        ("FIR", "Fonds d'intervention régional"),
        ("SISA", "Société interprofessionnelle de soins ambulatoires"),
        ("PDSA", "Permanence des soins ambulatoires"),
        ("SAS", "Service d'accès aux soins"),
        ("ECD", "Espace de concertation départemental"),
        ("DAC", "Dispositif d'appui à la coordination"),
    ],
)
def test_expansions(term: str, expansion_part: str) -> None:
    entry = lookup(term)
    assert entry is not None
    assert expansion_part in entry.expansion


def test_acronym_only_entries_say_where_they_appear() -> None:
    only = [e for e in entries() if e.acronym_only]
    assert {e.term for e in only} >= {"PDSA", "MSS", "FINESS", "SIRET", "DMP"}
    for e in only:
        assert e.where and e.definition is None


def test_every_entry_is_cited() -> None:
    for e in entries():
        assert e.source and e.text and e.as_of, e.term


@pytest.mark.parametrize(
    ("text", "term"),
    [
        ("cpts", "CPTS"),
        ("c'est quoi l'ACI ?", "ACI"),
        ("cartosante", "C@rtoSanté"),
        ("accelerateur", "Accélérateur CPTS"),
        ("fonds d intervention regional", "FIR"),
        ("Mutualite sociale agricol", "MSA"),
        ("cmu", "CSS / CMUc"),
        ("pre projet", "Pré-projet"),
        ("dialogue de gestion", "Dialogue de gestion"),
    ],
)
def test_lookup_is_tolerant(text: str, term: str) -> None:
    entry = lookup(text)
    assert entry is not None
    assert entry.term == term


@pytest.mark.parametrize("text", [None, "", "zzz", "SMS", "SAMU", "bonjour"])
def test_lookup_unknown(text: str | None) -> None:
    assert lookup(text) is None


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40))
def test_lookup_never_raises(text: str) -> None:
    lookup(text)


def test_glossary_terms_resolve() -> None:
    names = glossary_terms()
    assert len(names) == len(set(names))
    for name in names:
        assert lookup(name) is not None, name
