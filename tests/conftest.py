"""Fixtures shared by the store tests: a real SQLite file, a controllable clock, a team.

Test modules that need another shape of store define their own fixture of the same name,
which takes precedence over these.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.conversation.core import Conversation
from bot.store import Store
from tests.test_store import Clock, seed_team


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "cpts.sqlite3"


@pytest.fixture
async def store(db_path: Path, clock: Clock) -> AsyncIterator[Store]:
    async with await Store.open(db_path, now=clock) as opened:
        yield opened


@pytest.fixture
async def team_id(store: Store) -> int:
    return await seed_team(store)


# A test that fails before closing its database leaves aiosqlite's worker thread running;
# that thread is not a daemon, so the interpreter would wait for it forever and a red run
# would hang CI instead of reporting. The session's status is kept and the process exits
# without waiting for such threads; a green run that leaks one fails.
_status = {"exit": 0}


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    _status["exit"] = int(exitstatus)


def pytest_unconfigure(config: pytest.Config) -> None:
    leaked = [
        t
        for t in threading.enumerate()
        if t.is_alive() and not t.daemon and "_connection_worker_thread" in t.name
    ]
    if not leaked:
        return
    sys.stderr.write(
        f"\n{len(leaked)} SQLite connection(s) left open by the tests: "
        "exiting without waiting for their threads\n"
    )
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(_status["exit"] or 1)


@pytest.fixture
def conv(store: Store, tmp_path: Path) -> Conversation:
    """The transport-neutral conversation on the test's store (its own files folder)."""
    return Conversation(store, files_dir=tmp_path / "files")
