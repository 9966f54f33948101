"""Conversation layer: teams, privacy, bad input, stale buttons, FAQ mid-interview.

Everything goes through ``Conversation.handle`` on a real SQLite file.
"""

from __future__ import annotations

import asyncio
import json
import re

import pytest

from bot.conversation.ui import t
from bot.dialogs.loader import default_bundle
from bot.dialogs.schema import QType
from bot.store import NotAMember, Store
from tests.players import Player


@pytest.fixture
async def store(tmp_path):
    s = await Store.open(tmp_path / "cpts.sqlite3")
    yield s
    await s.close()


async def make_team(conv, uid=1, name="Julie M.", team="CPTS des Trois Vallées") -> Player:
    owner = Player(conv, uid, name)
    await owner.say("/nouvelle_equipe")
    assert "nom" in owner.text.lower()
    await owner.say(team)
    assert f"« {team} » créée" in owner.text
    return owner


async def invite_code(owner: Player) -> str:
    await owner.say("/inviter")
    match = re.search(r"Code d'invitation \(valable 7 jours\) : ([A-Za-z0-9_-]+)", owner.text)
    assert match, owner.text
    return match.group(1)


async def start_preprojet(player: Player) -> str:
    await player.press_data("i:preprojet")
    qid = await player.pending()
    assert qid is not None
    return qid


def dossier_of(conv, player):
    team_id = None

    async def _get():
        nonlocal team_id
        session = await conv.svc.store.get_session(player.user.id)
        team_id = session.active_team_id
        return await conv.svc.store.dossier(team_id, player.user.id)

    return _get()


async def test_welcome_mentions_patient_data_and_offers_team_buttons(conv):
    p = Player(conv, 10, "Anne B.")
    await p.say("/start")
    assert "Aucune donnée de patient" in p.text
    assert {b.data for b in p.buttons()} == {"nt", "jt"}


async def test_team_creation_invite_and_join_by_deep_link(conv, store):
    owner = await make_team(conv)
    code = await invite_code(owner)
    assert len(code) >= 12
    member = Player(conv, 2, "Marc D.")
    await member.say(f"/start {code}")
    assert "Vous avez rejoint l'équipe « CPTS des Trois Vallées »" in member.text
    teams = await store.teams_of(2)
    assert [t.name for t in teams] == ["CPTS des Trois Vallées"]
    assert await store.role(teams[0].id, 2) == "member"


async def test_guessed_or_revoked_invite_is_refused(conv, store):
    owner = await make_team(conv)
    code = await invite_code(owner)
    intruder = Player(conv, 3, "Eve X.")
    await intruder.say("/rejoindre AAAAAAAAAAAAAAAA")
    assert "n'est pas valable" in intruder.text
    await owner.say("/revoquer")
    assert "1 code d'invitation annulé." in owner.text
    await intruder.say(f"/rejoindre {code}")
    assert "a été annulé" in intruder.text
    assert await store.teams_of(3) == []


async def test_non_member_sees_nothing(conv, store):
    owner = await make_team(conv)
    await start_preprojet(owner)
    team_id = (await store.teams_of(1))[0].id
    outsider = Player(conv, 4, "Eve X.")
    for command in (
        "/revue",
        "/export",
        "/progression",
        "/acompleter",
        "/inviter",
        "/supprimer",
        "/documents",
        "/etapes",
        "/modifier 1",
    ):
        await outsider.say(command)
        assert "Créez une équipe projet ou rejoignez-en une" in outsider.text, command
    for data in (f"t:{team_id}", "i:preprojet", "rv:preprojet:0", "ed:preprojet:1", "p"):
        await outsider.press_data(data)
        assert "CPTS des Trois Vallées" not in outsider.text
        assert (await store.get_session(4)).active_team_id is None
    with pytest.raises(NotAMember):
        await store.dossier(team_id, 4)


async def test_sticker_and_empty_text_store_nothing_and_repeat_question(conv):
    owner = await make_team(conv)
    qid = await start_preprojet(owner)
    await owner.send_media("sticker")
    assert "Je ne lis que du texte" in owner.text
    assert await owner.pending() == qid
    await owner.say("   ")
    assert "vide" in owner.text
    assert await dossier_of(conv, owner) == {}


async def test_unknown_command_is_explained(conv):
    owner = await make_team(conv)
    await owner.say("/nimportequoi")
    assert "Je ne connais pas la commande « /nimportequoi »" in owner.text


