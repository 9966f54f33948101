"""Free text → scored intents and entities (numbers, tier, mission, term, contact kinds, place).

Steps, each cheap: find the numbers first (so « 60 000 » or « taille 2 » never look like
words), fold and typo-correct the remaining tokens, look for intent phrases and words and for
entity phrases. Only when some word is left unclaimed, and the answer can use a place, is the
territory asked for a city, department or EPCI, and the place must lie in those words. Scores
are the weights of ``data/faq/intents.yaml`` plus the boosts entities give to the intents
they imply.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from bot.normalize import fold
from bot.rules.faq.lexicons import (
    URPS_PREFIX,
    EntityPhrase,
    correct,
    glossary_phrases,
    kind_phrases,
    mission_phrases,
)
from bot.rules.faq.vocabulary import INTENTS, Phrase, vocabulary
from bot.rules.numbers import NumberMention, find_numbers

if TYPE_CHECKING:  # the territory data loads lazily, only when a place is needed
    from bot.rules.territory import CommuneLookup, Department, Place

# A population this small without « habitants » is more likely a code or a count of people.
MIN_BARE_POPULATION = 1000
_TIER_WORD_BEFORE = re.compile(
    r"(?:taille|tranche|cat[ée]gorie)\s*(?:n°|no|num[ée]ro|de)?\s*$", re.IGNORECASE
)
_CORSICA_CODE = re.compile(r"(?<![\w])(2[ab])(?![\w])", re.IGNORECASE)
_ARTICLES = frozenset(
    ["le", "la", "les", "l", "un", "une", "des", "du", "d", "de", "au", "aux", "en"]
)
# A keyword this strong names the topic; an entity then only says what the topic is about.
_TOPIC_WEIGHT = 3.0
# Intents that may use a place's population (contacts use its department).
_POPULATION_INTENTS = frozenset({"funding", "tier"})


@dataclass
class Analysis:
    text: str
    tokens: list[str]  # folded and typo-corrected, numbers removed
    numbers: list[NumberMention]
    keyword_scores: dict[str, float]
    scores: dict[str, float] = field(default_factory=dict)
    population: int | None = None
    population_source: str | None = None  # "text", "commune", "epci"
    tier: int | None = None
    old_thresholds: list[int] = field(default_factory=list)
    department_codes: list[str] = field(default_factory=list)
    mission: str | None = None
    term: str | None = None
    term_alone: bool = False
    term_span: tuple[int, int] = (0, 0)  # token indexes of the term
    kinds: set[str] = field(default_factory=set)
    strong_kind: bool = False
    profession: str | None = None
    place: Place | None = None
    homonyms: CommuneLookup | None = None  # a commune name several communes bear, no place found
    department: Department | None = None  # from a typed code (« cpam 38 »)
    residual: list[str] = field(default_factory=list)
    is_question: bool = False
    starter_intent: str | None = None

    @property
    def best(self) -> tuple[str, float]:
        """Highest-scoring intent; ties go to the earlier intent of ``INTENTS``."""
        if not self.scores:
            return "fallback", 0.0
        intent = max(INTENTS, key=lambda i: (self.scores.get(i, 0.0), -INTENTS.index(i)))
        return intent, self.scores.get(intent, 0.0)


def analyse(text: str, *, place_lookup: bool = False) -> Analysis:
    """``place_lookup``: look the territory up for a place whatever the keywords say (the caller's
    card reads one: « population de Voiron »)."""
    vocab = vocabulary()
    numbers = find_numbers(text)
    keyword_text = _blank_numbers(text, numbers)
    raw = fold(keyword_text).split()
    tokens = [correct(t) for t in raw]
    used = [False] * len(tokens)

    keyword_scores = _keyword_scores(tokens, used)
    analysis = Analysis(text=text, tokens=tokens, numbers=numbers, keyword_scores=keyword_scores)
    _numbers(analysis)
    _entities(analysis, tokens, used)
    _glossary_markers(analysis, tokens)
    _question_shape(analysis, text, tokens)

    stop = vocab.stopwords
    analysis.residual = [
        raw[i] for i, t in enumerate(tokens) if not used[i] and t not in stop and not t.isdecimal()
    ]
    analysis.department_codes = _department_codes(text, numbers)
    analysis.scores = _boosted(analysis)
    if analysis.residual and (place_lookup or _wants_place(analysis)):
        _place(analysis)
        analysis.scores = _boosted(analysis)
    _department_from_code(analysis)
    return analysis


# --- numbers -----------------------------------------------------------------------------------


def _blank_numbers(text: str, numbers: list[NumberMention]) -> str:
    """Remove quantities and tiers (with their « taille » word) from the keyword text."""
    chars = list(text)
    for mention in numbers:
        if mention.role not in ("quantity", "tier"):
            continue
        start = mention.start
        if mention.role == "tier" and (before := _TIER_WORD_BEFORE.search(text[:start])):
            start = before.start()
        chars[start : mention.end] = " " * (mention.end - start)
    return "".join(chars)


def _numbers(analysis: Analysis) -> None:
    from bot.rules.tiers import old_threshold_mentions

    populations = [
        m
        for m in analysis.numbers
        if m.is_population_candidate and (m.unit == "inhabitant" or m.value >= MIN_BARE_POPULATION)
    ]
    if populations:
        chosen = next((m for m in populations if m.unit == "inhabitant"), populations[0])
        analysis.population, analysis.population_source = chosen.value, "text"
    analysis.tier = next((m.value for m in analysis.numbers if m.role == "tier"), None)
    quantities = [m.value for m in analysis.numbers if m.role == "quantity" and m.unit != "euro"]
    analysis.old_thresholds = old_threshold_mentions(quantities)


def _department_codes(text: str, numbers: list[NumberMention]) -> list[str]:
    """Two- or three-digit bare numbers and « 2A »/« 2B »: possible department codes."""
    codes = [
        m.text.strip()
        for m in numbers
        if m.role in ("department", "quantity")
        and m.unit is None
        and m.written == "digits"
        and m.text.strip().isdecimal()
        and 1 <= len(m.text.strip()) <= 3
    ]
    codes += [m.group(1).upper() for m in _CORSICA_CODE.finditer(text)]
    return codes


def _department_from_code(analysis: Analysis) -> None:
    if analysis.place is not None or not analysis.department_codes:
        return
    if analysis.best[0] != "contacts" and not any(m.role == "department" for m in analysis.numbers):
        return
    from bot.rules.territory import department_by_code

    for code in analysis.department_codes:
        department = department_by_code(code.zfill(2) if code.isdecimal() else code)
        if department is not None:
            analysis.department = department
            analysis.scores = _boosted(analysis)
            return


# --- words ---------------------------------------------------------------------------------


def _find(tokens: list[str], phrase: Phrase, used: list[bool] | None = None) -> int:
    """Index where ``phrase`` starts in ``tokens`` (skipping used tokens), or -1."""
    n = len(phrase)
    first = phrase[0]
    for start in range(len(tokens) - n + 1):
        if tokens[start] != first or tuple(tokens[start : start + n]) != phrase:
            continue
        if used is None or not any(used[start : start + n]):
            return start
    return -1


def _keyword_scores(tokens: list[str], used: list[bool]) -> dict[str, float]:
    vocab = vocabulary()
    scores: dict[str, float] = {}
    claimed = [False] * len(tokens)  # phrase words are not counted again as single words
    for phrase, intent, weight in vocab.phrases:
        if intent == "glossary":
            continue  # definition markers only count next to a term (see _glossary_markers)
        start = _find(tokens, phrase, claimed)
        if start >= 0:
            for i in range(start, start + len(phrase)):
                claimed[i] = used[i] = True
            scores[intent] = scores.get(intent, 0.0) + weight
    for i, token in enumerate(tokens):
        if claimed[i]:
            continue
        for table in (vocab.words, vocab.alone_words):
            for intent, weight in table.get(token, ()):
                if intent == "glossary" and table is vocab.words:
                    continue
                scores[intent] = scores.get(intent, 0.0) + weight
                used[i] = True
    return scores


def _match_entities(
    tokens: list[str], phrases: tuple[EntityPhrase, ...], used: list[bool]
) -> list[tuple[int, EntityPhrase]]:
    """Non-overlapping entity phrases, longest first; marks their tokens as used."""
    taken = [False] * len(tokens)
    found: list[tuple[int, EntityPhrase]] = []
    present = set(tokens)
    for phrase in phrases:
        if phrase.tokens[0] not in present:
            continue
        start = _find(tokens, phrase.tokens, taken)
        if start >= 0:
            for i in range(start, start + len(phrase.tokens)):
                taken[i] = used[i] = True
            found.append((start, phrase))
    return sorted(found, key=lambda f: f[0])


def _entities(analysis: Analysis, tokens: list[str], used: list[bool]) -> None:
    missions = _match_entities(tokens, mission_phrases(), used)
    if missions:
        analysis.mission = missions[0][1].key
    for _, phrase in _match_entities(tokens, kind_phrases(), used):
        key = phrase.key
        if key.startswith(URPS_PREFIX):
            analysis.kinds.add("urps")
            analysis.profession = analysis.profession or key.removeprefix(URPS_PREFIX)
        else:
            analysis.kinds.add(key)
        analysis.strong_kind = analysis.strong_kind or phrase.strong
    terms = _match_entities(tokens, glossary_phrases(), used)
    if terms:
        analysis.term = terms[0][1].key
        stop = vocabulary().stopwords
        term_tokens = {i for start, p in terms[:1] for i in range(start, start + len(p.tokens))}
        others = [t for i, t in enumerate(tokens) if i not in term_tokens and t not in stop]
        analysis.term_alone = not others and not analysis.numbers
        analysis.term_span = (terms[0][0], terms[0][0] + len(terms[0][1].tokens))


def _glossary_markers(analysis: Analysis, tokens: list[str]) -> None:
    """« c'est quoi le SAS », « ACI ça veut dire quoi »: a marker right next to the term."""
    if analysis.term is None:
        return
    term_start, term_end = analysis.term_span
    vocab = vocabulary()
    best = 0.0
    markers = [(p, w) for p, intent, w in vocab.phrases if intent == "glossary"]
    markers += [
        ((word,), w) for word, pairs in vocab.words.items() for i, w in pairs if i == "glossary"
    ]
    for phrase, weight in markers:
        start = _find(tokens, phrase)
        while start >= 0:
            end = start + len(phrase)
            after = end
            while after < term_start and tokens[after] in _ARTICLES:
                after += 1
            before = start
            if after == term_start or (term_end <= before and before - term_end <= 1):
                best = max(best, weight)
                break
            nxt = _find(tokens[end:], phrase)
            start = -1 if nxt < 0 else end + nxt
    if best:
        analysis.keyword_scores["glossary"] = analysis.keyword_scores.get("glossary", 0.0) + best


