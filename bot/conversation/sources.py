"""Sources named the way people name them (« formulaire de pré-projet ARS ARA »), not files."""

from __future__ import annotations

from functools import lru_cache

import yaml

from bot.paths import TEMPLATES_DIR

SOURCES_FILE = TEMPLATES_DIR / "ui" / "sources.yaml"


@lru_cache(maxsize=1)
def names() -> dict[str, str]:
    raw = yaml.safe_load(SOURCES_FILE.read_text(encoding="utf-8"))
    return {str(k): str(v) for k, v in raw.items()}


def for_people(text: str) -> str:
    """Every known source file name in ``text`` replaced by its human name."""
    for file_name, name in names().items():
        text = text.replace(file_name, name)
    return text
