"""Two people build a team dossier over Telegram: real Conversation, real SQLite store,
real PTB application, fake Bot API server over HTTP.

Checks what Telegram received (texts, keyboards, answered callback queries) against what the
conversation produced and against its own UI strings, then the dossier in the SQLite file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from bot.conversation.core import Conversation
from bot.conversation.messages import Incoming, Reply
from bot.conversation.ui import t
from bot.dialogs.loader import default_bundle
from bot.rules import faq
from bot.store import Store
from bot.telegram.send import invite_link, split_text
from bot.telegram.ui import ui_text
from tests.fakebot_harness import replies, running_bot, settle
from tests.fakebotapi import FakeBotApi, Sent

TEAM = "CPTS des Trois Vallées"
FAQ_QUESTION = "combien de financement pour 60 000 habitants ?"
INTERVIEW_BUTTONS_TAIL = [
    ["⏭ Passer"],
    ["🤷 Je ne sais pas encore", "◀️ Retour", "📊 Progression"],
]


@dataclass
class Recorder:
    """Wraps the real conversation to know exactly what it asked the adapter to send."""

    inner: object
    log: list[tuple[Incoming, list[Reply]]] = field(default_factory=list)

    async def handle(self, incoming: Incoming) -> list[Reply]:
        replies = await self.inner.handle(incoming)  # type: ignore[attr-defined]
        self.log.append((incoming, replies))
        return replies

    def command_menu(self) -> list[tuple[str, str]]:
        return self.inner.command_menu()  # type: ignore[attr-defined]


def labels(message: Sent) -> list[list[str]]:
    return [[label for label, _ in row] for row in message.keyboard]


def prompt(qid: str) -> str:
    return default_bundle().questions[qid].prompt


def expected_messages(replies: list[Reply]) -> list[tuple[str, list[list[tuple[str, str]]]]]:
    """What Telegram must receive for these replies: chunks, keyboard on the last one."""
    out = []
    for reply in replies:
        if not reply.text and reply.document is None:
            continue  # a pop-up only: carried by answerCallbackQuery, no message
        text = reply.text
        if reply.invite_code:  # the Telegram transport adds its own deep link
            link = invite_link("CptsTestBot", reply.invite_code)
            text = f"{text.rstrip()}\n{ui_text('invite_link', link=link)}"
        chunks = split_text(text)
        keyboard = [[(b.label, b.data) for b in row] for row in reply.buttons]
        out += [(chunk, keyboard if i == len(chunks) - 1 else []) for i, chunk in enumerate(chunks)]
    return out


async def test_two_members_fill_the_preproject_over_telegram(tmp_path: Path) -> None:
    async with running_bot(tmp_path, real=True) as (fake, app, conversation):
        menu = [(c["command"], c["description"]) for c in fake.commands]
        assert menu == Conversation.command_menu()  # published at start-up, in French
        assert ("nouvelle_equipe", "Créer une équipe projet") in menu
        recorder = Recorder(conversation)
        app.bot_data["adapter"].conversation = recorder
        julie = fake.new_user("Julie", "Martin", username="julie_m")
        marc = fake.new_user("Marc", "Durand")

        # --- Julie creates the team
        fake.send_text(julie, "/start")
        [welcome] = await replies(fake, app, julie.id)
        assert welcome.text == t("welcome")
        assert welcome.keyboard == [
            [("➕ Créer une équipe", "nt"), ("🔑 Rejoindre avec un code", "jt")]
        ]
        fake.press(julie, welcome, label="➕ Créer une équipe")
        [ask_name] = await replies(fake, app, julie.id)
        assert ask_name.text == t("ask_team_name")
        fake.send_text(julie, TEAM)
        [interviews] = await replies(fake, app, julie.id)  # confirmation on top of the list
        assert f"Équipe « {TEAM} » créée" in interviews.text
        assert "i:preprojet" in [data for row in interviews.keyboard for _, data in row]

        # --- invitation; Marc joins through the deep link (« /start <code> »)
        fake.send_text(julie, "/inviter")
        [invite] = await replies(fake, app, julie.id)
        code = re.search(r"https://t\.me/CptsTestBot\?start=([A-Za-z0-9_-]+)", invite.text)
        assert code, invite.text  # the bot's @username reached the conversation
        fake.send_text(marc, f"/start {code.group(1)}")
        [marc_interviews] = await replies(fake, app, marc.id)
        assert marc_interviews.text.startswith(t("team_joined", team=TEAM))

        # --- Julie: first question by button, FAQ mid-interview, second by text
        fake.press(julie, interviews, data="i:preprojet")
        [q1] = await replies(fake, app, julie.id)
        assert q1.text.startswith("📋 Pré-projet de CPTS")
        assert prompt("structure.association_status") in q1.text
        assert labels(q1) == [["Oui", "Non"], ["En cours"], ["ℹ️ Aide", "⏭ Passer"]] + [
            INTERVIEW_BUTTONS_TAIL[1]
        ]
        old_no = next(d for row in q1.keyboard for label, d in row if label == "Non")
        fake.press(julie, q1, label="Oui")
        [q2] = await replies(fake, app, julie.id)
        assert q1.keyboard == []  # the answered message's keyboard is removed
        assert q2.text.startswith(t("saved", label="Association loi 1901", value="Oui", notes=[]))
        assert prompt("structure.association_name") in q2.text
        assert labels(q2) == INTERVIEW_BUTTONS_TAIL

        fake.send_text(julie, FAQ_QUESTION)
        # one message: the short answer, its detail buttons, then the question again
        [q2_again] = await replies(fake, app, julie.id)
        found = faq.match(FAQ_QUESTION)
        assert found is not None and found.buttons
        answer, rest = q2_again.text.split("\n\n" + t("back_to_question"), 1)
        assert answer == found.text and "taille 2" in answer
        assert rest.endswith(q2.text.split("\n\n", 1)[1])  # same prompt, fresh buttons
        short = [b.label for b in found.buttons]  # two per row above the question
        details = [short[i : i + 2] for i in range(0, len(short), 2)]
        # a free-text question accepts anything: one press stores the text after all
        assert labels(q2_again) == details + [[t("btn_was_answer")]] + INTERVIEW_BUTTONS_TAIL
        store = conversation.svc.store
        [team_row] = await store.teams_of(julie.id)
        assert "structure.association_name" not in await store.dossier(team_row.id, julie.id)

        fake.send_text(julie, TEAM)
        [q3] = await replies(fake, app, julie.id)
        assert q3.text.startswith(t("saved", label="Nom de l'association", value=TEAM, notes=[]))
        assert prompt("structure.siret") in q3.text

        # --- Julie presses « Non » on the first question's (now stale) keyboard
        answers_before = len(fake.callback_answers)
        fake.press_data(julie, q1, old_no)
        assert await replies(fake, app, julie.id) == []  # a pop-up and nothing else
        assert fake.callback_answers[answers_before]["text"] == t("stale_toast")

        # --- Marc joins the interview where the team is, sends a sticker, answers
        fake.press(marc, marc_interviews, data="i:preprojet")
        [m_q3] = await replies(fake, app, marc.id)
        assert prompt("structure.siret") in m_q3.text  # shared dossier: 1 and 2 are done
        fake.send_sticker(marc)
        [m_q3_again] = await replies(fake, app, marc.id)
        assert m_q3_again.text.startswith(t("non_text", media="sticker"))
        assert m_q3_again.text.endswith(m_q3.text.split("\n\n", 1)[1])  # same prompt again
        fake.press(marc, m_q3_again, label="⏭ Passer")
        [m_q4] = await replies(fake, app, marc.id)
        assert prompt("structure.email") in m_q4.text
        fake.send_text(marc, "contact@example.org")
        [m_q5] = await replies(fake, app, marc.id)
        assert m_q5.text.startswith(
            t("saved", label="Courriel de la structure", value="contact@example.org", notes=[])
        )
        assert prompt("structure.phone") in m_q5.text

        await settle(fake, app)
        _assert_transport_faithful(fake, recorder, {julie.id, marc.id})
        db_path = app.bot_data["settings"].db_path

    # --- the dossier, read back from the SQLite file after the bot stopped
    async with await Store.open(db_path) as store:
        [team] = await store.teams_of(julie.id)
        assert team.name == TEAM
        assert await store.role(team.id, marc.id) == "member"
        dossier = await store.dossier(team.id, marc.id)
        assert {qid: a.value for qid, a in dossier.items()} == {
            "structure.association_status": "yes",
            "structure.association_name": TEAM,
            "structure.email": "contact@example.org",
        }
        history = await store.history(team.id, julie.id)
        authors = {entry.qid: entry.by_name for entry in history}
        assert authors == {
            "structure.association_status": "Julie M.",
            "structure.association_name": "Julie M.",
            "structure.email": "Marc D.",
        }


def _assert_transport_faithful(fake: FakeBotApi, recorder: Recorder, chats: set[int]) -> None:
    """Every message Telegram got is exactly what the conversation returned, in order."""
    for chat_id in chats:
        produced = [
            message
            for incoming, replies in recorder.log
            if incoming.user.id == chat_id
            for message in expected_messages(replies)
        ]
        # a message whose button was pressed (and accepted) lost its keyboard by an edit
        received = [
            (m.text, m.keyboard if "edit_date" not in m.raw else None)
            for m in fake.all_messages(chat_id)
        ]
        assert len(received) == len(produced)
        for got, want in zip(received, produced, strict=True):
            assert got[0] == want[0]
            assert got[1] is None or got[1] == want[1]
    presses = sum(1 for incoming, _ in recorder.log if incoming.kind == "button")
    assert len(fake.callback_answers) == presses
    for call in fake.calls("sendMessage"):
        assert "parse_mode" not in call.params
        for row in (call.params.get("reply_markup") or {}).get("inline_keyboard", []):
            assert all(len(b["callback_data"].encode()) <= 64 for b in row)


async def test_a_shared_commune_name_is_picked_with_a_button_over_telegram(
    tmp_path: Path,
) -> None:
    async with running_bot(tmp_path, real=True) as (fake, app, _conversation):
        paul = fake.new_user("Paul", "Roche")
        fake.send_text(paul, "cpam de clermont")
        [asked] = await replies(fake, app, paul.id)
        assert "plusieurs communes portent ce nom" in asked.text
        assert labels(asked)[0][0] == "Clermont-Ferrand (63)"
        assert all(len(data.encode()) <= 64 for row in asked.keyboard for _, data in row)
        fake.press(paul, asked, label="Clermont-Ferrand (63)")
        [picked] = await replies(fake, app, paul.id)
        assert "CPAM du Puy-de-Dôme" in picked.text
        assert "délégation départementale" not in picked.text  # the CPAM asked, not every kind
