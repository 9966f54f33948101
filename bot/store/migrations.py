"""Schema migrations: named, numbered functions, each applied once and recorded.

``m<NNN>_<name>`` functions are listed in ``MIGRATIONS`` in order. ``migrate`` runs each
missing one in its own ``BEGIN IMMEDIATE`` transaction together with its row in
``schema_migrations``, so a crash mid-migration leaves the previous version intact and two
processes opening the same file cannot both apply it. Never edit a released migration:
add the next number. (A future migration that rebuilds a table must switch
``foreign_keys`` off around its transaction; the PRAGMA is a no-op inside one.)
"""

from __future__ import annotations

import logging
import re
import sqlite3
from collections.abc import Awaitable, Callable, Sequence
from typing import NamedTuple

import aiosqlite

from bot.store.errors import StoreError

log = logging.getLogger(__name__)

MigrationFn = Callable[[aiosqlite.Connection], Awaitable[None]]


class Migration(NamedTuple):
    version: int
    name: str
    apply: MigrationFn


_SCHEMA_1 = [
    """CREATE TABLE users (
        id           INTEGER PRIMARY KEY,              -- Telegram user id
        display_name TEXT NOT NULL DEFAULT '',
        created_at   TEXT NOT NULL,
        updated_at   TEXT NOT NULL
    )""",
    # AUTOINCREMENT: a deleted team's id is never reused, so a stale id cannot reach a new team.
    """CREATE TABLE teams (
        id         INTEGER PRIMARY KEY AUTOINCREMENT,
        name       TEXT NOT NULL,
        created_at TEXT NOT NULL
    )""",
    """CREATE TABLE memberships (
        team_id   INTEGER NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
        user_id   INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        role      TEXT NOT NULL CHECK (role IN ('owner', 'member')),
        joined_at TEXT NOT NULL,
        PRIMARY KEY (team_id, user_id)
    ) WITHOUT ROWID""",
    "CREATE INDEX memberships_by_user ON memberships(user_id)",
    "CREATE UNIQUE INDEX memberships_one_owner ON memberships(team_id) WHERE role = 'owner'",
    """CREATE TABLE invites (
        id          INTEGER PRIMARY KEY,
        team_id     INTEGER NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
        code_sha256 TEXT NOT NULL UNIQUE,              -- the plain code is never stored
        created_by  INTEGER REFERENCES users(id) ON DELETE SET NULL,
        created_at  TEXT NOT NULL,
        expires_at  TEXT NOT NULL,
        revoked_at  TEXT,
        uses        INTEGER NOT NULL DEFAULT 0
    )""",
    "CREATE INDEX invites_by_team ON invites(team_id)",
    """CREATE TABLE answers (
        team_id    INTEGER NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
        qid        TEXT NOT NULL,
        value      TEXT,                               -- JSON
        status     TEXT NOT NULL CHECK (status IN ('answered', 'unknown')),
        by_user_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (team_id, qid)
    ) WITHOUT ROWID""",
    """CREATE TABLE answer_history (
        id         INTEGER PRIMARY KEY AUTOINCREMENT,  -- gives the order of changes
        team_id    INTEGER NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
        qid        TEXT NOT NULL,
        op         TEXT NOT NULL CHECK (op IN
                   ('set', 'unknown', 'clear', 'add_row', 'update_row', 'delete_row')),
        value      TEXT,                               -- JSON: what the operation wrote
        status     TEXT CHECK (status IN ('answered', 'unknown')),
        by_user_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
        at         TEXT NOT NULL
    )""",
    "CREATE INDEX answer_history_by_team ON answer_history(team_id, qid, id)",
    # Append-only, enforced by the database: the only update allowed is forgetting the
    # author (ON DELETE SET NULL when a user deletes their data); rows go only with their team.
    """CREATE TRIGGER answer_history_no_update BEFORE UPDATE ON answer_history
       WHEN NOT (NEW.by_user_id IS NULL AND NEW.id = OLD.id AND NEW.team_id = OLD.team_id
                 AND NEW.qid = OLD.qid AND NEW.op = OLD.op AND NEW.value IS OLD.value
                 AND NEW.status IS OLD.status AND NEW.at = OLD.at)
       BEGIN SELECT RAISE(ABORT, 'answer_history is append-only'); END""",
    """CREATE TRIGGER answer_history_no_delete BEFORE DELETE ON answer_history
       WHEN EXISTS (SELECT 1 FROM teams WHERE id = OLD.team_id)
       BEGIN SELECT RAISE(ABORT, 'answer_history is append-only'); END""",
    """CREATE TABLE sessions (
        user_id        INTEGER PRIMARY KEY,
        active_team_id INTEGER REFERENCES teams(id) ON DELETE SET NULL,
        state          TEXT NOT NULL DEFAULT '{}',     -- JSON
        updated_at     TEXT NOT NULL
    )""",
    "CREATE INDEX sessions_by_team ON sessions(active_team_id)",
]


async def m001_initial(db: aiosqlite.Connection) -> None:
    """Users, teams, memberships, invites, answers, append-only history, sessions."""
    for statement in _SCHEMA_1:
        await db.execute(statement)


def registry(*functions: MigrationFn) -> tuple[Migration, ...]:
    """Number and name each function from its own name; numbers must run 1, 2, 3…"""
    migrations = []
    for expected, fn in enumerate(functions, start=1):
        match = re.fullmatch(r"m(\d{3})_([a-z0-9_]+)", fn.__name__)
        if not match or int(match[1]) != expected:
            raise ValueError(f"migration {fn.__name__} should be named m{expected:03d}_<name>")
        migrations.append(Migration(expected, match[2], fn))
    return tuple(migrations)


MIGRATIONS = registry(m001_initial)


async def migrate(
    db: aiosqlite.Connection, stamp: Callable[[], str], migrations: Sequence[Migration] = MIGRATIONS
) -> list[int]:
    """Apply the missing migrations in order; return the versions applied now."""
    await _in_transaction(
        db,
        """CREATE TABLE IF NOT EXISTS schema_migrations (
               version    INTEGER PRIMARY KEY,
               name       TEXT NOT NULL,
               applied_at TEXT NOT NULL
           )""",
    )
    known = {m.version for m in migrations}
    found = await db.execute_fetchall("SELECT version FROM schema_migrations")
    recorded = {row[0] for row in found}
    if recorded - known:
        raise StoreError(f"database schema version {max(recorded)} is newer than this code")
    applied = []
    for migration in migrations:
        if migration.version in recorded:
            continue
        try:
            await db.execute("BEGIN IMMEDIATE")
            again = await db.execute_fetchall(
                "SELECT 1 FROM schema_migrations WHERE version = ?", (migration.version,)
            )
            if not again:  # another process may have applied it since we looked
                await migration.apply(db)
                await db.execute(
                    "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                    (migration.version, migration.name, stamp()),
                )
                applied.append(migration.version)
            await db.execute("COMMIT")
        except BaseException:
            await rollback(db)
            raise
        if applied and applied[-1] == migration.version:
            log.info("schema migration %03d_%s applied", migration.version, migration.name)
    return applied


async def _in_transaction(db: aiosqlite.Connection, statement: str) -> None:
    try:
        await db.execute("BEGIN IMMEDIATE")
        await db.execute(statement)
        await db.execute("COMMIT")
    except BaseException:
        await rollback(db)
        raise


async def rollback(db: aiosqlite.Connection) -> None:
    """Roll back if a transaction is still open (a failed COMMIT may already have ended it)."""
    try:
        await db.execute("ROLLBACK")
    except sqlite3.OperationalError as exc:
        if "no transaction is active" not in str(exc):
            raise
