"""PerUserUpdateProcessor on its own: order per user, concurrency across users, cleanup."""

from __future__ import annotations

import asyncio
import random

import pytest
from telegram import Update

from bot.telegram.ordering import PerUserUpdateProcessor, ordering_key


def text_update(update_id: int, user_id: int) -> Update:
    user = {"id": user_id, "is_bot": False, "first_name": "U"}
    data = {
        "update_id": update_id,
        "message": {
            "message_id": update_id,
            "from": user,
            "chat": {"id": user_id, "type": "private", "first_name": "U"},
            "date": 0,
            "text": "x",
        },
    }
    return Update.de_json(data, None)


@pytest.mark.parametrize(
    ("update", "key"),
    [
        (text_update(1, 42), 42),
        (Update.de_json({"update_id": 2}, None), None),
        ("not an update", None),
    ],
)
def test_ordering_key(update: object, key: int | None) -> None:
    assert ordering_key(update) == key


async def test_same_user_sequential_in_arrival_order() -> None:
    processor = PerUserUpdateProcessor(max_workers=8)
    rng = random.Random(7)
    done: dict[int, list[int]] = {1: [], 2: []}
    running: dict[int, int] = {1: 0, 2: 0}
    overlap = []

    async def work(user: int, n: int) -> None:
        running[user] += 1
        overlap.append(running[user])
        await asyncio.sleep(rng.random() / 200)
        done[user].append(n)
        running[user] -= 1

    tasks = [
        asyncio.create_task(processor.process_update(text_update(n, user), work(user, n)))
        for n in range(40)
        for user in (1, 2)
    ]
    await asyncio.gather(*tasks)
    assert done == {1: list(range(40)), 2: list(range(40))}
    assert max(overlap) == 1  # never two updates of the same user at once
    assert processor.pending_users == 0


async def test_users_run_concurrently_up_to_max_workers() -> None:
    processor = PerUserUpdateProcessor(max_workers=2)
    active = 0
    peak = 0

    async def work() -> None:
        nonlocal active, peak
        active += 1
        peak = max(peak, active)
        await asyncio.sleep(0.02)
        active -= 1

    await asyncio.gather(
        *(processor.process_update(text_update(n, 100 + n), work()) for n in range(6))
    )
    assert peak == 2


async def test_cancelled_while_waiting_closes_the_coroutine() -> None:
    processor = PerUserUpdateProcessor()
    gate = asyncio.Event()
    ran = []

    async def first() -> None:
        await gate.wait()

    async def second() -> None:
        ran.append("second")

    t1 = asyncio.create_task(processor.process_update(text_update(1, 5), first()))
    t2 = asyncio.create_task(processor.process_update(text_update(2, 5), second()))
    await asyncio.sleep(0.01)
    t2.cancel()  # waiting for user 5's lock: must not leave a never-awaited coroutine
    with pytest.raises(asyncio.CancelledError):
        await t2
    gate.set()
    await t1
    assert ran == []
    assert processor.pending_users == 0


def test_invalid_worker_count() -> None:
    with pytest.raises(ValueError, match="max_workers"):
        PerUserUpdateProcessor(max_workers=0)
