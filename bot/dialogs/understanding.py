"""What a message typed while a question is pending means, before anything is stored.

Pure decisions (no store, no FAQ call): the conversation layer feeds in what it learnt
(did the text parse for the question's kind, does the FAQ read it as a question) and gets
back one ``Decision``. The order is the one of issue 11: control words first (never stored),
then the answer, then the FAQ; a text that could be both is asked about.
"""

from __future__ import annotations

import re
from enum import StrEnum
from functools import lru_cache

import yaml

from bot.normalize import fold
from bot.paths import TEMPLATES_DIR

CONTROL_WORDS_FILE = TEMPLATES_DIR / "ui" / "control_words.yaml"
QUESTION_CUES_FILE = TEMPLATES_DIR / "ui" / "question_cues.yaml"
MAX_CONTROL_CHARS = 60  # a control word is short; longer texts are never read as one


class Control(StrEnum):
    SKIP = "skip"
    BACK = "back"
    UNKNOWN = "unknown"
    HELP = "help"
    CANCEL = "cancel"
    MENU = "menu"
    RESUME = "resume"


class Decision(StrEnum):
    STORE = "store"  # a clear answer
    FAQ = "faq"  # a question: answer it, ask the pending question again, store nothing
    FAQ_OFFER_STORE = "faq_offer_store"  # answered, with a button « c'était ma réponse »
    ASK_WHICH = "ask_which"  # « C'est une question ou votre réponse ? »
    INVALID = "invalid"  # neither: say why the answer was refused


@lru_cache(maxsize=1)
def lexicon() -> dict[str, Control]:
    """Folded phrase → control, from ``templates/ui/control_words.yaml``."""
    raw = yaml.safe_load(CONTROL_WORDS_FILE.read_text(encoding="utf-8"))
    out: dict[str, Control] = {}
    for key, phrases in raw.items():
        control = Control(key)
        for phrase in phrases:
            out[fold(phrase)] = control
    return out


def _distance(a: str, b: str, limit: int) -> int:
    """Optimal-string-alignment distance (a swap counts as one typo), cut off at ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, start=1):
            cost = 0 if ca == cb else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) > limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[-1]


def _typos_allowed(phrase: str) -> int:
    if len(phrase) < 6:
        return 0  # « jsp », « menu », « passe »: too short to guess (« Passy » is a commune)
    return 1 if len(phrase) < 10 else 2


@lru_cache(maxsize=4096)
def control_word(text: str, *, fuzzy: bool = True) -> Control | None:
    """The control a short message means, in any case, with or without accents, small typos.

    ``fuzzy=False`` for questions whose answers are names (communes): only exact phrases.
    """
    if len(text) > MAX_CONTROL_CHARS:
        return None
    folded = fold(text)
    if not folded:
        return None
    table = lexicon()
    if folded in table:
        return table[folded]
    if not fuzzy:
        return None
    best: tuple[int, Control] | None = None
    for phrase, control in table.items():
        limit = _typos_allowed(phrase)
        if limit == 0:
            continue
        d = _distance(folded, phrase, limit)
        if d <= limit and (best is None or d < best[0]):
            best = (d, control)
    return best[1] if best else None


@lru_cache(maxsize=4)
def _cue_words(key: str) -> tuple[str, ...]:
    """One folded list of ``templates/ui/question_cues.yaml``."""
    raw = yaml.safe_load(QUESTION_CUES_FILE.read_text(encoding="utf-8"))
    return tuple(fold(c) for c in raw[key])


def has_question_cue(text: str) -> bool:
    """Does the text say it is a question or a request (« ? », « combien », « contact… »)?

    A free-text answer can be about anything, so the FAQ's reading alone does not make a
    name such as « 🩺💊 CPTS » a question; a cue does (« contact CPAM Isère »).
    """
    if "?" in text:  # « …membres de la CPTS ? Cordialement. » asks too
        return True
    words = f" {fold(text)} "
    return any(words.startswith(f" {cue} ") for cue in _cue_words("leading")) or any(
        f" {cue} " in words for cue in _cue_words("anywhere")
    )


_WORD = re.compile(r"[a-z]+")
ECHO_MIN_LETTERS = 4  # « plan » counts; « nom », « les », « une » are too short to tell
ECHO_STEM = 5  # « crise » and « crises », « sanitaire » and « sanitaires » share a stem


def _stems(text: str) -> set[str]:
    ignored = _cue_words("not_echoes")
    return {
        w[:ECHO_STEM]
        for w in _WORD.findall(fold(text))
        if len(w) >= ECHO_MIN_LETTERS and w not in ignored
    }


def echoes_prompt(text: str, prompt: str) -> bool:
    """Does the text reuse a word of the question it is typed at?

    People answering echo the question (« Gestion des crises sanitaires graves : comment… »
    → « Plan de crise selon la trame nationale. »); a question about something else comes
    in its own words. The FAQ model reads the text alone, so this is the interview's share.
    """
    return bool(_stems(text) & _stems(prompt))


def decide(
    *, parsed: bool, free_text: bool, faq_question: bool, cue: bool = True, echo: bool = False
) -> Decision:
    """Answer or question? Nothing is stored unless the result is ``STORE``.

    - parses and the FAQ does not read it as a question → an answer;
    - does not parse but reads as a question → the FAQ answers, the question is asked again;
    - a free-text question accepts anything, so a text that reads as a question and says so
      (``cue``: « contact CPAM Isère », « c'est quoi l'ACI ») is answered as one, with a
      button to store it after all;
    - an answer that parses, has no cue and echoes the pending question's words (``echo``) is
      an answer, however sure the FAQ is (« Association CPTS Nouvelle » at the name question);
    - any other answer that also reads as a question → ask which it is.
    """
    if not faq_question:
        return Decision.STORE if parsed else Decision.INVALID
    if not parsed:
        return Decision.FAQ
    if echo and not cue:
        return Decision.STORE
    return Decision.FAQ_OFFER_STORE if free_text and cue else Decision.ASK_WHICH
