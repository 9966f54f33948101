"""Entity vocabularies borrowed from the rule modules, folded once, and the typo corrector.

Mission names, glossary terms and contact kinds belong to their own modules (one source of
truth); the FAQ only folds them into token tuples it can look for, and builds the list of
known words that typos (« finacement », « contcat », « missons ») are corrected towards.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache

from rapidfuzz import fuzz, process
from rapidfuzz.distance import JaroWinkler

from bot.normalize import fold
from bot.rules.faq.vocabulary import Phrase, vocabulary

URPS_PREFIX = "urps:"


@dataclass(frozen=True)
class EntityPhrase:
    tokens: Phrase
    key: str  # mission key, glossary term, or contact kind key (« cpam », « urps:medecins »)
    strong: bool = True


def _phrases(names: dict[str, list[str]]) -> tuple[EntityPhrase, ...]:
    found = {
        (tuple(fold(name).split()), key) for key, words in names.items() for name in words if name
    }
    return tuple(
        EntityPhrase(tokens, key)
        for tokens, key in sorted(found, key=lambda p: (-len(p[0]), p))
        if tokens
    )


@cache
def mission_phrases() -> tuple[EntityPhrase, ...]:
    from bot.rules.missions import mission_synonyms

    return _phrases(mission_synonyms())


@cache
def glossary_phrases() -> tuple[EntityPhrase, ...]:
    """Each glossary term, and each side of « PTA / DAC »-style terms."""
    from bot.rules.glossary import glossary_terms

    names: dict[str, list[str]] = {}
    for term in glossary_terms():
        names[term] = [term, *(part.strip() for part in term.split("/") if "/" in term)]
    return _phrases(names)


@cache
def kind_phrases() -> tuple[EntityPhrase, ...]:
    from bot.rules.contacts import kind_synonyms

    organisation = vocabulary().organisation_words
    return tuple(
        EntityPhrase(p.tokens, p.key, strong=bool(organisation & set(p.tokens)))
        for p in _phrases(kind_synonyms())
    )


@cache
def department_name_tokens() -> frozenset[str]:
    """Tokens of the ARA department names: never « corrected » into a vocabulary word."""
    from bot.rules.contacts import ara_departments

    return frozenset(t for name in ara_departments().values() for t in fold(name).split())


@cache
def _lexicon() -> tuple[frozenset[str], tuple[str, ...]]:
    """(every known word, the words long enough to be typo targets)."""
    vocab = vocabulary()
    entity_words = {
        token
        for phrases in (mission_phrases(), glossary_phrases(), kind_phrases())
        for phrase in phrases
        for token in phrase.tokens
    }
    targets = vocab.intent_lexicon | entity_words
    known = targets | vocab.stopwords | department_name_tokens()
    known |= {fold(word) for word in vocab.fuzzy.known_words}
    known |= {t for opener in vocab.openers for t in opener}
    min_length = vocab.fuzzy.min_length
    return frozenset(known), tuple(sorted(w for w in targets if len(w) >= min_length - 1))


@cache
def _common() -> frozenset[str]:
    """Known words that need no rules module loaded: most tokens stop here, so a one-shot
    ``cpts-bot ask`` does not build the whole lexicon (contacts, glossary) for them."""
    vocab = vocabulary()
    words = vocab.intent_lexicon | vocab.stopwords
    words |= {fold(word) for word in vocab.fuzzy.known_words}
    return frozenset(words | {t for opener in vocab.openers for t in opener})


@lru_cache(maxsize=16384)
def correct(token: str) -> str:
    """The known word a typed token stands for (itself when known, short or unmatched)."""
    fuzzy = vocabulary().fuzzy
    if token in _common() or len(token) < fuzzy.min_length or not token.isalpha():
        return token
    known, targets = _lexicon()
    if token in known:
        return token
    matches = process.extract(
        token, targets, scorer=fuzz.ratio, score_cutoff=fuzzy.score_cutoff, limit=4
    )
    if not matches:
        return token
    # « contcat » is as close to « contrat » as to « contact » by edit distance; Jaro-Winkler
    # (transpositions are cheap) breaks the tie the way a reader would.
    best = max(matches, key=lambda m: (m[1], JaroWinkler.similarity(token, m[0])))
    return best[0]
