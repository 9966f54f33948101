"""``cpts-bot ask``: one question answered from the FAQ, or an interactive question loop.

Kept tiny and lazily importing: the one-shot command must answer in well under a second.
"""

from __future__ import annotations

from bot.paths import DATA_DIR

ASK_FILE = DATA_DIR / "faq" / "ask.yaml"


def _prompt() -> str:
    import yaml

    with ASK_FILE.open(encoding="utf-8") as fh:
        return str(yaml.safe_load(fh)["prompt"]).strip() + " "


def run_ask(question: str) -> int:
    """Answer ``question``; with an empty question, answer each typed line until EOF."""
    from bot.rules.faq import answer

    if question.strip():
        print(answer(question).text)
        return 0
    prompt = _prompt()
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
            print(answer(line).text, end="\n\n", flush=True)
