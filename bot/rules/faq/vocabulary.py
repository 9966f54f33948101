"""The FAQ's words: ``data/faq/intents.yaml`` validated once and compiled for fast lookup.

The file says which words point to which intent and how strongly; this module folds them the
way user text is folded, so matching is plain dictionary and tuple comparison at run time.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import yaml
from pydantic import BaseModel, ConfigDict, model_validator

from bot.normalize import fold
from bot.paths import DATA_DIR

VOCABULARY_FILE = DATA_DIR / "faq" / "intents.yaml"

INTENTS: tuple[str, ...] = (
    "funding",
    "tier",
    "missions",
    "calendar",
    "payment",
    "contract",
    "grant",
    "legal_form",
    "steps",
    "indicators",
    "partners",
    "glossary",
    "contacts",
    "population_rules",
)
BOOST_KINDS = (
    "population",
    "tier",
    "mission",
    "strong_kind",
    "weak_kind",
    "place",
    "department_code",
    "term",
    "term_alone",
)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class IntentWords(_Strict):
    words: dict[str, float] = {}
    phrases: dict[str, float] = {}
    words_alone: dict[str, float] = {}  # count even when the intent needs an entity
    starters: list[str] = []


class Fuzzy(_Strict):
    min_length: int
    score_cutoff: float
    known_words: list[str] = []


class Thresholds(_Strict):
    answer: float
    confident: float
    question: float
    max_starter_tokens: int


class VocabularyFile(_Strict):
    fuzzy: Fuzzy
    thresholds: Thresholds
    question_openers: list[str]
    stopwords: list[str]
    organisation_words: list[str]
    intents: dict[str, IntentWords]
    boosts: dict[str, dict[str, float]]

    @model_validator(mode="after")
    def _known_names(self) -> VocabularyFile:
        if set(self.intents) != set(INTENTS):
            raise ValueError(f"intents must be exactly {sorted(INTENTS)}")
        if set(self.boosts) != set(BOOST_KINDS):
            raise ValueError(f"boosts must be exactly {sorted(BOOST_KINDS)}")
        for kind, targets in self.boosts.items():
            if unknown := set(targets) - set(INTENTS):
                raise ValueError(f"boosts.{kind}: unknown intents {sorted(unknown)}")
        return self


Phrase = tuple[str, ...]


@dataclass(frozen=True)
class Vocabulary:
    """Folded, ready-to-match form of the file."""

    words: dict[str, tuple[tuple[str, float], ...]]  # word → (intent, weight)…
    alone_words: dict[str, tuple[tuple[str, float], ...]]
    phrases: tuple[tuple[Phrase, str, float], ...]  # longest first
    starters: dict[str, str]  # folded starter word → intent
    openers: tuple[Phrase, ...]
    stopwords: frozenset[str]
    organisation_words: frozenset[str]  # a contact synonym with one of these is « strong »
    boosts: dict[str, dict[str, float]]
    thresholds: Thresholds
    fuzzy: Fuzzy

    @property
    def intent_lexicon(self) -> frozenset[str]:
        """Every word the intents know (targets for typo correction)."""
        found = set(self.words) | set(self.alone_words) | set(self.starters)
        for phrase, _, _ in self.phrases:
            found.update(phrase)
        return frozenset(found)


def _phrase(text: str) -> Phrase:
    return tuple(fold(text).split())


def load_vocabulary_file() -> VocabularyFile:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        with VOCABULARY_FILE.open(encoding="utf-8") as fh:
            raw = yaml.load(fh, Loader=loader)  # noqa: S506 - safe loader
        return VocabularyFile.model_validate(raw)
    except Exception as exc:  # the file name is what a maintainer needs first
        raise ValueError(f"{VOCABULARY_FILE}: {exc}") from exc


@cache
def vocabulary() -> Vocabulary:
    data = load_vocabulary_file()
    words: dict[str, list[tuple[str, float]]] = {}
    alone: dict[str, list[tuple[str, float]]] = {}
    phrases: list[tuple[Phrase, str, float]] = []
    starters: dict[str, str] = {}
    for intent, spec in data.intents.items():
        for table, target in ((spec.words, words), (spec.words_alone, alone)):
            for text, weight in table.items():
                folded = _phrase(text)
                if len(folded) == 1:
                    target.setdefault(folded[0], []).append((intent, weight))
                else:
                    phrases.append((folded, intent, weight))
        for text, weight in spec.phrases.items():
            phrases.append((_phrase(text), intent, weight))
        for text in spec.starters:
            starters[fold(text)] = intent
    phrases.sort(key=lambda p: (-len(p[0]), -p[2]))
    stopwords = frozenset(w for entry in data.stopwords for w in fold(entry).split())
    return Vocabulary(
        words={k: tuple(v) for k, v in words.items()},
        alone_words={k: tuple(v) for k, v in alone.items()},
        phrases=tuple(phrases),
        starters=starters,
        openers=tuple(sorted({_phrase(o) for o in data.question_openers}, key=len, reverse=True)),
        stopwords=stopwords,
        organisation_words=frozenset(fold(w) for w in data.organisation_words),
        boosts=data.boosts,
        thresholds=data.thresholds,
        fuzzy=data.fuzzy,
    )
