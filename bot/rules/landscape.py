"""The CPTS landscape as of December 2026 (``data/rules/landscape.yaml``), typed.

Firm 2019 figures live in ``funding``/``facts``; this table holds what the December 2026
research update added: the Senate's confirmation of the 2019 scale, what is (not) known of
avenant 2, the crisis mission's structure, the 2026 renegotiation, France Santé, dated counts
and the overseas territories without an ARS.
"""

from __future__ import annotations

from functools import cache

from bot.rules.sourced import Sourced, Strict, load_model


class Message(Sourced):
    message: str


class Avenant2(Sourced):
    draft_line: str
    text_not_read: str
    majoration_nature: str
    changes: tuple[str, ...]


class ObservedCrisis(Sourced):
    tier: int
    fixed: int
    if_crisis: int


class Crisis(Sourced):
    structure: tuple[str, ...]
    amounts_note: str
    observed: ObservedCrisis


class Renegotiation(Message):
    orientation: str


class FranceSante(Sourced):
    what: str
    criteria: tuple[str, ...]
    amount_per_structure: int
    budget_2026: str
    targets: str
    cpts_role: str


class YearFigure(Strict):
    year: int
    amount: str


class Payments(Sourced):
    values: tuple[YearFigure, ...]


class Counts(Sourced):
    cpts: str
    contracts: str
    coverage: str
    payments: Payments


class Overseas(Sourced):
    shared_ars: dict[str, str]
    no_ars: dict[str, str]


class Landscape(Strict):
    scale_in_force: Message
    avenant_2: Avenant2
    crisis: Crisis
    renegotiation: Renegotiation
    france_sante: FranceSante
    counts: Counts
    grant_elsewhere: Message
    overseas: Overseas


@cache
def landscape() -> Landscape:
    return load_model(Landscape, "landscape")
