"""``cpts-bot run``: the Telegram bot when a token is configured, the terminal chat otherwise.

Heavy imports (PTB, the conversation) happen only on the branch that needs them.
"""

from __future__ import annotations

import sys
from pathlib import Path


def run_main(db: str | None = None) -> int:
    from pydantic import ValidationError

    from bot.config import Settings

    try:
        settings = Settings(db_path=Path(db)) if db else Settings()
    except ValidationError as exc:
        print(f"cpts-bot: invalid settings:\n{exc}", file=sys.stderr)
        return 2
    if settings.token:
        from bot.telegram.app import run_bot

        return run_bot(settings)

    from bot.telegram.ui import ui_text
    from bot.terminal import run_chat

    print(ui_text("no_token"), file=sys.stderr)
    return run_chat(db=str(settings.db_path), user_id=None, name=None)
