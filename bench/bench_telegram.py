"""Telegram transport speed: the real bot vs a bare PTB echo bot, same fake Bot API, same run.

Run: .venv/bin/python bench/bench_telegram.py [--users 200]

1. Over HTTP on loopback: the fake Bot API (tests/fakebotapi.py) runs here; each bot runs in
   its own process (``--serve real|echo``), polling it. ``--users`` simulated users each wait
   for the bot's answer before their next step (closed loop, no think time). Latency = update
   injected → answer complete (for the real bot: the message carrying the next question's
   keyboard; for the echo bot: the echo).
2. One aiosqlite upsert + commit (WAL, synchronous=NORMAL like the store), same run.
3. In-process, no HTTP: ``Application.process_update`` with an offline request object.

Both bots run without flood limits (AIORateLimiter with rates 0, retries kept): Telegram's
own ~30 messages/s cap would otherwise be what is measured.

Targets: FAQ p50 ≤ 3× echo p50; interview step p50 ≤ 3× echo p50 + one upsert p50;
≥ 200 updates/s for the real bot.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Awaitable, Callable
from functools import partial
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TOKEN = "4242:bench"
FAQ_QUESTIONS = [
    "combien de financement pour 60 000 habitants ?",
    "quelles sont les missions socles ?",
    "qui contacter à l'ARS dans le Rhône ?",
]
# The measured part of each user's session, after creating a team and opening the
# pre-project interview: (kind, action, button label or text).
STEPS = [
    ("interview", "press", "Oui"),  # association created?
    ("interview", "text", "Association {uid}"),  # its name
    ("faq", "text", FAQ_QUESTIONS[0]),  # asked at the SIRET question
    ("skip", "press", "⏭ Passer"),  # SIRET skipped
    ("interview", "text", "contact@example.org"),
    ("faq", "text", FAQ_QUESTIONS[1]),
    ("interview", "text", "04 78 00 00 00"),
    ("faq", "text", FAQ_QUESTIONS[2]),
]


# ----------------------------------------------------------------------------- bot processes


def _no_limits() -> Any:
    from telegram.ext import AIORateLimiter

    return AIORateLimiter(overall_max_rate=0, group_max_rate=0, max_retries=5)


def serve(kind: str, base_url: str, db: str) -> None:
    """Child process: run one bot until SIGTERM."""
    from bot.telegram.app import ALLOWED_UPDATES

    app = _real_app(base_url, Path(db)) if kind == "real" else _echo_app(base_url)
    app.run_polling(allowed_updates=ALLOWED_UPDATES)


def _settings(base_url: str, db: Path) -> Any:
    from bot.config import Settings

    return Settings(
        telegram_bot_token=TOKEN,
        telegram_base_url=base_url,
        db_path=db,
        documents_dir=db.parent / "documents",
    )


def _real_app(base_url: str, db: Path, request: Any = None) -> Any:
    from bot.telegram.app import build_application

    return build_application(_settings(base_url, db), rate_limiter=_no_limits(), request=request)


def _echo_app(base_url: str, request: Any = None) -> Any:
    """The textbook echo bot, with the same update concurrency as ours."""
    from telegram.ext import Application, MessageHandler, filters

    async def echo(update: Any, context: Any) -> None:
        await update.effective_message.reply_text(update.effective_message.text)

    builder = Application.builder().token(TOKEN).base_url(base_url).concurrent_updates(256)
    if request is not None:
        builder = builder.request(request)
    app = builder.build()
    app.add_handler(MessageHandler(filters.TEXT, echo))
    return app


# ----------------------------------------------------------------------------- HTTP driver


class Waiters:
    """Per-chat futures resolved by the fake server's listener (no global wake-ups)."""

    def __init__(self) -> None:
        self._waiting: dict[int, tuple[asyncio.Future[Any], Callable[[Any], bool]]] = {}

    def on_sent(self, sent: Any) -> None:
        entry = self._waiting.get(sent.chat_id)
        if entry and not entry[0].done() and entry[1](sent):
            entry[0].set_result((time.perf_counter(), sent))

    async def until(self, chat_id: int, predicate: Callable[[Any], bool]) -> tuple[float, Any]:
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self._waiting[chat_id] = (future, predicate)
        try:
            return await asyncio.wait_for(future, 60)
        finally:
            del self._waiting[chat_id]


def _has_keyboard(sent: Any) -> bool:
    return bool(sent.keyboard)


def _is_prompt(sent: Any) -> bool:
    """The interview's prompt: a keyboard with more than the FAQ's detail buttons (« f: »),
    which arrive first, on the FAQ answer's own message."""
    return any(not data.startswith("f:") for row in sent.keyboard for _, data in row)


