"""``cpts-bot run`` as a real process against the fake Bot API: crash and restart, graceful
stop, webhook mode, and what ends up in the logs.

Delivery guarantee being tested: an answer the bot has confirmed (« ✔️ … ») is in SQLite,
whatever happens to the process afterwards, and every user resumes at their pending question.
"""

from __future__ import annotations

import asyncio
import os
import re
import signal
import socket
import sys
from pathlib import Path

import aiohttp

from bot.conversation.ui import t
from bot.dialogs.loader import default_bundle
from bot.store import Store
from tests.fakebotapi import FakeBotApi, FakeUser, Sent

CPTS_BOT = str(Path(sys.executable).parent / "cpts-bot")
TOKEN = "123456:SECRET-token-AbCdEf"  # must never show up in the logs
TEAM = "CPTS des Trois Vallées"


def prompt(qid: str) -> str:
    return default_bundle().questions[qid].prompt


class BotProcess:
    def __init__(self, fake: FakeBotApi, tmp_path: Path, **env: str) -> None:
        self.fake = fake
        self.db = tmp_path / "data" / "cpts.sqlite3"
        self.log = tmp_path / "bot.log"
        self.env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("CPTS_", "TELEGRAM_"))
        }
        self.env.update(
            TELEGRAM_BOT_TOKEN=TOKEN,
            TELEGRAM_BASE_URL=fake.base_url,
            TELEGRAM_BASE_FILE_URL=fake.base_file_url,
            CPTS_DB=str(self.db),
            CPTS_DOCUMENTS_DIR=str(tmp_path / "documents"),
            NO_PROXY="127.0.0.1,localhost",
            PYTHONUNBUFFERED="1",
            **env,
        )
        self.proc: asyncio.subprocess.Process | None = None

    async def start(self, ready: str = "getUpdates") -> None:
        before = len(self.fake.calls(ready))
        with self.log.open("ab") as log:
            self.proc = await asyncio.create_subprocess_exec(
                CPTS_BOT, "run", env=self.env, stdout=log, stderr=log
            )
        await self.fake.wait_for(lambda: len(self.fake.calls(ready)) > before, timeout=30)

    async def kill(self) -> int:
        assert self.proc is not None
        self.proc.kill()
        return await self.proc.wait()

    async def terminate(self) -> int:
        assert self.proc is not None
        self.proc.send_signal(signal.SIGTERM)
        async with asyncio.timeout(20):
            return await self.proc.wait()

    async def ensure_dead(self) -> None:
        if self.proc is not None and self.proc.returncode is None:
            await self.kill()

    def logs(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


async def exchange(fake: FakeBotApi, user: FakeUser, text: str, count: int) -> list[Sent]:
    fake.send_text(user, text)
    return await fake.next_messages(user.id, count, timeout=20)


async def press(
    fake: FakeBotApi, user: FakeUser, message: Sent, count: int, **kw: str
) -> list[Sent]:
    fake.press(user, message, **kw)
    return await fake.next_messages(user.id, count, timeout=20)


async def test_sigkill_mid_interview_then_restart_loses_no_confirmed_answer(
    tmp_path: Path,
) -> None:
    async with FakeBotApi(token=TOKEN) as fake:
        bot = BotProcess(fake, tmp_path)
        try:
            await bot.start()
            julie = fake.new_user("Julie", "Martin")
            marc = fake.new_user("Marc", "Durand")
            await exchange(fake, julie, "/nouvelle_equipe", 1)
            [interviews] = await exchange(fake, julie, TEAM, 1)
            [invite] = await exchange(fake, julie, "/inviter", 1)
            code = re.search(r"start=([A-Za-z0-9_-]+)", invite.text)
            assert code, invite.text
            [marc_interviews] = await exchange(fake, marc, f"/start {code.group(1)}", 1)
            [q1] = await press(fake, julie, interviews, 1, data="i:preprojet")
            [_q2] = await press(fake, julie, q1, 1, label="Oui")
            [q3] = await exchange(fake, julie, TEAM, 1)
            assert q3.text.startswith("✔️") and prompt("structure.siret") in q3.text
            [m_q3] = await press(fake, marc, marc_interviews, 1, data="i:preprojet")
            [m_q4] = await press(fake, marc, m_q3, 1, label="⏭ Passer")
            [m_q5] = await exchange(fake, marc, "contact@example.org", 1)
            assert m_q5.text.startswith("✔️") and prompt("structure.phone") in m_q5.text

            # Marc's next answer is in flight when the process dies: it may be lost only if
            # it was never confirmed to him.
            in_flight = fake.send_text(marc, "04 78 00 00 00")
            await fake.wait_for(lambda: fake.delivered_up_to >= in_flight)
            assert await bot.kill() == -signal.SIGKILL
            phone_confirmed = any(m.text.startswith("✔️") for m in fake.unread(marc.id))

            await bot.start()
            [j_resume] = await exchange(fake, julie, "/reprendre", 1)
            assert prompt("structure.siret") in j_resume.text
            # whatever was pending for Marc was processed by now or confirmed before the kill
            await asyncio.sleep(0.5)
            fake.take(marc.id)
            [m_resume] = await exchange(fake, marc, "/reprendre", 1)
            await bot.kill()  # graceful stop is covered below; this saves the long-poll wait
        finally:
            await bot.ensure_dead()

    async with await Store.open(bot.db) as store:
        [team] = await store.teams_of(julie.id)
        values = {qid: a.value for qid, a in (await store.dossier(team.id, julie.id)).items()}
    confirmed = {
        "structure.association_status": "yes",
        "structure.association_name": TEAM,
        "structure.email": "contact@example.org",
    }
    assert {qid: values[qid] for qid in confirmed} == confirmed
    if phone_confirmed:
        assert "structure.phone" in values
    # Marc resumes exactly after the last answer the store holds
    expected_next = "structure.fax" if "structure.phone" in values else "structure.phone"
    assert prompt(expected_next) in m_resume.text


async def test_sigterm_stops_gracefully_and_logs_nothing_personal(tmp_path: Path) -> None:
    async with FakeBotApi(token=TOKEN) as fake:
        bot = BotProcess(fake, tmp_path)
        try:
            await bot.start()
            julie = fake.new_user("Julienne", "Confidentielle")
            [welcome] = await exchange(fake, julie, "/start", 1)
            assert welcome.text == t("welcome")
            assert [c["command"] for c in fake.commands][:2] == ["start", "aide"]
            assert await bot.terminate() == 0
        finally:
            await bot.ensure_dead()
    logs = bot.logs()
    assert "polling mode" in logs
    for secret in (TOKEN, "SECRET-token", "Julienne", "Confidentielle", str(julie.id)):
        assert secret not in logs
    assert "Traceback" not in logs
    # post_shutdown closed the store: SQLite removed its write-ahead log on the last close
    wal = bot.db.with_name(bot.db.name + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


async def test_webhook_mode_behind_a_reverse_proxy(tmp_path: Path) -> None:
    port = _free_port()
    async with FakeBotApi(token=TOKEN) as fake:
        fake.webhook_target = f"http://127.0.0.1:{port}/cpts/hook"  # what the proxy forwards to
        bot = BotProcess(
            fake,
            tmp_path,
            CPTS_WEBHOOK_URL="https://bot.example.org/cpts/hook",
            CPTS_WEBHOOK_PORT=str(port),
            CPTS_WEBHOOK_SECRET="s3cret-Header_value",
        )
        try:
            await bot.start(ready="setWebhook")
            [call] = fake.calls("setWebhook")
            assert call.params["url"] == "https://bot.example.org/cpts/hook"
            assert call.params["secret_token"] == "s3cret-Header_value"
            assert fake.calls("getUpdates") == []
            julie = fake.new_user("Julie", "Martin")
            [welcome] = await exchange(fake, julie, "/start", 1)
            assert welcome.text == t("welcome")
            # a request without Telegram's secret header is refused by the bot
            async with (
                aiohttp.ClientSession() as session,
                session.post(fake.webhook_target, json={"update_id": 1}) as response,
            ):
                assert response.status == 403
            assert await bot.terminate() == 0
        finally:
            await bot.ensure_dead()
    assert "webhook mode" in bot.logs()
