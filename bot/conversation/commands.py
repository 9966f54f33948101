"""The command registry: names, French descriptions and aliases from
``templates/ui/commands.yaml``; one place for the menu, /aide and routing."""

from __future__ import annotations

from functools import lru_cache

import yaml
from pydantic import BaseModel, ConfigDict

from bot.normalize import fold
from bot.paths import TEMPLATES_DIR

COMMANDS_FILE = TEMPLATES_DIR / "ui" / "commands.yaml"


class CommandSpec(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    description: str
    team: bool = True  # needs an active team
    aliases: tuple[str, ...] = ()


@lru_cache(maxsize=1)
def specs() -> tuple[CommandSpec, ...]:
    raw = yaml.safe_load(COMMANDS_FILE.read_text(encoding="utf-8"))
    return tuple(CommandSpec.model_validate(item) for item in raw)


@lru_cache(maxsize=1)
def _by_name() -> dict[str, CommandSpec]:
    table: dict[str, CommandSpec] = {}
    for spec in specs():
        for name in (spec.name, *spec.aliases):
            table[name] = spec
    return table


def menu() -> list[tuple[str, str]]:
    """(command, description) in menu order."""
    return [(s.name, s.description) for s in specs()]


def resolve(typed: str) -> CommandSpec | None:
    """« /Aide@CptsBot » → the spec of « aide »; None for an unknown command."""
    name = fold(typed.split("@")[0]).replace(" ", "_")
    return _by_name().get(name)