class Driver:
    def __init__(self, fake: Any, think: float = 0.0) -> None:
        self.fake = fake
        self.waiters = Waiters()
        fake.listener = self.waiters.on_sent
        self.latencies: dict[str, list[float]] = defaultdict(list)
        self.think = think  # mean pause before a measured step (s); 0 = closed loop, no pause
        self.random = random.Random(2026)

    async def step(
        self,
        user: Any,
        action: Callable[[], Any],
        done: Callable[[Any], bool],
        kind: str | None,
    ) -> Any:
        if kind and self.think:
            await asyncio.sleep(self.random.expovariate(1 / self.think))
        wait = asyncio.ensure_future(self.waiters.until(user.id, done))
        await asyncio.sleep(0)  # the waiter is registered before the update exists
        started = time.perf_counter()
        action()
        finished, sent = await wait
        if kind:
            self.latencies[kind].append(finished - started)
        return sent


SHIM = False  # --sniffio-shim: bot processes behave as if sniffio were installed


async def _with_bot(kind: str, fake: Any, db: Path, body: Callable[[], Awaitable[float]]) -> float:
    env = {**os.environ, "NO_PROXY": "127.0.0.1,localhost", "PYTHONWARNINGS": "ignore"}
    before = len(fake.calls("getUpdates"))
    shim = ["--sniffio-shim"] if SHIM else []
    proc = await asyncio.create_subprocess_exec(
        sys.executable, __file__, "--serve", kind, "--base-url", fake.base_url, "--db", str(db),
        *shim, env=env,
    )  # fmt: skip
    try:
        await fake.wait_for(lambda: len(fake.calls("getUpdates")) > before, timeout=60)
        return await body()
    finally:
        proc.terminate()
        await proc.wait()


async def http_real(
    users: int, db: Path, think: float = 0.0
) -> tuple[dict[str, list[float]], float, int]:
    from tests.fakebotapi import FakeBotApi

    async with FakeBotApi(token=TOKEN) as fake:
        driver = Driver(fake, think)
        people = [fake.new_user(f"U{i}", "Bench") for i in range(users)]

        async def setup(user: Any) -> Any:
            await driver.step(user, lambda: fake.send_text(user, "/nouvelle_equipe"), bool, None)
            menu = await driver.step(
                user, lambda: fake.send_text(user, f"CPTS {user.id}"), _has_keyboard, None
            )
            return await driver.step(
                user, lambda: fake.press(user, menu, data="i:preprojet"), _has_keyboard, None
            )

        async def measured(user: Any, question: Any) -> None:
            for kind, action, arg in STEPS:
                if action == "press":
                    act = partial(fake.press, user, question, label=arg)
                else:
                    act = partial(fake.send_text, user, arg.format(uid=user.id))
                question = await driver.step(user, act, _is_prompt, kind)

        async def body() -> float:
            first_questions = await asyncio.gather(*(setup(u) for u in people))
            started = time.perf_counter()
            await asyncio.gather(
                *(measured(u, q) for u, q in zip(people, first_questions, strict=True))
            )
            return time.perf_counter() - started

        wall = await _with_bot("real", fake, db, body)
        errors = sum(1 for m in _all_sent(fake, people) if "problème technique" in m.text)
        return driver.latencies, wall, errors


async def http_echo(
    users: int, rounds: int, think: float = 0.0
) -> tuple[dict[str, list[float]], float]:
    from tests.fakebotapi import FakeBotApi

    async with FakeBotApi(token=TOKEN) as fake:
        driver = Driver(fake, think)
        people = [fake.new_user(f"E{i}", "Bench") for i in range(users)]

        async def measured(user: Any) -> None:
            for i in range(rounds):
                await driver.step(user, lambda i=i: fake.send_text(user, f"echo {i}"), bool, "echo")

        async def body() -> float:
            started = time.perf_counter()
            await asyncio.gather(*(measured(u) for u in people))
            return time.perf_counter() - started

        with tempfile.TemporaryDirectory() as tmp:
            wall = await _with_bot("echo", fake, Path(tmp) / "unused.sqlite3", body)
        return driver.latencies, wall


def _all_sent(fake: Any, people: list[Any]) -> list[Any]:
    return [m for u in people for m in fake.all_messages(u.id)]


# ----------------------------------------------------------------------------- SQLite


