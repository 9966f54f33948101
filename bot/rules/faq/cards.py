"""The answer cards (``data/faq/cards.yaml``): the one list of what the FAQ knows."""

from __future__ import annotations

from functools import cache

import yaml
from pydantic import BaseModel, ConfigDict, Field

from bot.paths import DATA_DIR

CARDS_FILE = DATA_DIR / "faq" / "cards.yaml"
CARD_ID = r"^[a-z0-9_]{1,24}$"


class Detail(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z0-9]{1,10}$")
    label: str
    template: str


class Card(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=CARD_ID)
    label: str
    title: str
    slots: tuple[str, ...] = ()
    short: str
    details: tuple[Detail, ...] = ()
    sources: tuple[str, ...] = ()
    facts: tuple[str, ...] = ()

    def detail(self, detail_id: str) -> Detail | None:
        return next((d for d in self.details if d.id == detail_id), None)


class Registry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    cards: tuple[Card, ...]

    def by_id(self, card_id: str) -> Card | None:
        return next((c for c in self.cards if c.id == card_id), None)

    def for_label(self, label: str) -> Card | None:
        return next((c for c in self.cards if c.label == label), None)


@cache
def registry() -> Registry:
    with CARDS_FILE.open(encoding="utf-8") as fh:
        data = yaml.load(fh, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506
    try:
        return Registry.model_validate(data)
    except ValueError as exc:
        raise ValueError(f"{CARDS_FILE.name}: {exc}") from exc
