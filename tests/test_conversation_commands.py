"""The command registry (templates/ui/commands.yaml) and its handlers agree."""

from __future__ import annotations

from bot.conversation import commands, routes
from bot.conversation.core import Conversation


def test_every_command_has_a_handler_and_every_handler_a_command():
    assert {s.name for s in commands.specs()} == set(routes.COMMAND_HANDLERS)


def test_aliases_accents_and_bot_suffix_resolve():
    for typed, name in [
        ("help", "aide"),
        ("a_completer", "acompleter"),
        ("Aide@CptsBot", "aide"),
        ("vérifier", "verifier"),
    ]:
        spec = commands.resolve(typed)
        assert spec is not None and spec.name == name
    assert commands.resolve("inconnue") is None


def test_menu_descriptions_fit_telegram():
    menu = Conversation.command_menu()
    assert menu[0][0] == "start"
    assert all(1 <= len(desc) <= 256 and len(name) <= 32 for name, desc in menu)
