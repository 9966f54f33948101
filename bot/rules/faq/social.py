"""Politeness on its own (« merci », « bonjour », « ok super ») gets a reply in kind.

The classifier rightly calls these out of scope, but answering « merci » with « je ne sais pas
répondre à cela » reads as curt. Only messages made entirely of such words qualify: a greeting
followed by a question is a question.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Literal

import yaml

from bot.paths import DATA_DIR
from bot.rules.faq.model_text import normalise

SOCIAL_FILE = DATA_DIR / "faq" / "social.yaml"
SocialKind = Literal["thanks", "greeting", "acknowledgement"]
MAX_WORDS = 8  # a longer message is never just politeness


@lru_cache(maxsize=1)
def _lexicon() -> tuple[dict[str, frozenset[str]], frozenset[str]]:
    with SOCIAL_FILE.open(encoding="utf-8") as fh:
        raw = yaml.safe_load(fh)
    kinds = {kind: frozenset(words) for kind, words in raw["kinds"].items()}
    return kinds, frozenset(raw["filler"])


def social_kind(text: str) -> SocialKind | None:
    """The kind of politeness ``text`` is made of, or None when it says anything else."""
    words = [w for w in normalise(text).replace("?", " ").split() if w]
    if not words or len(words) > MAX_WORDS:
        return None
    kinds, filler = _lexicon()
    known = set().union(*kinds.values()) | filler
    if any(w not in known for w in words):
        return None
    for kind in ("thanks", "greeting", "acknowledgement"):
        if any(w in kinds[kind] for w in words):
            return kind
    return None
