"""Fixtures shared by the store tests: a real SQLite file, a controllable clock, a team.

Test modules that need another shape of store define their own fixture of the same name,
which takes precedence over these.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

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
