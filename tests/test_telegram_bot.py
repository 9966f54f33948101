"""The Telegram adapter over real HTTP against the fake Bot API, with a conversation double.

Each test starts the real ``Application`` (rate limiter, per-user processor, handlers, error
handler) with ``base_url`` pointing to ``tests/fakebotapi.py``.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path

import pytest
from pydantic import SecretStr
from telegram.ext import AIORateLimiter

from bot.telegram.send import MAX_MESSAGE, tg_len
from bot.telegram.ui import ui_text
from tests.fakebot_harness import LONG_PARAGRAPH, ScriptedConversation, running_bot, settle

YES_NO_MARKUP = {
    "inline_keyboard": [
        [{"text": "Oui", "callback_data": "q:yes"}, {"text": "Non", "callback_data": "q:no"}]
    ]
}


async def test_start_command_reaches_conversation_as_text_with_keyboard(tmp_path: Path) -> None:
    async with running_bot(tmp_path) as (fake, app, conv):
        julie = fake.new_user("Julie", "Martin")
        fake.send_text(julie, "/start INV42")
        [message] = await fake.next_messages(julie.id)
        assert message.text == "start:Julie M.:/start INV42"
        [call] = fake.calls("sendMessage")
        assert call.params["chat_id"] == julie.id
        assert call.params["reply_markup"] == YES_NO_MARKUP
        assert "parse_mode" not in call.params  # plain text: user input can't break markup
        assert conv.handled[0].incoming.kind == "text"
        assert conv.handled[0].incoming.user.id == julie.id


async def test_command_menu_published_in_french(tmp_path: Path) -> None:
    async with running_bot(tmp_path) as (fake, _app, _conv):
        assert fake.commands == [
            {"command": "start", "description": "Commencer ou rejoindre une équipe"},
            {"command": "aide", "description": "Ce que je sais faire"},
        ]
        assert len(fake.calls("setMyCommands")) == 1


async def test_button_press_is_answered_and_forwarded(tmp_path: Path) -> None:
    async with running_bot(tmp_path) as (fake, app, conv):
        user = fake.new_user("Paul")
        fake.send_text(user, "/start")
        [question] = await fake.next_messages(user.id)
        query_update = fake.press(user, question, label="Non")
        [answer] = await fake.next_messages(user.id)
        await settle(fake, app)
        assert answer.text == "button:q:no"
        assert [a["callback_query_id"] for a in fake.callback_answers] == [f"{user.id}-1"]
        assert conv.handled[-1].incoming.kind == "button"
        assert conv.handled[-1].incoming.data == "q:no"
        assert query_update > 0


async def test_expired_callback_query_still_processed(tmp_path: Path) -> None:
    """After downtime the query can't be answered any more; the press must still count."""
    async with running_bot(tmp_path) as (fake, app, _conv):
        user = fake.new_user("Paul")
        fake.send_text(user, "/start")
        [question] = await fake.next_messages(user.id)
        fake.press(user, question, label="Oui")
        fake.expire_callback_queries()
        [answer] = await fake.next_messages(user.id)
        await settle(fake, app)
        assert answer.text == "button:q:yes"
        assert fake.callback_answers == []
        assert len(fake.calls("answerCallbackQuery")) == 1


@pytest.mark.parametrize(
    ("content", "media"),
    [
        ({"voice": {"file_id": "v", "file_unique_id": "v1", "duration": 3}}, "voice"),
        ({"location": {"latitude": 45.76, "longitude": 4.83}}, "location"),
        (
            {
                "venue": {
                    "location": {"latitude": 45.76, "longitude": 4.83},
                    "title": "Maison de santé",
                    "address": "1 rue X",
                },
                "location": {"latitude": 45.76, "longitude": 4.83},
            },
            "location",
        ),
        ({"contact": {"phone_number": "+33600000000", "first_name": "Léa"}}, "contact"),
        (
            {"document": {"file_id": "d", "file_unique_id": "d1", "file_name": "statuts.pdf"}},
            "document",
        ),
        (
            {
                "animation": {
                    "file_id": "g",
                    "file_unique_id": "g1",
                    "width": 1,
                    "height": 1,
                    "duration": 1,
                },
                "document": {"file_id": "g", "file_unique_id": "g1"},
            },
            "animation",
        ),
        (
            {"audio": {"file_id": "a", "file_unique_id": "a1", "duration": 30}},
            "audio",
        ),
        (
            {
                "video": {
                    "file_id": "m",
                    "file_unique_id": "m1",
                    "width": 1,
                    "height": 1,
                    "duration": 1,
                }
            },
            "video",
        ),
    ],
)
async def test_non_text_messages_are_named(tmp_path: Path, content: dict, media: str) -> None:
    async with running_bot(tmp_path) as (fake, _app, conv):
        user = fake.new_user("Léa", "Bernard")
        fake.send_raw_message(user, content)
        [reply] = await fake.next_messages(user.id)
        assert reply.text == f"media:{media}:"
        assert conv.handled[0].incoming.kind == "non_text"


