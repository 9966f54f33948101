"""``cpts-bot ask``: one question answered from the FAQ, or an interactive question loop.

The first message is printed as the chat shows it, followed by the labels of its detail
buttons; ``--details`` prints every detail after it. Kept lazily importing: the one-shot
command must answer in well under a second.
"""

from __future__ import annotations

import os
import sys

from bot.paths import DATA_DIR

ASK_FILE = DATA_DIR / "faq" / "ask.yaml"


def _strings() -> dict[str, str]:
    import yaml

    with ASK_FILE.open(encoding="utf-8") as fh:
        return {k: str(v).strip() for k, v in yaml.safe_load(fh).items()}


def render_answer(question: str, *, details: bool = False) -> str:
    """What the terminal prints for ``question``: the answer, then its buttons or details."""
    from bot.rules import faq

    if details:
        return faq.details_text(question)
    found = faq.answer(question)
    if not found.buttons:
        return found.text
    labels = " · ".join(f"[{b.label}]" for b in found.buttons)
    return f"{found.text}\n\n{_strings()['buttons']} {labels}"


def _print_piped(text: str) -> None:
    """Print, and stay quiet when the reader has gone (``cpts-bot ask … | head -3``)."""
    try:
        print(text, flush=True)
    except BrokenPipeError:
        # The recipe of the Python docs (signal module): silence the flush at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def run_ask(question: str, *, details: bool = False) -> int:
    """Answer ``question``; with an empty question, answer each typed line until EOF."""
    if question.strip():
        _print_piped(render_answer(question, details=details))
        return 0
    prompt = _strings()["prompt"] + " "
    while True:
        try:
            line = input(prompt)
        except EOFError:
            print()
            return 0
        except KeyboardInterrupt:
            print()
            return 130
        if line.strip():
            print(render_answer(line, details=details), end="\n\n", flush=True)