async def upsert_times(db: Path, rounds: int = 400) -> list[float]:
    import aiosqlite

    async with aiosqlite.connect(str(db), isolation_level=None) as conn:
        await conn.execute("PRAGMA journal_mode = WAL")
        await conn.execute("PRAGMA synchronous = NORMAL")
        await conn.execute(
            "CREATE TABLE IF NOT EXISTS a"
            " (team INTEGER, qid TEXT, value TEXT, PRIMARY KEY (team, qid))"
        )
        times = []
        for i in range(rounds):
            started = time.perf_counter()
            await conn.execute("BEGIN IMMEDIATE")
            await conn.execute(
                "INSERT INTO a VALUES (?, ?, ?)"
                " ON CONFLICT (team, qid) DO UPDATE SET value = excluded.value",
                (i % 50, f"q{i % 7}", f"v{i}"),
            )
            await conn.execute("COMMIT")
            times.append(time.perf_counter() - started)
        return times


# ----------------------------------------------------------------------------- in-process


async def offline(users: int, db: Path) -> dict[str, list[float]]:
    """``Application.process_update`` only: adapter + conversation + store, no network."""
    from telegram import Update

    from tests.fakebot_offline import OfflineRequest

    latencies: dict[str, list[float]] = defaultdict(list)
    ids = iter(range(1, 10**9))

    def message(uid: int, text: str) -> dict[str, Any]:
        user = {"id": uid, "is_bot": False, "first_name": "U", "last_name": "Bench"}
        return {
            "update_id": next(ids),
            "message": {
                "message_id": next(ids),
                "from": user,
                "chat": {"id": uid, "type": "private", "first_name": "U"},
                "date": int(time.time()),
                "text": text,
            },
        }

    def press(uid: int, data: str) -> dict[str, Any]:
        user = {"id": uid, "is_bot": False, "first_name": "U", "last_name": "Bench"}
        chat = {"id": uid, "type": "private", "first_name": "U"}
        return {
            "update_id": next(ids),
            "callback_query": {
                "id": str(next(ids)),
                "from": user,
                "chat_instance": "ci",
                "data": data,
                "message": {"message_id": 1, "chat": chat, "date": int(time.time()), "text": "q"},
            },
        }

    async def run(app: Any, request: Any, raw: dict[str, Any], kind: str | None) -> None:
        update = Update.de_json(raw, app.bot)
        started = time.perf_counter()
        await app.process_update(update)
        if kind:
            latencies[kind].append(time.perf_counter() - started)

    def last_keyboard(request: Any) -> dict[str, str]:
        for method, params in reversed(request.calls):
            markup = params.get("reply_markup")
            if method == "sendMessage" and markup:
                return {
                    b["text"]: b["callback_data"] for row in markup["inline_keyboard"] for b in row
                }
        raise AssertionError("no keyboard sent")

    request = OfflineRequest()
    app = _real_app("http://offline/bot", db, request=request)
    await app.initialize()
    await app.post_init(app)
    try:
        for n in range(users):
            uid = 10_000 + n
            await run(app, request, message(uid, "/nouvelle_equipe"), None)
            await run(app, request, message(uid, f"CPTS {uid}"), None)
            await run(app, request, press(uid, "i:preprojet"), None)
            for kind, action, arg in STEPS:
                if action == "press":
                    raw = press(uid, last_keyboard(request)[arg])
                else:
                    raw = message(uid, arg.format(uid=uid))
                await run(app, request, raw, kind)
    finally:
        await app.shutdown()
        await app.post_shutdown(app)
    errors = sum(
        1 for m, p in request.calls if m == "sendMessage" and "problème" in str(p.get("text"))
    )
    if errors:
        print(f"!! {errors} error messages in the offline run")

    echo_request = OfflineRequest()
    echo = _echo_app("http://offline/bot", request=echo_request)
    await echo.initialize()
    try:
        for n in range(users * len(STEPS)):
            await run(echo, echo_request, message(20_000 + n % users, f"echo {n}"), "echo")
    finally:
        await echo.shutdown()
    return latencies


# ----------------------------------------------------------------------------- report


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def ms(value: float) -> str:
    return f"{value * 1000:7.2f} ms"


def line(name: str, values: list[float]) -> str:
    return (
        f"  {name:<10} n={len(values):5d}  p50 {ms(pct(values, 0.5))}  p99 {ms(pct(values, 0.99))}"
    )


