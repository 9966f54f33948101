"""Concurrent writers: nothing interleaves inside a transaction, nothing is lost."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.store import Store
from tests.test_store import MEMBER, OWNER, Clock, seed_team


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "concurrency.sqlite3"


@pytest.fixture
async def store(db_path: Path) -> AsyncIterator[Store]:
    async with await Store.open(db_path, now=Clock()) as opened:
        yield opened


@pytest.fixture
async def team_id(store: Store) -> int:
    return await seed_team(store)


async def test_200_concurrent_set_answer_same_and_different_qids(
    store: Store, team_id: int
) -> None:
    calls = []
    for i in range(200):
        user = OWNER if i % 2 else MEMBER
        qid = "structure.shared" if i % 4 < 2 else f"structure.own_{user}"
        calls.append((user, qid, {"i": i, "by": user}))
    results = await asyncio.gather(
        *(store.set_answer(team_id, user, qid, value) for user, qid, value in calls)
    )
    assert [r.value for r in results] == [value for _, _, value in calls]

    history = await store.history(team_id, OWNER)
    assert len(history) == 200
    assert sorted(h.value["i"] for h in history) == list(range(200))
    assert all(h.by_user_id == h.value["by"] for h in history)  # author matches the write
    dossier = await store.dossier(team_id, MEMBER)
    assert set(dossier) == {"structure.shared", f"structure.own_{OWNER}", f"structure.own_{MEMBER}"}
    for qid, answer in dossier.items():
        last = [h for h in history if h.qid == qid][-1]
        assert answer.value == last.value  # final value = last written
        assert answer.at == last.at
        last_sent = [value for _, q, value in calls if q == qid][-1]
        assert answer.value == last_sent  # the lock is FIFO: commits in call order


async def test_100_concurrent_add_row_from_two_members(store: Store, team_id: int) -> None:
    ids = await asyncio.gather(
        *(
            store.add_row(team_id, OWNER if i % 2 else MEMBER, "members.people", {"n": i})
            for i in range(100)
        )
    )
    assert len(set(ids)) == 100
    rows = (await store.dossier(team_id, OWNER))["members.people"].value
    assert sorted(r["n"] for r in rows) == list(range(100))
    assert {r["_id"] for r in rows} == set(ids)
    history = await store.history(team_id, OWNER, "members.people")
    assert [h.op for h in history] == ["add_row"] * 100


async def test_mixed_row_edits_interleaved(store: Store, team_id: int) -> None:
    ids = [await store.add_row(team_id, OWNER, "g.rows", {"n": i}) for i in range(10)]
    await asyncio.gather(
        *(store.update_row(team_id, MEMBER, "g.rows", ids[i], {"n": i * 10}) for i in range(5)),
        *(store.delete_row(team_id, OWNER, "g.rows", ids[i]) for i in range(5, 10)),
        *(store.add_row(team_id, MEMBER, "g.rows", {"n": 100 + i}) for i in range(5)),
    )
    rows = (await store.dossier(team_id, OWNER))["g.rows"].value
    assert sorted(r["n"] for r in rows) == [0, 10, 20, 30, 40, 100, 101, 102, 103, 104]


async def test_two_connections_on_one_file_lose_nothing(db_path: Path, team_id: int) -> None:
    """Two Store objects = two processes (bot + CLI): BEGIN IMMEDIATE + busy_timeout."""
    async with await Store.open(db_path) as other:
        stores = [other, await Store.open(db_path)]
        try:
            await asyncio.gather(
                *(
                    stores[i % 2].add_row(team_id, OWNER, "members.people", {"n": i})
                    for i in range(60)
                )
            )
            rows = (await stores[1].dossier(team_id, MEMBER))["members.people"].value
        finally:
            await stores[1].close()
    assert sorted(r["n"] for r in rows) == list(range(60))


async def test_cancelled_writes_leave_the_store_usable(store: Store, team_id: int) -> None:
    """Cancel tasks while they wait for the lock and while inside their transaction."""
    tasks = [asyncio.create_task(store.set_answer(team_id, OWNER, "a.b", i)) for i in range(30)]
    for k in range(30):
        await asyncio.sleep(0 if k % 2 else 0.0005)  # reach different awaits
        if k % 3 == 0:
            tasks[k].cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    succeeded = {i for i, t in enumerate(tasks) if not t.cancelled()}
    assert len(succeeded) >= 20
    assert not store._db.in_transaction and not store._lock.locked()
    history = [h.value for h in await store.history(team_id, OWNER, "a.b")]
    # every write reported as done is recorded once; a write cancelled during COMMIT may
    # be recorded too, but nothing is recorded twice or half-written
    assert succeeded <= set(history)
    assert len(history) == len(set(history))
    assert (await store.dossier(team_id, OWNER))["a.b"].value == history[-1]
    answer = await store.set_answer(team_id, MEMBER, "a.b", "after")
    assert (await store.dossier(team_id, OWNER))["a.b"] == answer
