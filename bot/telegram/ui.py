"""The adapter's own French strings, from ``templates/ui/telegram.yaml``."""

from __future__ import annotations

from bot.paths import TEMPLATES_DIR
from bot.textfmt import Strings

UI_FILE = TEMPLATES_DIR / "ui" / "telegram.yaml"

ui_text = Strings(UI_FILE)
