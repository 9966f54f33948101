"""User-facing strings of the conversation, kept in ``templates/ui/conversation.yaml``.

Each entry is a small Jinja template rendered with the shared environment (French number
filters). Values are passed as variables, never compiled, so user text cannot inject
template code.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import yaml
from jinja2 import Template

from bot.paths import TEMPLATES_DIR
from bot.textfmt import environment

UI_FILE = TEMPLATES_DIR / "ui" / "conversation.yaml"


@cache
def _sources() -> dict[str, str]:
    with UI_FILE.open(encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    if not isinstance(data, dict):
        raise ValueError(f"{UI_FILE}: expected a mapping of keys to texts")
    return {str(k): str(v) for k, v in data.items()}


@cache
def _template(key: str) -> Template:
    return environment().from_string(_sources()[key])


def t(key: str, **context: Any) -> str:
    """Render the UI string ``key``; blank-line runs are collapsed for phone screens."""
    text = _template(key).render(**context)
    lines = [line.rstrip() for line in text.strip().splitlines()]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out)


def keys() -> set[str]:
    return set(_sources())