async def test_stale_button_is_refused_and_changes_nothing(conv):
    owner = await make_team(conv)
    qid = await start_preprojet(owner)
    old_buttons = owner.buttons()
    skip = next(b for b in old_buttons if b.data.startswith("s:"))
    await owner.press_data(skip.data)  # moves on to the next question
    new_qid = await owner.pending()
    assert new_qid != qid
    await owner.press_data(skip.data)  # the same old button again: a pop-up, no message
    assert "ancien message" in owner.toast
    assert owner.text == ""
    assert await owner.pending() == new_qid
    await owner.press_data("zz:bogus:data")
    assert "ancien message" in owner.toast and owner.text == ""
    await owner.press_data("a:" + "x" * 80)
    assert "ancien message" in owner.toast and owner.text == ""


async def test_faq_question_mid_interview_then_question_repeated(conv):
    owner = await make_team(conv)
    qid = await start_preprojet(owner)
    await owner.say("combien de financement pour 60 000 habitants ?")
    assert "Taille 2" in owner.text or "taille 2" in owner.text
    assert await owner.pending() == qid
    prompt = default_bundle().questions[qid].prompt
    assert prompt in owner.replies[-1].text
    assert await dossier_of(conv, owner) == {}


async def _goto_text_question(conv, owner: Player) -> str:
    bundle = default_bundle()
    for _ in range(30):
        qid = await owner.pending()
        if bundle.questions[qid].type is QType.TEXT:
            return qid
        skip = next(b for b in owner.buttons() if b.data.startswith("s:"))
        await owner.press_data(skip.data)
    raise AssertionError("no short-text question in the first 30 questions")


@pytest.mark.parametrize(
    "hostile", ["{{ 7*7 }}", "{% for x in y %}", "<w:t>&amp;</w:t>", "🩺💊 CPTS"]
)
async def test_hostile_text_is_stored_and_shown_literally(conv, hostile):
    owner = await make_team(conv)
    await start_preprojet(owner)
    qid = await _goto_text_question(conv, owner)
    await owner.say(hostile)
    if any(b.label == t("btn_is_answer") for b in owner.buttons()):
        # the FAQ reads « … CPTS » as a question: nothing stored until the person says
        assert qid not in await dossier_of(conv, owner)
        await owner.press(t("btn_is_answer"))
    d = await dossier_of(conv, owner)
    assert d[qid].value == hostile
    assert hostile in owner.text
    assert "49" not in owner.text.replace(hostile, "")


async def test_huge_text_is_refused_with_a_clear_message(conv):
    owner = await make_team(conv)
    await start_preprojet(owner)
    qid = await _goto_text_question(conv, owner)
    await owner.say("x" * 5000)
    assert "⚠️" in owner.text
    assert await owner.pending() == qid
    assert qid not in await dossier_of(conv, owner)


def _nir(body: str) -> str:
    key = 97 - int(body) % 97
    return f"{body[0]} {body[1:3]} {body[3:5]} {body[5:7]} {body[7:10]} {body[10:13]} {key:02d}"


async def test_social_security_number_is_refused(conv):
    owner = await make_team(conv)
    await start_preprojet(owner)
    qid = await _goto_text_question(conv, owner)
    await owner.say(f"Dr Martin, patient {_nir('1850578006084')}")
    assert "numéro de sécurité sociale" in owner.text
    assert qid not in await dossier_of(conv, owner)


async def test_export_and_owner_only_delete(conv, store):
    owner = await make_team(conv)
    code = await invite_code(owner)
    member = Player(conv, 2, "Marc D.")
    await member.say(f"/rejoindre {code}")
    await start_preprojet(owner)
    await owner.say("/export")
    export = owner.replies[-1]
    assert export.document is not None and export.document.exists()
    data = json.loads(export.document.read_text(encoding="utf-8"))
    assert "Julie M." in json.dumps(data, ensure_ascii=False)
    await member.say("/supprimer")
    assert "propriétaire" in member.text
    await owner.say("/supprimer")
    assert "irréversible" in owner.text
    await owner.press("Annuler")
    assert "rien n'a été effacé" in owner.text
    await owner.say("/supprimer")
    confirm = owner.button("Oui, tout supprimer").data
    await owner.press_data(confirm)
    assert "supprimés" in owner.text
    assert await store.teams_of(1) == []
    assert await store.teams_of(2) == []
    await owner.press_data(confirm)  # stale confirmation
    assert "supprimés" not in owner.text


async def test_no_lock_kept_per_user_once_idle(conv):
    # 300 people each send a message, some at the same time: the lock table empties after.
    players = [Player(conv, uid, f"P{uid}") for uid in range(1, 301)]
    await asyncio.gather(*(p.say("/aide") for p in players), players[0].say("/aide"))
    assert all(p.text for p in players)
    assert conv.held_locks == 0
