"""Issue 11, item 6 (conversation side): a person erases their own data, with confirmation."""

from __future__ import annotations

from bot.conversation.ui import t
from tests.players import Player


async def test_erase_my_data_asks_first_then_leaves_every_team(conv, store):
    owner = Player(conv, 1, "Julie M.")
    await owner.say("/nouvelle_equipe CPTS des Trois Vallées")
    await owner.say("/inviter")
    code = owner.text.split("Code d'invitation (valable 7 jours) : ")[1].split()[0]
    marc = Player(conv, 2, "Marc D.")
    await marc.say(f"/rejoindre {code}")
    await marc.press_data("i:preprojet")
    await marc.press("Oui")
    [team] = await store.teams_of(2)

    await marc.say("/effacer_mes_donnees")
    assert "irréversible" in marc.text
    await marc.press("Annuler")
    assert t("erase_me_cancelled") in marc.text
    assert await store.role(team.id, 2) == "member"

    await marc.say("/effacer_mes_donnees")
    await marc.press("Oui, effacer")
    assert t("erase_me_done") in marc.text
    assert await store.teams_of(2) == []
    assert await store.display_name(2) is None
    session = await store.get_session(2)
    assert session.state == {} and session.active_team_id is None
    # the team keeps the answer, without Marc's name
    dossier = await store.dossier(team.id, 1)
    assert dossier["structure.association_status"].value == "yes"
    assert dossier["structure.association_status"].by != "Marc D."
    # the old confirmation button is now refused with a pop-up
    await marc.press_data("eu:whatever:y")
    assert marc.toast and marc.text == ""


async def test_invite_carries_a_code_and_no_transport_link(conv):
    # The transport seam: Telegram builds its deep link from ``invite_code``; another
    # transport (terminal, web) needs no change in the conversation.
    owner = Player(conv, 1, "Julie M.")
    await owner.say("/nouvelle_equipe CPTS des Trois Vallées")
    await owner.say("/inviter")
    [reply] = owner.replies
    assert reply.invite_code and reply.invite_code in reply.text
    assert "t.me" not in reply.text
