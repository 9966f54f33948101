"""User-facing strings of the conversation, kept in ``templates/ui/conversation.yaml``."""

from __future__ import annotations

from bot.paths import TEMPLATES_DIR
from bot.textfmt import Strings

UI_FILE = TEMPLATES_DIR / "ui" / "conversation.yaml"

t = Strings(UI_FILE)
keys = t.keys
