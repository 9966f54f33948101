"""Store latency and throughput on a real SQLite file (WAL, synchronous=NORMAL).

    .venv/bin/python bench/bench_store.py [--dir DIR] [--n 2000] [--users 100]

Prints p50/p99 of set_answer and add_row (one writer, sequential), then writes/s and
latency with ``--users`` concurrent users, each in a team of 10, all writing at once.
"""

from __future__ import annotations

import argparse
import asyncio
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

import aiosqlite

from bot.store import Store

TEAM_SIZE = 10
ROWS_PER_GROUP = 50  # a realistic group (people, structures); max_rows is 200


def percentiles(samples: list[float]) -> str:
    ms = sorted(s * 1000 for s in samples)
    p99 = ms[min(len(ms) - 1, round(0.99 * len(ms)))]
    return f"p50 {statistics.median(ms):6.3f} ms   p99 {p99:6.3f} ms   (n={len(ms)})"


async def timed(n: int, op: Callable[[int], Awaitable[object]]) -> list[float]:
    samples = []
    for i in range(n):
        start = time.perf_counter()
        await op(i)
        samples.append(time.perf_counter() - start)
    return samples


async def sequential(store: Store, n: int) -> None:
    await store.upsert_user(1, "Bench")
    team = await store.create_team(1, "Bench")
    samples = await timed(
        n, lambda i: store.set_answer(team.id, 1, f"bench.q{i % 50}", {"text": "x" * 40, "i": i})
    )
    print(f"set_answer         {percentiles(samples)}")
    samples = await timed(
        n,
        lambda i: store.add_row(
            team.id, 1, f"bench.group{i // ROWS_PER_GROUP}", {"name": "Dr X", "role": "MG"}
        ),
    )
    print(f"add_row (≤{ROWS_PER_GROUP} rows) {percentiles(samples)}")
    samples = await timed(
        200, lambda i: store.add_row(team.id, 1, "bench.big", {"name": "Dr X", "role": "MG"})
    )
    print(f"add_row (1→200 rows) {percentiles(samples)}")
    samples = await timed(n // 4, lambda i: store.dossier(team.id, 1))
    print(f"dossier (~{50 + n // ROWS_PER_GROUP + 1} answers) {percentiles(samples)}")


async def concurrent(store: Store, users: int, per_user: int) -> None:
    base = 1000
    teams = []
    for u in range(users):
        await store.upsert_user(base + u, f"User {u}")
        if u % TEAM_SIZE == 0:
            owner = base + u
            team = await store.create_team(owner, f"Team {u // TEAM_SIZE}")
            code = await store.create_invite(team.id, owner)
            teams.append(team.id)
        else:
            await store.redeem_invite(code, base + u)
    latencies: list[float] = []

    async def user(u: int) -> None:
        team_id = teams[u // TEAM_SIZE]
        for i in range(per_user):
            start = time.perf_counter()
            if i % 4 == 3:
                await store.add_row(team_id, base + u, "bench.people", {"name": f"P{i}"})
            else:
                await store.set_answer(team_id, base + u, f"bench.q{i % 20}", i)
            latencies.append(time.perf_counter() - start)

    start = time.perf_counter()
    await asyncio.gather(*(user(u) for u in range(users)))
    elapsed = time.perf_counter() - start
    total = users * per_user
    print(
        f"{users} concurrent users × {per_user} writes (¼ add_row): {total} writes in "
        f"{elapsed:.2f} s = {total / elapsed:,.0f} writes/s"
    )
    print(f"  latency under load {percentiles(latencies)}")


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", type=Path, default=None, help="where to create the file")
    parser.add_argument("--n", type=int, default=2000, help="sequential operations")
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--per-user", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        path = Path(tmp) / "bench.sqlite3"
        print(
            f"SQLite {sqlite3.sqlite_version}, aiosqlite {aiosqlite.__version__}, "
            f"file in {tmp} (WAL, synchronous=NORMAL)"
        )
        async with await Store.open(path) as store:
            await sequential(store, args.n)
        async with await Store.open(Path(tmp) / "bench2.sqlite3") as store:
            await concurrent(store, args.users, args.per_user)


if __name__ == "__main__":
    asyncio.run(main())
