"""Sourced facts about creating a CPTS, beyond tiers, funding and missions.

Typed accessors over ``data/rules/facts.yaml``: the Auvergne-Rhône-Alpes pre-project grant
(regional, never presented as national), payment rules, the tripartite contract, deadlines,
legal form and members' indemnities, population expectations, access-to-care indicators,
the validation path and the partners. Every block carries its source and date.
"""

from __future__ import annotations

from functools import cache

from bot.rules.sourced import Sourced, Strict, load_model


class Message(Sourced):
    message: str


class Grant(Sourced):
    region: str
    amount: int
    funder: str
    trigger: str
    form: str
    purpose: str
    uses: tuple[str, ...]
    choice_rule: str
    not_perennial: str
    other_regions: Message


class BalanceDeadline(Message):
    months: int
    verified: bool


class Payment(Sourced):
    advance_percent: int
    steps: tuple[str, ...]
    balance_deadline: BalanceDeadline


class Contract(Sourced):
    parties: tuple[str, ...]
    duration_years: int
    duration_confidence: str
    amendments: str
    indicators: str
    management_dialogue: tuple[str, ...]


class SocleWithin(Message):
    years: int


class TimeToContract(Message):
    months: int


class Deadlines(Strict):
    socle_within: SocleWithin
    time_to_contract: TimeToContract


class LegalRule(Message):
    article: str


class YearAmount(Strict):
    year: int
    amount: int


class CeilingValues(Sourced):
    values: tuple[YearAmount, ...]
    missing_note: str


class Indemnities(LegalRule):
    ceiling_values: CeilingValues
    ceiling_recent: CeilingValues  # 2024 onwards (research, update of December 2026)


class LegalForm(Strict):
    mandatory: LegalRule
    before_2021: Message
    sisa: Message
    indemnities: Indemnities


class Coherence(Message):
    region: str
    min_population: int


class Representativity(Message):
    region: str
    percent: int


class Population(Strict):
    no_national_minimum: Message
    coherence: Coherence
    representativity: Representativity
    coverage: Message


class NationalIndicators(Sourced):
    items: tuple[str, ...]
    local_note: str


class Indicators(Strict):
    national: NationalIndicators
    sas_change: Message


class Body(Strict):
    label: str
    members: str


class Steps(Sourced):
    items: tuple[str, ...]
    ecd: Body
    ctr: Body


class Partner(Strict):
    name: str
    role: str


class Partners(Sourced):
    items: tuple[Partner, ...]
    accelerator: Message


class Facts(Strict):
    grant: Grant
    payment: Payment
    contract: Contract
    deadlines: Deadlines
    legal_form: LegalForm
    population: Population
    indicators: Indicators
    steps: Steps
    partners: Partners


@cache
def facts() -> Facts:
    return load_model(Facts, "facts")


def grant() -> Grant:
    return facts().grant


def payment() -> Payment:
    return facts().payment


def contract() -> Contract:
    return facts().contract


def deadlines() -> Deadlines:
    return facts().deadlines


def legal_form() -> LegalForm:
    return facts().legal_form


def population_rules() -> Population:
    return facts().population


def indicators() -> Indicators:
    return facts().indicators


def steps() -> Steps:
    return facts().steps


def partners() -> Partners:
    return facts().partners
