"""Intent + entities → the answer text, by calling the rule modules that own the facts.

The FAQ never writes an answer itself: funding, missions, contacts… each come from their own
module (``bot.rules.answers``, ``bot.rules.contacts``); only the fallback list of what the bot
can answer is a FAQ template. Imports are deferred so that a one-shot question loads only
the tables its answer needs.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bot.rules.faq.analysis import Analysis
from bot.textfmt import render


def entities_of(intent: str, a: Analysis) -> dict[str, Any]:
    """The entities that matter for ``intent``, as plain JSON-able values."""
    found: dict[str, Any] = {}
    if intent in ("funding", "tier"):
        if a.population is not None:
            found["population"] = a.population
            found["population_source"] = a.population_source
        if a.tier is not None:
            found["tier"] = a.tier
        if a.old_thresholds:
            found["old_thresholds"] = list(a.old_thresholds)
    if intent == "missions" and a.mission is not None:
        found["mission"] = a.mission
    if intent == "glossary" and a.term is not None:
        found["term"] = a.term
    if intent == "contacts":
        found.update(_contact_entities(a))
    if a.place is not None and intent in ("funding", "tier", "contacts"):
        found["place"] = a.place.matched
        found["place_kind"] = a.place.kind
    return found


def _contact_entities(a: Analysis) -> dict[str, Any]:
    found: dict[str, Any] = {}
    if a.kinds:
        found["kinds"] = sorted(a.kinds)
    if a.profession is not None:
        found["profession"] = a.profession
    code, region = _department_and_region(a)
    if code is not None:
        found["department"] = code
    if region is not None:
        found["region"] = region
    return found


def _department_and_region(a: Analysis) -> tuple[str | None, str | None]:
    if a.place is not None:
        return a.place.department_code, a.place.region_code
    if a.department is not None:
        return a.department.code, a.department.region
    return None, None


def answer_text(intent: str, a: Analysis) -> str:
    text = _HANDLERS[intent](a)
    if intent in ("funding", "tier") and a.population_source in ("commune", "epci"):
        text = f"{_place_population(a)}\n\n{text}"
    return text


def _place_population(a: Analysis) -> str:
    """Where the population came from, when the user named a place rather than a number."""
    from bot.rules.territory import metadata

    meta = metadata()
    return render(
        "faq/place_population.j2",
        name=_place_label(a),
        population=a.population,
        kind=a.population_source,
        package=meta.get("package", ""),
        version=meta.get("version", ""),
    )


def fallback_text() -> str:
    return render("faq/fallback.j2")


# --- handlers --------------------------------------------------------------------------------


def _funding(a: Analysis) -> str:
    from bot.rules.answers import answer_funding

    olds = list(a.old_thresholds)
    if a.population is not None:
        return answer_funding(population=a.population, old_thresholds=olds)
    return answer_funding(tier=a.tier, old_thresholds=olds)


def _tier(a: Analysis) -> str:
    from bot.rules.answers import answer_funding, answer_tier

    if a.population is not None:
        return answer_tier(a.population, old_thresholds=list(a.old_thresholds))
    # No population to classify: the funding answer lays out the tiers (or the one asked).
    return answer_funding(tier=a.tier, old_thresholds=list(a.old_thresholds))


def _missions(a: Analysis) -> str:
    from bot.rules.answers import answer_missions

    return answer_missions(a.mission)


def _glossary(a: Analysis) -> str:
    from bot.rules.answers import answer_glossary

    return answer_glossary(a.term)


def _contacts(a: Analysis) -> str:
    from bot.rules.contacts import answer_contacts
    from bot.rules.territory import department_by_code, region_by_code

    code, region_code = _department_and_region(a)
    department = department_by_code(code) if code else None
    department_name = department.name if department is not None else None
    region = region_by_code(region_code) if region_code else None
    return answer_contacts(
        code,
        set(a.kinds) or None,
        department_name=department_name,
        region_name=region.name if region is not None else None,
        region_code=region_code,
        place_label=_place_label(a),
        profession=a.profession,
    )


def _place_label(a: Analysis) -> str | None:
    """A commune or EPCI name (« Grenoble est en Isère »); a department names itself."""
    place = a.place
    if place is None or place.kind == "department":
        return None
    named = place.commune or place.epci or place.department or place.region
    return getattr(named, "name", None) or place.matched


def _simple(name: str) -> Callable[[Analysis], str]:
    def handler(_: Analysis) -> str:
        from bot.rules import answers

        return str(getattr(answers, name)())

    handler.__name__ = f"_{name}"
    return handler


_HANDLERS: dict[str, Callable[[Analysis], str]] = {
    "funding": _funding,
    "tier": _tier,
    "missions": _missions,
    "glossary": _glossary,
    "contacts": _contacts,
    "calendar": _simple("answer_calendar"),
    "payment": _simple("answer_payment"),
    "contract": _simple("answer_contract"),
    "grant": _simple("answer_grant"),
    "legal_form": _simple("answer_legal_form"),
    "steps": _simple("answer_steps"),
    "indicators": _simple("answer_indicators"),
    "partners": _simple("answer_partners"),
    "population_rules": _simple("answer_population_rules"),
}