async def test_sticker_and_photo_get_an_explanation(tmp_path: Path) -> None:
    async with running_bot(tmp_path) as (fake, _app, conv):
        user = fake.new_user("Léa")
        fake.send_sticker(user)
        fake.send_photo(user, caption="notre local")
        replies = await fake.next_messages(user.id, 2)
        assert [r.text for r in replies] == ["media:sticker:", "media:photo:notre local"]
        assert [h.incoming.media for h in conv.handled] == ["sticker", "photo"]


async def test_group_chat_gets_one_explanation_and_no_conversation(tmp_path: Path) -> None:
    async with running_bot(tmp_path) as (fake, app, conv):
        julie, paul = fake.new_user("Julie"), fake.new_user("Paul")
        group = -1001234
        fake.send_group_text(julie, group, "/start")
        [explanation] = await fake.next_messages(group)
        assert explanation.text == ui_text("group_chat", bot_link="https://t.me/CptsTestBot")
        assert "https://t.me/CptsTestBot" in explanation.text
        fake.send_group_text(paul, group, "/start@CptsTestBot")
        fake.send_group_text(julie, group, "bonjour")
        await settle(fake, app)
        assert fake.unread(group) == []
        assert conv.handled == []


async def test_bot_added_to_group_explains_once(tmp_path: Path) -> None:
    async with running_bot(tmp_path) as (fake, app, conv):
        julie = fake.new_user("Julie")
        fake.add_bot_to_group(julie, -555, kind="group")
        [explanation] = await fake.next_messages(-555)
        assert "conversation privée" in explanation.text
        fake.send_group_text(julie, -555, "/start", kind="group")
        fake.send_channel_post(-100777, "annonce")
        [channel_note] = await fake.next_messages(-100777)
        assert channel_note.text == explanation.text
        await settle(fake, app)
        assert fake.unread(-555) == []
        assert conv.handled == []


async def test_long_reply_split_with_keyboard_on_last_chunk(tmp_path: Path) -> None:
    async with running_bot(tmp_path) as (fake, app, _conv):
        user = fake.new_user("Julie")
        fake.send_text(user, "long")
        await settle(fake, app)
        chunks = fake.unread(user.id)
        expected = "\n\n".join(f"§{i} {LONG_PARAGRAPH}" for i in range(12))
        assert len(chunks) > 1
        assert all(tg_len(c.text) <= MAX_MESSAGE for c in chunks)
        assert "\n\n".join(c.text for c in chunks) == expected  # cut at paragraph boundaries
        assert [c.keyboard != [] for c in chunks] == [False] * (len(chunks) - 1) + [True]


async def test_document_sent_with_upload_action_and_name(tmp_path: Path) -> None:
    async with running_bot(tmp_path) as (fake, app, _conv):
        user = fake.new_user("Julie")
        fake.send_text(user, "doc")
        await settle(fake, app)
        text, document = fake.unread(user.id)
        assert text.text == "Voici le brouillon."
        assert document.document is not None
        assert document.document["file_name"] == "Pré-projet CPTS.docx"
        assert document.file_bytes == b"PK\x03\x04 fake docx"
        assert document.raw["reply_markup"] == YES_NO_MARKUP
        methods = [r.method for r in fake.requests if r.method != "getUpdates"]
        assert methods[-3:] == ["sendMessage", "sendChatAction", "sendDocument"]
        assert fake.chat_actions == [(user.id, "upload_document")]


async def test_generated_file_is_deleted_once_sent(tmp_path: Path) -> None:
    async with running_bot(tmp_path) as (fake, app, conv):
        user = fake.new_user("Julie")
        fake.send_text(user, "doc-discard")
        await settle(fake, app)
        [document] = fake.unread(user.id)
        assert document.file_bytes == b"PK\x03\x04 generated"
        assert not (conv.tmp_dir / "generation-1").exists()  # file and its folder
        fake.send_text(user, "doc")  # a file not marked for discarding stays
        await settle(fake, app)
        assert (conv.tmp_dir / "draft.bin").exists()


async def test_several_replies_in_order_with_typing_action(tmp_path: Path) -> None:
    async with running_bot(tmp_path) as (fake, _app, _conv):
        user = fake.new_user("Julie")
        fake.send_text(user, "two")
        first, second = await fake.next_messages(user.id, 2)
        assert (first.text, second.text) == ("premier", "second")
        assert fake.chat_actions == [(user.id, "typing")]


