"""/verifier through the real Conversation on a tmp SQLite store: report and fix buttons."""

from __future__ import annotations

import pytest

from bot.conversation.core import COMMANDS, Conversation
from bot.conversation.messages import MAX_CALLBACK_BYTES
from bot.store import Store
from tests.players import Player


@pytest.fixture
async def store(tmp_path):
    s = await Store.open(tmp_path / "cpts.sqlite3")
    yield s
    await s.close()


@pytest.fixture
def conv(store, tmp_path):
    return Conversation(store, files_dir=tmp_path / "files")


async def make_team(conv) -> tuple[Player, int]:
    owner = Player(conv, 1, "Julie M.")
    await owner.say("/nouvelle_equipe")
    await owner.say("CPTS des Trois Vallées")
    team_id = (await conv.svc.store.get_session(1)).active_team_id
    return owner, team_id


def test_verifier_is_in_the_menu() -> None:
    assert "verifier" in dict(COMMANDS)


async def test_empty_dossier_is_blocked_and_buttons_open_the_questions(conv) -> None:
    owner, _ = await make_team(conv)
    await owner.say("/verifier")
    assert "Vérification avant dépôt" in owner.text
    assert "ne peut pas être déposé" in owner.text and "Bloquant" in owner.text
    buttons = owner.buttons()
    assert buttons and all(b.data.startswith("ed:") for b in buttons)
    assert all(len(b.data.encode()) <= MAX_CALLBACK_BYTES for b in buttons)
    # the first point (socle missions) opens the action sheets
    await owner.press(buttons[0].label)
    assert "Quelles actions la CPTS mènera-t-elle" in owner.text


async def test_fixing_a_point_removes_it(conv) -> None:
    owner, team_id = await make_team(conv)
    store = conv.svc.store
    await store.set_answer(team_id, 1, "diagnosis.health_workforce_total", 100)
    await store.set_answer(
        team_id,
        1,
        "territory.liberal_professionals",
        [{"_id": "a", "category": "generalistes", "count": 90}],
    )
    await owner.say("/verifier")
    assert "le tableau du projet de santé en compte 90" in owner.text
    await store.set_answer(team_id, 1, "diagnosis.health_workforce_total", 90)
    conv_text_before = owner.text
    await owner.say("/verifier")
    assert owner.text != conv_text_before
    assert "le tableau du projet de santé en compte" not in owner.text
