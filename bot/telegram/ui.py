"""The adapter's own French strings, from ``templates/ui/telegram.yaml``."""

from __future__ import annotations

from functools import cache
from typing import Any

import yaml

from bot.paths import TEMPLATES_DIR

UI_FILE = TEMPLATES_DIR / "ui" / "telegram.yaml"


@cache
def _sources() -> dict[str, str]:
    with UI_FILE.open(encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
        raise ValueError(f"{UI_FILE}: expected a mapping of names to strings")
    return data


def ui_text(name: str, **context: Any) -> str:
    """Render one UI string (Jinja, StrictUndefined) and tidy blank lines."""
    from bot.textfmt import environment

    text = environment().from_string(_sources()[name]).render(**context)
    lines = [line.rstrip() for line in text.strip().splitlines()]
    tidy: list[str] = []
    for line in lines:
        if line or (tidy and tidy[-1]):
            tidy.append(line)
    return "\n".join(tidy)
