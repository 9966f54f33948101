"""FAQ answers about CPTS rules, rendered from ``templates/faq/*.j2``.

Short plain French text for phones: no Markdown, money as « 60 000 € », each figure followed
by the legal text and date it comes from (« (ACI du 20/06/2019) »), the newest text first,
low-confidence figures flagged as such. This module only gathers the data; every word the
user reads is in the templates or the rules YAML.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.rules import facts as _facts
from bot.rules import funding as _funding
from bot.rules import glossary as _glossary
from bot.rules import missions as _missions
from bot.rules import tiers as _tiers
from bot.rules.sourced import Sourced
from bot.textfmt import render

# Key of the national letter-of-intent aid line in data/rules/funding.yaml.
_LETTER_OF_INTENT_AID = "aide_lettre_intention"


@dataclass(frozen=True)
class _OldThresholds:
    mentioned: list[int]
    draft: Sourced
    current: Sourced
    boundaries: tuple[int, ...]


def _old_context(old_thresholds: Sequence[int]) -> _OldThresholds | None:
    mentioned = _tiers.old_threshold_mentions(list(old_thresholds))
    if not mentioned:
        return None
    table = _tiers.table()
    return _OldThresholds(
        mentioned=mentioned,
        draft=table.old_draft.citation(),
        current=table.citation(),
        boundaries=table.boundaries,
    )


def _tier_context() -> dict[str, object]:
    return {"near_percent": _tiers.table().near_boundary_percent}


def answer_funding(
    population: int | None = None,
    tier: int | None = None,
    old_thresholds: Sequence[int] = (),
) -> str:
    """Funding for a population (or a tier); with neither, the 4-tier summary.

    When both are given the population decides the tier. ``ValueError`` for a negative
    population or an unknown tier.
    """
    old = _old_context(old_thresholds)
    result = _tiers.tier_for(population) if population is not None else None
    if result is not None:
        tier = result.tier
    if tier is None:
        return render(
            "faq/funding_summary.j2",
            summary=_funding.funding_summary(),
            tiers=_tiers.all_tiers(),
            tier_citation=_tiers.table().citation(),
            caveats=_funding.caveats(),
            old=old,
        )
    return render(
        "faq/funding.j2",
        view=_funding.funding_for(tier),
        tier=result,
        caveats=_funding.caveats(),
        old=old,
        **_tier_context(),
    )


def answer_tier(population: int, old_thresholds: Sequence[int] = ()) -> str:
    """Which tier a population falls in, with boundary advice and the regional expectations."""
    result = _tiers.tier_for(population)
    view = _funding.funding_for(result.tier)
    return render(
        "faq/tier.j2",
        tier=result,
        tiers=_tiers.all_tiers(),
        fonctionnement=view.history("fonctionnement"),
        total=view.history("total"),
        coherence=_facts.population_rules().coherence,
        old=_old_context(old_thresholds),
        **_tier_context(),
    )


@dataclass(frozen=True)
class _TierFunding:
    label: str
    line: _funding.FundingLine


def _mission_funding(key: str) -> list[_TierFunding]:
    """The current line of a mission's funding for each tier (newest text that has it)."""
    rows = []
    for t in _tiers.all_tiers():
        history = _funding.funding_for(t.tier).history(key)
        if history:
            rows.append(_TierFunding(t.label, history[0]))
    return rows


def answer_missions(mission: str | None = None) -> str:
    """The catalogue of missions, or one mission (key, label or synonym) in detail."""
    cat = _missions.catalogue()
    found = _missions.find_mission(mission) if mission else None
    if found is None:
        return render(
            "faq/missions.j2",
            missions=_missions.missions(),
            catalogue=cat,
            unknown=mission if mission else None,
        )
    return render(
        "faq/mission.j2",
        mission=found,
        catalogue=cat,
        funding=_mission_funding(found.key),
    )


def answer_calendar() -> str:
    return render(
        "faq/calendar.j2",
        missions=_missions.missions(),
        catalogue=_missions.catalogue(),
        deadlines=_facts.deadlines(),
    )


def answer_payment() -> str:
    return render("faq/payment.j2", payment=_facts.payment())


def answer_contract() -> str:
    return render("faq/contract.j2", contract=_facts.contract(), payment=_facts.payment())


def answer_grant() -> str:
    views = [_funding.funding_for(t.tier) for t in _tiers.all_tiers()]
    aid = [(v.label, h[0]) for v in views if (h := v.history(_LETTER_OF_INTENT_AID))]
    return render("faq/grant.j2", grant=_facts.grant(), aid=aid)


def answer_legal_form() -> str:
    return render("faq/legal_form.j2", legal=_facts.legal_form())


def answer_steps() -> str:
    return render(
        "faq/steps.j2",
        steps=_facts.steps(),
        grant=_facts.grant(),
        contract=_facts.contract(),
        deadlines=_facts.deadlines(),
    )


def answer_indicators() -> str:
    return render(
        "faq/indicators.j2",
        indicators=_facts.indicators(),
        missions=[m for m in _missions.missions() if m.indicator_examples],
        catalogue=_missions.catalogue(),
    )


def answer_partners() -> str:
    return render("faq/partners.j2", partners=_facts.partners())


def answer_population_rules() -> str:
    return render(
        "faq/population_rules.j2",
        rules=_facts.population_rules(),
        tiers=_tiers.all_tiers(),
        tier_citation=_tiers.table().citation(),
    )


def answer_glossary(term: str | None) -> str:
    """Definition of a term (typo-tolerant); unknown or empty → the list of known terms."""
    entry = _glossary.lookup(term)
    if entry is None:
        terms = sorted((e.term for e in _glossary.entries()), key=str.casefold)
        return render("faq/glossary_unknown.j2", term=(term or "").strip(), terms=terms)
    return render("faq/glossary.j2", entry=entry)


def glossary_terms() -> list[str]:
    """Every name ``answer_glossary`` resolves (for the FAQ matcher)."""
    return _glossary.glossary_terms()


def mission_synonyms() -> dict[str, list[str]]:
    """Mission key → names a user may type (for the FAQ matcher)."""
    return _missions.mission_synonyms()
