"""ACI funding per size tier, one table per legal text, each figure with its text and date.

``data/rules/funding.yaml`` holds (a) the ACI of 20 June 2019 as tabled in the ARS ARA guide
(operating budget, each mission's fixed/variable parts and extra envelopes, totals), (b) what
the research could source about Avenant 2 (signed 20/12/2021), with confidence levels and
« non confirmé » / « à confirmer » where the sources disagree or are missing, and (c) dated
caveats such as the 2026 renegotiation. Totals are checked against the sum of their parts at
load time, so a typo in the table is an error rather than a wrong answer.

``funding_for(tier)`` lists the versions current-first (newest text first).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Literal

from pydantic import model_validator

from bot.rules.missions import MissionKey, mission
from bot.rules.sourced import Confidence, Sourced, Strict, load_model
from bot.rules.tiers import all_tiers

TIER_FIELDS = ("t1", "t2", "t3", "t4")  # one field per ACI size tier (see tiers.yaml)
TIERS = range(1, len(TIER_FIELDS) + 1)
Status = Literal["figure", "unconfirmed", "to_confirm"]


class TierAmounts(Strict):
    """Maximum annual amount (euros) per tier; a missing tier means « not sourced »."""

    t1: int | None = None
    t2: int | None = None
    t3: int | None = None
    t4: int | None = None

    def get(self, tier: int) -> int | None:
        if not 1 <= tier <= len(TIER_FIELDS):
            raise ValueError(f"no tier {tier}")
        return getattr(self, TIER_FIELDS[tier - 1])

    @property
    def complete(self) -> bool:
        return all(getattr(self, f) is not None for f in TIER_FIELDS)


class Alternative(Sourced):
    """An unconfirmed value (sources disagree): shown as such, never as the rule."""

    label: str
    amounts: TierAmounts
    confidence: Confidence  # required: an unconfirmed value always says how sure it is


class FundingItem(Strict):
    key: str
    kind: Literal["fonctionnement", "mission", "aide", "total"]
    label: str | None = None
    mission: MissionKey | None = None
    parts: dict[str, TierAmounts] = {}
    amounts: TierAmounts | None = None
    sum_of: tuple[str, ...] = ()
    confidence: Confidence | None = None
    also: tuple[str, ...] = ()
    evidence: Sourced | None = None  # where the figure was read, when not the text itself
    alternatives: tuple[Alternative, ...] = ()
    note: str | None = None

    @model_validator(mode="after")
    def _parts_add_up(self) -> FundingItem:
        if (self.kind == "mission") != (self.mission is not None):
            raise ValueError(f"{self.key}: 'mission' is required exactly for mission items")
        if self.label is None and self.mission is None:
            raise ValueError(f"{self.key}: a label is required")
        if self.parts:
            if self.amounts is None:
                raise ValueError(f"{self.key}: parts without a total")
            for tier in TIERS:
                values = [p.get(tier) for p in self.parts.values()]
                known = [v for v in values if v is not None]
                total = self.amounts.get(tier)
                if len(known) == len(values) and total is not None and sum(known) != total:
                    raise ValueError(f"{self.key}: parts of tier {tier} sum to {sum(known)}")
        return self


class FundingVersion(Sourced):
    key: str
    title: str
    show_line_confidence: bool
    note: str | None = None
    items: tuple[FundingItem, ...]

    @model_validator(mode="after")
    def _totals_add_up(self) -> FundingVersion:
        by_key = {i.key: i for i in self.items}
        if len(by_key) != len(self.items):
            raise ValueError(f"{self.key}: duplicate item keys")
        for item in self.items:
            if not item.sum_of:
                continue
            if item.amounts is None:
                raise ValueError(f"{self.key}.{item.key}: sum_of without amounts")
            for tier in TIERS:
                terms = [by_key[k].amounts for k in item.sum_of]
                values = [a.get(tier) if a else None for a in terms]
                if None in values or sum(values) != item.amounts.get(tier):  # type: ignore[arg-type]
                    raise ValueError(f"{self.key}.{item.key}: tier {tier} total != sum_of")
        return self


class Caveat(Sourced):
    key: str
    message: str


class PartLabel(Strict):
    label: str
    short: str


class FundingTable(Strict):
    parts: dict[str, PartLabel]
    versions: tuple[FundingVersion, ...]
    caveats: tuple[Caveat, ...]

    @model_validator(mode="after")
    def _known_parts(self) -> FundingTable:
        for version in self.versions:
            for item in version.items:
                unknown = set(item.parts) - set(self.parts)
                if unknown:
                    raise ValueError(f"{version.key}.{item.key}: unknown parts {unknown}")
        return self


@cache
def table() -> FundingTable:
    return load_model(FundingTable, "funding")


@dataclass(frozen=True)
class Part:
    key: str
    label: str
    short: str
    amount: int | None


@dataclass(frozen=True)
class AltValue:
    label: str
    amount: int
    confidence: Confidence
    citation: Sourced


@dataclass(frozen=True)
class FundingLine:
    key: str
    kind: str
    label: str
    mission: str | None
    mission_kind: str | None  # « socle » / « optionnelle »
    amount: int | None
    status: Status
    text: str  # legal text the figure belongs to (« ACI », « avenant 2 »)
    as_of: str  # that text's date
    confidence: Confidence | None
    shown_confidence: Confidence | None  # what answers print (None: nothing to flag)
    citation: Sourced
    evidence: Sourced | None
    parts: tuple[Part, ...]
    alternatives: tuple[AltValue, ...]
    note: str | None


@dataclass(frozen=True)
class VersionView:
    key: str
    title: str
    citation: Sourced
    note: str | None
    lines: tuple[FundingLine, ...]

    def line(self, key: str) -> FundingLine:
        return next(line for line in self.lines if line.key == key)

    def has(self, key: str) -> bool:
        return any(line.key == key for line in self.lines)


@dataclass(frozen=True)
class FundingView:
    tier: int
    label: str
    range_label: str
    versions: tuple[VersionView, ...]  # current (newest text) first
    caveats: tuple[Caveat, ...]

    def history(self, key: str) -> tuple[FundingLine, ...]:
        """Every version's line for ``key``, current first (« 105 000 € » then « 60 000 € »)."""
        return tuple(v.line(key) for v in self.versions if v.has(key))

    def version(self, key: str) -> VersionView:
        return next(v for v in self.versions if v.key == key)


