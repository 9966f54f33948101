"""The card registry is the one list of what the FAQ knows: every sourced fact of
``data/rules/`` is reachable through a card, and every card renders."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import BaseModel

from bot.rules import faq
from bot.rules.facts import facts
from bot.rules.faq import cards, sources
from bot.rules.funding import table as funding_table
from bot.rules.glossary import entries
from bot.rules.landscape import landscape
from bot.rules.missions import missions
from bot.rules.sourced import Sourced


def _sourced_paths(node: Any, prefix: str) -> list[str]:
    """Dotted paths of every sourced record inside a rules model."""
    found = [prefix] if isinstance(node, Sourced) else []
    if isinstance(node, BaseModel):
        for name in type(node).model_fields:
            child = getattr(node, name)
            if isinstance(child, BaseModel):
                found += _sourced_paths(child, f"{prefix}.{name}" if prefix else name)
    return found


def _claimed() -> set[str]:
    keys: set[str] = set()
    for card in cards.registry().cards:
        keys |= set(card.sources) | set(card.facts)
    return keys


FACT_PATHS = [f"facts:{p}" for p in _sourced_paths(facts(), "")] + [
    f"landscape:{p}" for p in _sourced_paths(landscape(), "") if "." not in p
]
FUNDING_PATHS = [f"funding:{v.key}" for v in funding_table().versions] + [
    f"caveat:{c.key}" for c in funding_table().caveats
]


@pytest.mark.parametrize("path", FACT_PATHS + FUNDING_PATHS)
def test_every_sourced_fact_is_reachable_through_a_card(path: str) -> None:
    assert path in _claimed(), f"no card lists {path} in its sources or facts"
    assert sources.is_sourced(path)


@pytest.mark.parametrize("card", cards.registry().cards, ids=lambda c: c.id)
def test_every_card_and_detail_renders(card: cards.Card) -> None:
    for key in card.sources:
        assert sources.is_sourced(key), key
    first = faq.follow(f"{card.id}~~")
    assert first is not None and first.text.strip()
    for detail in card.details:
        shown = faq.follow(f"{card.id}~{detail.id}~t2")
        assert shown is not None and shown.text.strip(), detail.id


@pytest.mark.parametrize("mission", missions(), ids=lambda m: m.key)
def test_every_mission_is_answered(mission: Any) -> None:
    shown = faq.follow(f"mission_detail~~m{mission.key}")
    assert shown is not None
    assert mission.short_label.lower() in shown.text.lower()


@pytest.mark.parametrize("index", range(len(entries())), ids=lambda i: entries()[i].term)
def test_every_glossary_term_is_a_card(index: int) -> None:
    entry = entries()[index]
    shown = faq.follow(f"glossaire~~g{index}")
    assert shown is not None
    assert entry.term in shown.text


@pytest.mark.parametrize(
    "code", ["01", "03", "07", "15", "26", "38", "42", "43", "63", "69", "73", "74"]
)
def test_every_ara_department_has_contacts(code: str) -> None:
    shown = faq.follow(f"contacts~~d{code}")
    assert shown is not None
    assert "CPAM" in shown.text or "ARS" in shown.text