async def main_async(users: int, rate: float) -> int:
    think = users / rate  # mean pause per user so that ``rate`` updates/s are offered
    with tempfile.TemporaryDirectory() as tmp:
        tmp_dir = Path(tmp)
        upserts = await upsert_times(tmp_dir / "upsert.sqlite3")
        cap_real, cap_real_wall, cap_errors = await http_real(users, tmp_dir / "cap.sqlite3")
        cap_echo, cap_echo_wall = await http_echo(users, rounds=len(STEPS))
        real, _wall, errors = await http_real(users, tmp_dir / "load.sqlite3", think)
        echo, _echo_wall = await http_echo(users, rounds=len(STEPS), think=think)
        off = await offline(users, tmp_dir / "offline.sqlite3")

    shim = " (bots as if sniffio were installed)" if SHIM else ""
    print(f"Telegram transport bench: {users} users, loopback HTTP, fake Bot API{shim}")
    cap_n = sum(len(v) for v in cap_real.values())
    echo_n = len(cap_echo["echo"])
    rate_real, rate_echo = cap_n / cap_real_wall, echo_n / cap_echo_wall
    print("\n1. Capacity: closed loop, every user sends its next update as soon as answered")
    print(f"  real bot  {cap_n} updates in {cap_real_wall:5.2f} s = {rate_real:4.0f} updates/s")
    for kind in ("interview", "skip", "faq"):
        print(line(kind, cap_real[kind]))
    print(f"  echo bot  {echo_n} updates in {cap_echo_wall:5.2f} s = {rate_echo:4.0f} updates/s")
    print(line("echo", cap_echo["echo"]))
    print(f"\n2. Latency at {rate:.0f} updates/s offered (random pauses, mean {think:.1f} s/user)")
    for kind in ("interview", "skip", "faq"):
        print(line(kind, real[kind]))
    print(line("echo", echo["echo"]))
    print("\n3. SQLite: one aiosqlite upsert + commit (WAL, synchronous=NORMAL)")
    print(line("upsert", upserts))
    print("\n4. In-process: Application.process_update, offline request object (no HTTP)")
    for kind in ("interview", "skip", "faq", "echo"):
        print(line(kind, off[kind]))
    if cap_errors or errors:
        print(f"\n!! error replies: {cap_errors} (capacity), {errors} (latency)")

    upsert50 = pct(upserts, 0.5)
    print("\nTargets")
    for label, (r, e) in {
        "at offered load": (real, echo),
        "at capacity": (cap_real, cap_echo),
    }.items():
        echo50 = pct(e["echo"], 0.5)
        faq_ratio = pct(r["faq"], 0.5) / echo50
        interview50 = pct(r["interview"], 0.5)
        budget = 3 * echo50 + upsert50
        print(f"  {label}:")
        print(
            f"    FAQ p50 / echo p50                  {faq_ratio:5.2f}  ≤ 3  {_ok(faq_ratio <= 3)}"
        )
        print(
            f"    interview p50 / (3×echo + upsert)   {interview50 / budget:5.2f}  ≤ 1  "
            f"{_ok(interview50 <= budget)}   (interview / echo = {interview50 / echo50:.2f})"
        )
    print(f"  throughput: real bot {rate_real:.0f} updates/s  ≥ 200  {_ok(rate_real >= 200)}")
    print(f"  (echo bot {rate_echo:.0f} updates/s: real / echo = {rate_real / rate_echo:.2f})")
    off_echo = pct(off["echo"], 0.5)
    print(
        f"  in-process p50: FAQ / echo = {pct(off['faq'], 0.5) / off_echo:.1f}, "
        f"interview / echo = {pct(off['interview'], 0.5) / off_echo:.1f} "
        f"(echo = {ms(off_echo).strip()}: PTB dispatch only)"
    )
    return 0


def _ok(flag: bool) -> str:
    return "OK" if flag else "MISSED"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--rate", type=float, default=50.0, help="offered updates/s for part 2")
    parser.add_argument(
        "--sniffio-shim",
        action="store_true",
        help="bots behave as if sniffio were installed (httpcore imports it on every request)",
    )
    parser.add_argument("--serve", choices=["real", "echo"], help=argparse.SUPPRESS)
    parser.add_argument("--base-url", help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    args = parser.parse_args()
    global SHIM
    SHIM = args.sniffio_shim
    if args.serve:
        if SHIM:
            _install_sniffio_shim()
        serve(args.serve, args.base_url, args.db)
        return 0
    return asyncio.run(main_async(args.users, args.rate))


def _install_sniffio_shim() -> None:
    """httpcore 1.0.9 runs ``import sniffio`` on every lock/event setup; when sniffio is not
    installed (anyio ≥ 4.11 no longer pulls it in) each failed import rescans sys.path
    (encode/httpcore#1103). This stands in for the real package to measure the difference."""
    import types

    module = types.ModuleType("sniffio")
    module.current_async_library = lambda: "asyncio"  # type: ignore[attr-defined]
    sys.modules.setdefault("sniffio", module)


if __name__ == "__main__":
    sys.exit(main())