def _question_shape(analysis: Analysis, text: str, tokens: list[str]) -> None:
    vocab = vocabulary()
    folded = fold(text).split()
    analysis.is_question = "?" in text or any(
        tuple(folded[: len(opener)]) == opener for opener in vocab.openers
    )
    for n in (3, 2, 1):
        head = " ".join(tokens[:n])
        if head in vocab.starters:
            analysis.starter_intent = vocab.starters[head]
            break


# --- places --------------------------------------------------------------------------------


def _wants_place(analysis: Analysis) -> bool:
    """Only look a place up when the answer can use it (and skip the lookup otherwise)."""
    intent, _ = analysis.best
    if not analysis.scores or intent == "contacts":
        return True
    return intent in _POPULATION_INTENTS and analysis.population is None


def _place(analysis: Analysis) -> None:
    from bot.rules.territory import find_place_or_homonyms

    # The whole text, not just the residual words: the lookup reads cues (« à », « cpam »)
    # and capitals to tell « Ars » the commune from « ARS » the agency.
    place, homonyms = find_place_or_homonyms(analysis.text)
    if place is None:
        if homonyms is not None and set(fold(homonyms.query).split()) & set(analysis.residual):
            analysis.homonyms = homonyms
        return
    if not set(fold(place.matched).split()) & set(analysis.residual):
        return  # found in words that already meant something else
    analysis.place = place
    if analysis.population is None:
        source = {"epci": place.epci, "commune": place.commune}.get(place.kind)
        population = getattr(source, "population", None)
        if population:
            analysis.population, analysis.population_source = int(population), place.kind


# --- scores --------------------------------------------------------------------------------


def _boosted(analysis: Analysis) -> dict[str, float]:
    boosts = vocabulary().boosts
    scores = dict(analysis.keyword_scores)

    def add(kind: str) -> None:
        for intent, weight in boosts[kind].items():
            scores[intent] = scores.get(intent, 0.0) + weight

    if analysis.population is not None and analysis.population_source == "text":
        add("population")
    if analysis.tier is not None:
        add("tier")
    topic = max(analysis.keyword_scores.values(), default=0.0)
    if analysis.mission is not None and (
        topic < _TOPIC_WEIGHT or analysis.keyword_scores.get("missions", 0.0) >= topic
    ):
        add("mission")  # « financement de la mission prévention » stays a funding question
    if analysis.kinds:
        add("strong_kind" if analysis.strong_kind else "weak_kind")
    if analysis.place is not None:
        add("place")
    if analysis.department is not None:
        add("department_code")
    if analysis.term is not None:
        add("term_alone" if analysis.term_alone else "term")
    return {k: v for k, v in scores.items() if v > 0}