def _line(
    version: FundingVersion, item: FundingItem, tier: int, parts: dict[str, PartLabel]
) -> FundingLine:
    amount = item.amounts.get(tier) if item.amounts else None
    alternatives = tuple(
        AltValue(
            alt.label,
            value,
            alt.confidence,
            alt.citation(),
        )
        for alt in item.alternatives
        if (value := alt.amounts.get(tier)) is not None
    )
    status: Status = (
        "figure" if amount is not None else ("unconfirmed" if alternatives else "to_confirm")
    )
    confidence = item.confidence
    if amount is None and alternatives:
        # The tier's figure is disputed: the line is only as sure as its weakest variant.
        confidence = min((a.confidence for a in alternatives), key=_RANK.index)
    shown = confidence if version.show_line_confidence and confidence != "haute" else None
    citation = Sourced(
        source=version.source,
        text=version.text,
        as_of=version.as_of,
        confidence=confidence,
        also=item.also,
        as_of_label=version.as_of_label,
    )
    label = item.label
    mission_kind = None
    if item.mission is not None:
        m = mission(item.mission)
        mission_kind = m.kind
        label = label or m.short_label
    return FundingLine(
        key=item.key,
        kind=item.kind,
        label=label or item.key,
        mission=item.mission,
        mission_kind=mission_kind,
        amount=amount,
        status=status,
        text=version.text,
        as_of=version.as_of,
        confidence=confidence,
        shown_confidence=shown,
        citation=citation,
        evidence=item.evidence,
        parts=tuple(
            Part(k, parts[k].label, parts[k].short, a.get(tier)) for k, a in item.parts.items()
        ),
        alternatives=alternatives,
        note=item.note,
    )


_RANK: tuple[Confidence, ...] = ("basse", "moyenne", "haute")


def versions_current_first() -> tuple[FundingVersion, ...]:
    return tuple(sorted(table().versions, key=lambda v: v.date, reverse=True))


@cache
def funding_for(tier: int) -> FundingView:
    """Every sourced figure for a tier (1-4), newest legal text first."""
    tiers = {t.tier: t for t in all_tiers()}
    if tier not in tiers:
        raise ValueError(f"tier must be one of {sorted(tiers)}, got {tier}")
    data = table()
    versions = tuple(
        VersionView(
            key=v.key,
            title=v.title,
            citation=v.citation(),
            note=v.note,
            lines=tuple(_line(v, item, tier, data.parts) for item in v.items),
        )
        for v in versions_current_first()
    )
    return FundingView(
        tier=tier,
        label=tiers[tier].label,
        range_label=tiers[tier].range_label,
        versions=versions,
        caveats=data.caveats,
    )


def caveats() -> tuple[Caveat, ...]:
    return table().caveats
