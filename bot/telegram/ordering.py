"""Process one user's updates strictly in order, different users concurrently.

PTB's default is either fully sequential (one slow user blocks everyone) or fully concurrent
(a user's two quick messages may be handled out of order: the second answer saved before the
first). An interview needs the second guarantee per user and the first across users.

Each update waits on its user's FIFO lock (``asyncio.Lock`` wakes waiters in arrival order,
and PTB starts update tasks in arrival order), and only then on the global worker semaphore,
so a user flooding the bot queues behind their own lock without occupying worker slots.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

# PTB's outer semaphore must never be the bottleneck: waiting happens on our locks instead.
_UNBOUNDED = 1_000_000


class _UserLock:
    __slots__ = ("lock", "users")

    def __init__(self) -> None:
        self.lock = asyncio.Lock()
        self.users = 0  # updates holding or waiting for the lock


def ordering_key(update: object) -> int | None:
    """The user whose updates must stay ordered (``None``: no ordering needed)."""
    if isinstance(update, Update):
        user = update.effective_user
        if user is not None:
            return user.id
        chat = update.effective_chat
        if chat is not None:
            return chat.id
    return None


class PerUserUpdateProcessor(BaseUpdateProcessor):
    """Same user: strictly sequential, in arrival order. Different users: concurrent."""

    __slots__ = ("_locks", "_workers", "max_workers")

    def __init__(self, max_workers: int = 64) -> None:
        super().__init__(max_concurrent_updates=_UNBOUNDED)
        if max_workers < 1:
            raise ValueError("max_workers must be positive")
        self.max_workers = max_workers
        self._workers = asyncio.BoundedSemaphore(max_workers)
        self._locks: dict[int, _UserLock] = {}

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        key = ordering_key(update)
        if key is None:
            async with self._workers:
                await coroutine
            return
        entry = self._locks.get(key)
        if entry is None:
            entry = self._locks[key] = _UserLock()
        entry.users += 1
        try:
            async with entry.lock, self._workers:
                await coroutine
        except asyncio.CancelledError:
            _close(coroutine)
            raise
        finally:
            entry.users -= 1
            if entry.users == 0:
                del self._locks[key]

    async def initialize(self) -> None:
        """Nothing to allocate: locks are created per user on demand."""

    async def shutdown(self) -> None:
        """Nothing to free: locks are dropped when their last update finishes."""

    @property
    def pending_users(self) -> int:
        """How many users currently have an update in progress or waiting (for tests)."""
        return len(self._locks)


def _close(coroutine: Awaitable[Any]) -> None:
    """Avoid « coroutine was never awaited » when cancelled while waiting for the lock."""
    close = getattr(coroutine, "close", None)
    if close is not None:
        close()
