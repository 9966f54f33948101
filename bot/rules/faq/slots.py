"""What a question is about, read by rules: population, money, places, tier, mission, part…

The classifier says which card; slots say which cell of it. Identifiers that merely contain
digits (SIRET, SIREN, phone numbers, dates, times, postcodes) are blanked before numbers are
read, so they are never taken for a population; an amount in euros (« 15k de l'ARS »,
« 15 000 euros ») is money, never a population. A list of communes is summed, and a
homonym outside the list's department is reported, not silently chosen.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from bot.normalize import fold
from bot.rules.faq import identifiers
from bot.rules.faq.analysis import analyse

if TYPE_CHECKING:
    from bot.rules.territory.models import Commune, Department, Region

_K_AMOUNT = re.compile(r"\b(\d+(?:[.,]\d+)?)\s?k\b(?!\s*hab)", re.IGNORECASE)
_MONEY_WORDS = frozenset(
    [
        "ars",
        "subvention",
        "aide",
        "aides",
        "euro",
        "euros",
        "eur",
        "fir",
        "budget",
        "financement",
        "verse",
        "versee",
        "touche",
        "toucher",
        "cpam",
        "argent",
        "montant",
        "enveloppe",
        "dotation",
    ]
)
_PARTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("medecin_traitant", ("medecin traitant", "medecins traitants", "acces au medecin")),
    ("snp", ("soins non programmes", "soin non programme", "snp", "non programme")),
    ("fixe", ("part fixe", "volet fixe", "fixe")),
    ("variable", ("part variable", "volet variable", "variable")),
)
PART_KEYS = tuple(key for key, _ in _PARTS)
_TEAM_WORDS = re.compile(r"\b(notre|nos|nous|chez nous|pour nous|on est|on a)\b", re.IGNORECASE)
_PROFESSIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("medecin", ("medecin", "generaliste", "mg", "docteur")),
    ("infirmier", ("infirmier", "infirmiere", "idel", "ide")),
    ("pharmacien", ("pharmacien", "pharmacienne", "pharmacie", "officine")),
    ("kinesitherapeute", ("kine", "kinesitherapeute", "masseur", "mk")),
    ("sage_femme", ("sage femme", "sages femmes", "sage-femme")),
    ("orthophoniste", ("orthophoniste", "ortho")),
    ("chirurgien_dentiste", ("dentiste", "chirurgien dentiste")),
    ("psychologue", ("psychologue", "psy")),
    ("podologue", ("podologue", "pedicure")),
    ("dieteticien", ("dieteticien", "dieteticienne")),
    ("ergotherapeute", ("ergotherapeute", "ergo")),
    ("orthoptiste", ("orthoptiste",)),
    ("biologiste", ("biologiste", "laboratoire")),
)
_LIST_HINT = re.compile(r"[,;]|\bet\b", re.IGNORECASE)


@dataclass
class CommunesSlot:
    communes: tuple[Commune, ...]
    total: int
    departments: tuple[str, ...]
    homonyms: tuple[str, ...] = ()  # names resolved outside the list's main department
    ambiguous: tuple[tuple[str, tuple[Commune, ...]], ...] = ()
    not_found: tuple[str, ...] = ()


@dataclass
class Slots:
    text: str
    population: int | None = None
    population_source: str | None = None  # "text", "commune", "epci", "communes", "team"
    place_label: str | None = None
    # A department or region named (« population de la Savoie »): kept apart from
    # ``population`` so that « financement CPTS Isère » is not read as 1.3 M inhabitants
    area: Department | Region | None = None
    area_label: str | None = None
    money: int | None = None
    tier: int | None = None
    old_thresholds: list[int] = field(default_factory=list)
    mission: str | None = None
    part: str | None = None
    term: str | None = None
    department: str | None = None
    region: str | None = None
    kinds: tuple[str, ...] = ()
    profession: str | None = None  # for « ma pratique » (medecin, infirmier, kine…)
    contact_profession: str | None = None  # an URPS kind for contacts
    communes: CommunesSlot | None = None
    # A commune name several communes bear (« Saint-Denis »), no other place settling it:
    # the person picks among the candidates, largest first
    homonyms: tuple[str, tuple[Commune, ...]] | None = None
    about_team: bool = False


def _money_context(folded: str) -> bool:
    return bool(_MONEY_WORDS & set(folded.split())) or "€" in folded


def _part(folded: str) -> str | None:
    padded = f" {folded} "
    for key, words in _PARTS:
        if any(f" {w} " in padded for w in words):
            return key
    return None


def _profession(folded: str) -> str | None:
    padded = f" {folded} "
    for key, words in _PROFESSIONS:
        if any(f" {w} " in padded or f" {w}s " in padded for w in words):
            return key
    return None


def _communes(text: str) -> CommunesSlot | None:
    """Several communes named in one message, summed (None for fewer than two)."""
    if not _LIST_HINT.search(text):
        return None
    from collections import Counter

    from bot.rules.territory.communes_list import split_commune_list, sum_communes

    chunks = [_strip_question(c) for c in split_commune_list(text)]
    # A commune name is a few words (hyphens join the long ones): a longer chunk is a
    # sentence around the list, not worth a typo-tolerant search of every commune.
    chunks = [c for c in chunks if c and len(c.split()) <= _MAX_NAME_WORDS]
    if len(chunks) < 2:
        return None
    found = sum_communes(chunks)
    named = len(found.resolved) + len(found.ambiguous)
    if named < 2:
        return None
    departments = Counter(c.department for c in found.resolved)
    main = departments.most_common(1)[0][0] if departments else None
    homonyms = tuple(
        f"{c.name} ({c.department})" for c in found.resolved if main and c.department != main
    )
    return CommunesSlot(
        communes=found.resolved,
        total=found.total_population,
        departments=tuple(sorted(departments)),
        homonyms=homonyms if len(departments) > 1 else (),
        ambiguous=tuple((a.query, a.candidates) for a in found.ambiguous),
        not_found=found.not_found,
    )


_MAX_NAME_WORDS = 5
_QUESTION_EDGE = re.compile(
    r"^(?:(?:quelle|quel|combien|de|d|pour|avec|la|le|les|l|taille|population|habitants|"
    r"hab|ca|ça|fait|font|c|est|on|nous|sommes|si|cpts|territoire|communes?|et|"
    r"financement|budget|montant|enveloppe|aci|sur)\b[\s']*)+"
    r"|(?:\s+(?:quelle|quel|combien|ca|ça|fait|font|donne|taille|de|cpts|population|"
    r"habitants|hab|c|est|quoi|\?)\b.*)$",
    re.IGNORECASE,
)


def _strip_question(chunk: str) -> str:
    """« Voiron » from « quelle taille pour Voiron », « Moirans » from « Moirans ça fait… »."""
    cleaned = chunk.strip(" ?!.")
    for _ in range(2):
        cleaned = _QUESTION_EDGE.sub("", cleaned).strip(" ?!.")
    return cleaned


def extract(text: str, *, communes: bool = True, place_lookup: bool = False) -> Slots:
    """Every slot the text fills.

    ``communes=False`` skips reading a list of communes, the one costly slot (typo-tolerant
    lookups of every chunk): only the cards that name the ``communes`` slot need it.
    ``place_lookup=True`` always looks for a named place (cards with the ``place`` slot); otherwise
    only when the words suggest its population or department is wanted.
    """
    masked = identifiers.blank(text)  # a SIRET, a phone number, a date: never a population
    folded = fold(masked)
    money: int | None = None
    k_amount = _K_AMOUNT.search(masked)
    if k_amount and _money_context(folded):
        money = int(float(k_amount.group(1).replace(",", ".")) * 1000)
        masked = masked[: k_amount.start()] + " " * len(k_amount.group()) + masked[k_amount.end() :]
    analysis = analyse(masked, place_lookup=place_lookup)
    euros = [m.value for m in analysis.numbers if m.unit == "euro"]
    if money is None and euros:
        money = int(euros[0])
    slots = Slots(
        text=text,
        population=analysis.population,
        population_source=analysis.population_source,
        money=money,
        tier=analysis.tier,
        old_thresholds=list(analysis.old_thresholds),
        mission=analysis.mission,
        part=_part(folded),
        term=analysis.term,
        kinds=tuple(sorted(analysis.kinds)),
        profession=_profession(folded),
        contact_profession=analysis.profession,
        about_team=bool(_TEAM_WORDS.search(folded)),
    )
    if slots.population is not None and money is not None and slots.population == money:
        slots.population, slots.population_source = None, None
    place = analysis.place
    if place is not None:
        slots.department = place.department_code
        slots.region = place.region_code
        area = place.department or place.region
        if place.kind in ("department", "region") and area is not None:
            slots.area, slots.area_label = area, area.name
        if place.kind != "department":
            named = place.commune or place.epci or place.department or place.region
            slots.place_label = getattr(named, "name", None) or place.matched
    elif analysis.department is not None:
        slots.department = analysis.department.code
        slots.region = analysis.department.region
    if analysis.homonyms is not None:
        slots.homonyms = (analysis.homonyms.query, analysis.homonyms.candidates)
    found = _communes(masked) if communes else None
    if found is not None and found.communes:
        slots.communes = found
        if analysis.population_source != "text":
            slots.population, slots.population_source = found.total, "communes"
    return slots
