"""Time per conversation step (parse + store + next prompt) on a real SQLite file.

A step is one user message answering the pending question: the conversation parses it,
writes the answer (one transaction), computes the next question and renders its prompt.
Each simulated user answers a long-text question, then presses « Retour » to get it back,
so the loop never runs out of questions. Run: .venv/bin/python bench/bench_conversation.py
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.conversation.core import Conversation  # noqa: E402
from bot.conversation.messages import Incoming, UserRef  # noqa: E402
from bot.store import Store  # noqa: E402

TARGET_QID = "history.core_team"


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


async def setup_user(conv: Conversation, uid: int) -> UserRef:
    user = UserRef(id=uid, display_name=f"User {uid}")
    await conv.handle(Incoming(user=user, kind="text", text=f"/nouvelle_equipe Equipe {uid}"))
    await conv.handle(Incoming(user=user, kind="button", data="i:preprojet"))
    for _ in range(100):  # « Passer » up to the target question, as a user would
        session = await conv.svc.store.get_session(uid)
        if session.state["qid"] == TARGET_QID:
            break
        tok = session.state["tok"]
        await conv.handle(Incoming(user=user, kind="button", data=f"s:{tok}"))
    assert session.state["qid"] == TARGET_QID, session.state["qid"]
    return user


async def step_pair(conv: Conversation, user: UserRef, i: int, out: list[float]) -> None:
    t0 = time.perf_counter()
    replies = await conv.handle(
        Incoming(user=user, kind="text", text=f"Noyau de {i} professionnels de santé.")
    )
    out.append((time.perf_counter() - t0) * 1000)
    # really an answer step: saved (✔️) or changed, « ancien → nouveau » (✏️)
    assert replies[0].text.startswith(("✔️", "✏️")), replies[0].text[:80]
    back = next(b for r in replies for row in r.buttons for b in row if b.data.startswith("b:"))
    await conv.handle(Incoming(user=user, kind="button", data=back.data))


async def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        store = await Store.open(Path(tmp) / "bench.sqlite3")
        conv = Conversation(store, files_dir=Path(tmp) / "files")

        user = await setup_user(conv, 1)
        for i in range(50):  # warm-up
            await step_pair(conv, user, i, [])
        single: list[float] = []
        for i in range(1000):
            await step_pair(conv, user, i, single)
        print(
            f"one user, 1000 answer steps: p50 {statistics.median(single):.2f} ms, "
            f"p99 {pct(single, 99):.2f} ms, max {max(single):.2f} ms"
        )

        users = [await setup_user(conv, 1000 + n) for n in range(100)]
        per_user = 20
        latencies: list[float] = []
        t0 = time.perf_counter()
        await asyncio.gather(*(_run_user(conv, u, per_user, latencies) for u in users))
        wall = time.perf_counter() - t0
        handles = len(users) * per_user * 2  # answer + « Retour »
        print(
            f"100 concurrent users x {per_user} (answer + Retour): {handles} steps in "
            f"{wall:.2f} s = {handles / wall:.0f} steps/s; answer latency under load "
            f"p50 {statistics.median(latencies):.1f} ms, p99 {pct(latencies, 99):.1f} ms"
        )
        await store.close()


async def _run_user(conv: Conversation, user: UserRef, n: int, out: list[float]) -> None:
    for i in range(n):
        await step_pair(conv, user, i, out)


if __name__ == "__main__":
    asyncio.run(main())