async def test_same_user_in_order_other_users_concurrently(tmp_path: Path) -> None:
    async with running_bot(tmp_path) as (fake, app, conv):
        alice, bob = fake.new_user("Alice"), fake.new_user("Bob")
        fake.send_text(alice, "slow 1")  # the three updates arrive in the same getUpdates batch
        fake.send_text(alice, "fast 2")
        fake.send_text(bob, "slow b")
        await settle(fake, app)
        by_text = {h.incoming.text: h for h in conv.handled}
        a1, a2, b = by_text["slow 1"], by_text["fast 2"], by_text["slow b"]
        assert a1.finished <= a2.started  # Alice's second message waited for her first
        assert b.started < a1.finished  # Bob was not kept waiting behind Alice
        assert [m.text for m in fake.all_messages(alice.id)] == ["echo:slow 1", "echo:fast 2"]
        assert [m.text for m in fake.all_messages(bob.id)] == ["echo:slow b"]
        # two slow (0.4 s) handlers ran side by side
        assert max(a2.finished, b.finished) - min(a1.started, b.started) < 0.75


async def test_many_messages_from_one_user_keep_their_order(tmp_path: Path) -> None:
    async with running_bot(tmp_path) as (fake, app, _conv):
        user, other = fake.new_user("Alice"), fake.new_user("Bob")
        for i in range(30):
            fake.send_text(user, f"m{i}")
            fake.send_text(other, f"o{i}")
        await settle(fake, app)
        assert [m.text for m in fake.all_messages(user.id)] == [f"echo:m{i}" for i in range(30)]
        assert [m.text for m in fake.all_messages(other.id)] == [f"echo:o{i}" for i in range(30)]
        assert app.update_processor.pending_users == 0  # locks released


async def test_retry_after_is_waited_out_then_delivered(tmp_path: Path) -> None:
    async with running_bot(tmp_path) as (fake, _app, _conv):
        user = fake.new_user("Julie")
        fake.fail_next_send_message(2, retry_after=1)
        started = time.monotonic()
        fake.send_text(user, "bonjour")
        [message] = await fake.next_messages(user.id, timeout=15)
        assert message.text == "echo:bonjour"
        assert time.monotonic() - started >= 2.0  # two 429s, each « retry after 1 »
        assert len(fake.calls("sendMessage")) == 3


async def test_retry_after_beyond_retries_goes_to_error_handler(tmp_path: Path) -> None:
    limiter = AIORateLimiter(max_retries=1)
    async with running_bot(tmp_path, rate_limiter=limiter) as (fake, _app, _conv):
        user = fake.new_user("Julie")
        fake.fail_next_send_message(2, retry_after=1)
        fake.send_text(user, "bonjour")
        [message] = await fake.next_messages(user.id, timeout=15)
        assert message.text == ui_text("error")


async def test_error_handler_logs_no_personal_data_and_reassures(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="bot")
    async with running_bot(tmp_path) as (fake, app, _conv):
        user = fake.new_user("Julienne", "Secretname")
        update_id = fake.send_text(user, "boom confidential-answer")
        [message] = await fake.next_messages(user.id)
        assert message.text == ui_text("error")
        await settle(fake, app)
        logged = "\n".join(
            r.getMessage() + (str(r.exc_info) if r.exc_info else "") for r in caplog.records
        )
        assert f"update {update_id} failed: RuntimeError" in logged
        for secret in ("confidential", "Julienne", "Secretname", str(user.id)):
            assert secret not in logged
        assert not any(r.exc_info for r in caplog.records)
        # the bot keeps working afterwards
        fake.send_text(user, "encore")
        [after] = await fake.next_messages(user.id)
        assert after.text == "echo:encore"


async def test_oversized_callback_data_never_reaches_telegram(tmp_path: Path) -> None:
    async with running_bot(tmp_path) as (fake, _app, _conv):
        user = fake.new_user("Julie")
        fake.send_text(user, "badbutton")
        [message] = await fake.next_messages(user.id)
        assert message.text == ui_text("error")
        assert all("reply_markup" not in call.params for call in fake.calls("sendMessage"))


async def test_unknown_token_is_refused(tmp_path: Path) -> None:
    from telegram.error import InvalidToken

    from bot.telegram.app import build_application
    from tests.fakebot_harness import settings_for
    from tests.fakebotapi import FakeBotApi

    async with FakeBotApi(token="right") as fake:
        settings = settings_for(fake, tmp_path).model_copy(
            update={"telegram_bot_token": SecretStr("wrong")}
        )
        conv = ScriptedConversation(tmp_path)
        app = build_application(settings, conversation=conv)
        with pytest.raises(InvalidToken):
            await app.initialize()
        await app.bot.request.shutdown()  # initialize() failed, so shutdown() would skip it
        assert [r.method for r in fake.requests] == ["getMe"]
