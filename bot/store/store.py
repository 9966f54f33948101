"""The one place that reads and writes the database (SQLite through aiosqlite).

One connection per ``Store``. Every operation runs in a transaction while holding an
``asyncio.Lock``: writes in ``BEGIN IMMEDIATE … COMMIT`` (the database write lock is taken
up front, so read-modify-write of a group cannot lose a concurrent row), reads in a
deferred transaction (a consistent snapshot, and never a glimpse of another coroutine's
half-done write on the shared connection). WAL lets another process (the one-shot CLI)
read while the bot writes; ``busy_timeout`` makes it wait instead of failing.

Privacy: every dossier method checks membership first (``NotAMember``); deleting a team
and revoking invites are owner-only (``PermissionDenied``); invite codes are random
128-bit tokens stored as SHA-256 only; log lines carry team ids and counts, never a user
id, a name, a value or a code.

Decisions worth knowing:
- invites are multi-use until they expire (default 7 days) or the owner revokes them;
  any member may create one; redeeming again as a member just returns the team;
- when the owner leaves, the longest-standing member becomes owner; when the last member
  leaves, the team and all its data are deleted (nobody could reach or delete it later);
- ``save_session`` drops an ``active_team_id`` the user no longer belongs to (team deleted
  or left meanwhile) together with its state, like ``delete_team`` does, so a race cannot
  resurrect a pointer to a deleted team.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import datetime, timedelta
from pathlib import Path
from types import TracebackType
from typing import Any, Literal, Self

import aiosqlite

from bot.store import codes, rows
from bot.store.errors import (
    InviteInvalid,
    NotAMember,
    PermissionDenied,
    StoreError,
    TeamNotFound,
    TooManyRows,
)
from bot.store.migrations import migrate, rollback
from bot.store.models import (
    FORMER_MEMBER,
    UNNAMED_MEMBER,
    Answer,
    AnswerStatus,
    HistoryEntry,
    HistoryOp,
    Member,
    Role,
    Session,
    Team,
)
from bot.store.values import dump, iso, load, parse_iso, utc_now

log = logging.getLogger(__name__)

MAX_ROWS = 200  # the schema's default ``max_rows``: no group ever holds more
BUSY_TIMEOUT_MS = 5000  # wait this long for another process's write lock before failing
# After an erasure, how long to retry truncating the WAL while a reader holds it open.
PURGE_WAIT_S = 3.0
PURGE_RETRY_S = 0.05
DEFAULT_INVITE_TTL = timedelta(days=7)
MAX_DISPLAY_NAME = 128  # as UserRef.display_name
MAX_TEAM_NAME = 200


def _name(raw: str | None) -> str:
    """Display name from a LEFT JOIN on users: no row means the user deleted their data."""
    if raw is None:
        return FORMER_MEMBER
    return raw or UNNAMED_MEMBER


class _DropDebug(logging.Filter):
    """aiosqlite logs every call with its SQL parameters at DEBUG: names, answers, codes."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno > logging.DEBUG


def _silence_aiosqlite_debug() -> None:
    target = logging.getLogger("aiosqlite")
    if not any(isinstance(f, _DropDebug) for f in target.filters):
        target.addFilter(_DropDebug())


async def fetch_all(
    db: aiosqlite.Connection, sql: str, params: tuple[Any, ...] = ()
) -> list[aiosqlite.Row]:
    """Every row of one statement, as a list (aiosqlite types them as a mere iterable)."""
    return list(await db.execute_fetchall(sql, params))


class Store:
    """Async persistence of users, teams, dossiers (answers + history) and sessions."""

    def __init__(self, db: aiosqlite.Connection, now: Callable[[], datetime]) -> None:
        self._db = db
        self._now = now
        self._lock = asyncio.Lock()
        self._purge_pending = False  # an erasure whose WAL copy could not be truncated yet

    # --- lifecycle -----------------------------------------------------------------------

    @classmethod
    async def open(cls, path: str | Path, *, now: Callable[[], datetime] | None = None) -> Store:
        """Connect, set the PRAGMAs and apply missing migrations."""
        _silence_aiosqlite_debug()
        db = await aiosqlite.connect(str(path), isolation_level=None)  # we issue BEGIN ourselves
        try:
            db.row_factory = aiosqlite.Row
            await db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            (mode,) = (await fetch_all(db, "PRAGMA journal_mode = WAL"))[0]
            if mode != "wal" and str(path) != ":memory:":
                raise StoreError(f"cannot enable WAL journal mode (got {mode})")
            await db.execute("PRAGMA synchronous = NORMAL")  # safe with WAL: no corruption
            await db.execute("PRAGMA foreign_keys = ON")
            await db.execute("PRAGMA secure_delete = ON")  # erased data is zeroed, not left
            (fk,) = (await fetch_all(db, "PRAGMA foreign_keys"))[0]
            if fk != 1:
                raise StoreError("SQLite without foreign key support")
            store = cls(db, now or utc_now)
            async with store._lock:
                await migrate(db, store._stamp)
        except BaseException:
            await db.close()
            raise
        return store

    async def close(self) -> None:
        if self._purge_pending:
            await self._purge_wal()
        async with self._lock:
            await self._db.close()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    # --- users ---------------------------------------------------------------------------

    async def upsert_user(self, user_id: int, display_name: str) -> None:
        name = display_name.strip()[:MAX_DISPLAY_NAME]
        at = self._stamp()
        async with self._write() as db:
            await db.execute(
                """INSERT INTO users (id, display_name, created_at, updated_at)
                   VALUES (?, ?, ?, ?)
                   ON CONFLICT (id) DO UPDATE SET display_name = excluded.display_name,
                                                  updated_at = excluded.updated_at
                   WHERE display_name IS NOT excluded.display_name""",
                (user_id, name, at, at),
            )

    async def display_name(self, user_id: int) -> str | None:
        async with self._read() as db:
            found = await fetch_all(db, "SELECT display_name FROM users WHERE id = ?", (user_id,))
        return (found[0][0] or None) if found else None

    # --- teams and membership ------------------------------------------------------------

    async def create_team(self, owner_id: int, name: str) -> Team:
        name = _team_name(name)
        at = self._stamp()
        async with self._write() as db:
            await self._ensure_user(db, owner_id, at)
            cursor = await db.execute(
                "INSERT INTO teams (name, created_at) VALUES (?, ?)", (name, at)
            )
            team_id = cursor.lastrowid
            assert team_id is not None
            await db.execute(
                "INSERT INTO memberships (team_id, user_id, role, joined_at) "
                "VALUES (?, ?, 'owner', ?)",
                (team_id, owner_id, at),
            )
        log.info("team %d created", team_id)
        return Team(id=team_id, name=name, created_at=at)

    async def rename_team(self, team_id: int, user_id: int, name: str) -> None:
        """Any member may rename (only deletion and revocation are owner-only)."""
        name = _team_name(name)
        async with self._write() as db:
            await self._member(db, team_id, user_id)
            await db.execute("UPDATE teams SET name = ? WHERE id = ?", (name, team_id))

    async def teams_of(self, user_id: int) -> list[Team]:
        """The user's teams, in the order they joined them."""
        async with self._read() as db:
            found = await fetch_all(
                db,
                """SELECT t.id, t.name, t.created_at FROM teams t
                   JOIN memberships m ON m.team_id = t.id
                   WHERE m.user_id = ? ORDER BY m.joined_at, t.id""",
                (user_id,),
            )
        return [Team(id=r[0], name=r[1], created_at=r[2]) for r in found]

    async def role(self, team_id: int, user_id: int) -> Literal["owner", "member"] | None:
        found = await self._select(
            "SELECT role FROM memberships WHERE team_id = ? AND user_id = ?", (team_id, user_id)
        )
        return found[0][0] if found else None

    async def members(self, team_id: int, user_id: int) -> list[Member]:
        """Owner first, then by arrival."""
        async with self._read() as db:
            await self._member(db, team_id, user_id)
            return await self._members(db, team_id)

    async def leave_team(self, team_id: int, user_id: int) -> None:
        """Leave; ownership passes on, and the last one out deletes the team."""
        async with self._write() as db:
            role, _ = await self._member(db, team_id, user_id)
            deleted = await self._leave(db, team_id, user_id, role)
        if deleted:
            await self._purge_wal()

    async def delete_team(self, team_id: int, user_id: int) -> None:
        """Owner only. Answers, history, invites and memberships go with the team."""
        async with self._write() as db:
            await self._owner(db, team_id, user_id)
            await self._delete_team(db, team_id)
        await self._purge_wal()

    # --- invites -------------------------------------------------------------------------

    async def create_invite(
        self, team_id: int, user_id: int, ttl: timedelta = DEFAULT_INVITE_TTL
    ) -> str:
        """A new multi-use code, returned once in plain; only its hash is kept."""
        if ttl <= timedelta(0):
            raise ValueError("an invite needs a positive lifetime")
        code = codes.new_invite_code()
        now = self._now()
        async with self._write() as db:
            await self._member(db, team_id, user_id)
            await db.execute(
                """INSERT INTO invites (team_id, code_sha256, created_by, created_at, expires_at)
                   VALUES (?, ?, ?, ?, ?)""",
                (team_id, codes.hash_invite(code), user_id, iso(now), iso(now + ttl)),
            )
        log.info("invite created for team %d", team_id)
        return code

    async def redeem_invite(self, code: str, user_id: int) -> Team:
        """Join the code's team as a member. Already a member: returns the team, no error."""
        plain = codes.normalize_invite(code)
        if plain is None:
            raise InviteInvalid("unknown")
        now = self._now()
        async with self._write() as db:
            found = await fetch_all(
                db,
                """SELECT i.id, i.expires_at, i.revoked_at, t.id, t.name, t.created_at, m.role
                   FROM invites i JOIN teams t ON t.id = i.team_id
                   LEFT JOIN memberships m ON m.team_id = t.id AND m.user_id = ?
                   WHERE i.code_sha256 = ?""",
                (user_id, codes.hash_invite(plain)),
            )
            if not found:
                raise InviteInvalid("unknown")
            invite_id, expires_at, revoked_at, team_id, name, created_at, role = found[0]
            team = Team(id=team_id, name=name, created_at=created_at)
            if role is not None:
                return team
            if revoked_at is not None:
                raise InviteInvalid("revoked")
            if parse_iso(expires_at) <= now:
                raise InviteInvalid("expired")
            await self._ensure_user(db, user_id, iso(now))
            await db.execute(
                "INSERT INTO memberships (team_id, user_id, role, joined_at) "
                "VALUES (?, ?, 'member', ?)",
                (team_id, user_id, iso(now)),
            )
            await db.execute("UPDATE invites SET uses = uses + 1 WHERE id = ?", (invite_id,))
        log.info("invite redeemed for team %d", team_id)
        return team

    async def revoke_invites(self, team_id: int, user_id: int) -> int:
        """Owner only. Revokes every still-valid code of the team; returns how many."""
        now = self._stamp()
        async with self._write() as db:
            await self._owner(db, team_id, user_id)
            cursor = await db.execute(
                """UPDATE invites SET revoked_at = ?
                   WHERE team_id = ? AND revoked_at IS NULL AND expires_at > ?""",
                (now, team_id, now),
            )
            count = cursor.rowcount
        log.info("%d invites revoked for team %d", count, team_id)
        return count

    # --- dossier -------------------------------------------------------------------------

    async def dossier(self, team_id: int, user_id: int) -> dict[str, Answer]:
        async with self._read() as db:
            await self._member(db, team_id, user_id)
            return await self._dossier(db, team_id)

    async def set_answer(
        self,
        team_id: int,
        user_id: int,
        qid: str,
        value: Any,
        status: Literal["answered", "unknown"] = "answered",
    ) -> Answer:
        if status not in ("answered", "unknown"):
            raise ValueError(f"unknown answer status {status!r}")
        stored = dump(value)  # fails on non-JSON values before taking any lock
        op: HistoryOp = "set" if status == "answered" else "unknown"
        at = self._stamp()
        async with self._write() as db:
            _, name = await self._member(db, team_id, user_id)
            await self._put(db, team_id, qid, stored, status, user_id, at)
            await self._record(db, team_id, qid, op, stored, status, user_id, at)
        return Answer(value=load(stored), status=status, by=_name(name), at=at)

    async def clear_answer(self, team_id: int, user_id: int, qid: str) -> None:
        """Remove the answer (the question is open again); the history keeps the old values."""
        at = self._stamp()
        async with self._write() as db:
            await self._member(db, team_id, user_id)
            cursor = await db.execute(
                "DELETE FROM answers WHERE team_id = ? AND qid = ?", (team_id, qid)
            )
            if cursor.rowcount:
                await self._record(db, team_id, qid, "clear", None, None, user_id, at)

    async def add_row(
        self, team_id: int, user_id: int, qid: str, row: dict, *, max_rows: int = MAX_ROWS
    ) -> str:
        """Append a row to a repeatable group; returns its new id (also in ``row["_id"]``).

        ``TooManyRows`` when the group already has ``max_rows`` rows (the question's limit),
        so rows added one at a time can never exceed what the interview accepts at once."""
        dump(row)
        at = self._stamp()
        async with self._write() as db:
            await self._member(db, team_id, user_id)
            group = await self._rows(db, team_id, qid)
            if len(group) >= max_rows:
                raise TooManyRows(qid, max_rows)
            new = rows.add(group, row)
            await self._put(db, team_id, qid, dump(group), "answered", user_id, at)
            await self._record(db, team_id, qid, "add_row", dump(new), "answered", user_id, at)
        return new["_id"]

    async def update_row(
        self, team_id: int, user_id: int, qid: str, row_id: str, row: dict
    ) -> None:
        """Replace the fields of one row (whole row, not a merge). ``RowNotFound`` if gone."""
        dump(row)
        at = self._stamp()
        async with self._write() as db:
            await self._member(db, team_id, user_id)
            group = await self._rows(db, team_id, qid)
            new = rows.update(group, row_id, row)
            await self._put(db, team_id, qid, dump(group), "answered", user_id, at)
            await self._record(db, team_id, qid, "update_row", dump(new), "answered", user_id, at)

    async def delete_row(self, team_id: int, user_id: int, qid: str, row_id: str) -> None:
        """Remove one row. ``RowNotFound`` if it is already gone."""
        at = self._stamp()
        async with self._write() as db:
            await self._member(db, team_id, user_id)
            group = await self._rows(db, team_id, qid)
            old = rows.delete(group, row_id)
            await self._put(db, team_id, qid, dump(group), "answered", user_id, at)
            await self._record(db, team_id, qid, "delete_row", dump(old), "answered", user_id, at)

    async def history(
        self, team_id: int, user_id: int, qid: str | None = None
    ) -> list[HistoryEntry]:
        """Every change of the team's dossier (or of one question), oldest first."""
        async with self._read() as db:
            await self._member(db, team_id, user_id)
            return await self._history(db, team_id, qid)

    async def export_team(self, team_id: int, user_id: int) -> dict:
        """Everything the team holds, JSON-able, authors by display name (no user ids).

        One read transaction, so answers and history are from the same moment.
        """
        async with self._read() as db:
            await self._member(db, team_id, user_id)
            (team_row,) = await fetch_all(
                db, "SELECT id, name, created_at FROM teams WHERE id = ?", (team_id,)
            )
            members = await self._members(db, team_id)
            answers = await self._dossier(db, team_id)
            changes = await self._history(db, team_id, None)
        team = Team(id=team_row[0], name=team_row[1], created_at=team_row[2])
        return {
            "format": "compagnon-cpts.team-export",
            "version": 1,
            "exported_at": self._stamp(),
            "team": team.model_dump(),
            "members": [m.model_dump(exclude={"user_id"}) for m in members],
            "answers": {qid: a.model_dump() for qid, a in answers.items()},
            "history": [h.model_dump(exclude={"by_user_id"}) for h in changes],
        }

    # --- sessions ------------------------------------------------------------------------

    async def get_session(self, user_id: int) -> Session:
        found = await self._select(
            "SELECT active_team_id, state FROM sessions WHERE user_id = ?", (user_id,)
        )
        if not found:
            return Session(user_id=user_id)
        return Session(user_id=user_id, active_team_id=found[0][0], state=load(found[0][1]))

    async def save_session(self, session: Session) -> None:
        state = dump(session.state)
        at = self._stamp()
        async with self._write() as db:
            team_id = session.active_team_id
            if team_id is not None and not await fetch_all(
                db,
                "SELECT 1 FROM memberships WHERE team_id = ? AND user_id = ?",
                (team_id, session.user_id),
            ):
                team_id, state = None, "{}"
            await db.execute(
                """INSERT INTO sessions (user_id, active_team_id, state, updated_at)
                   VALUES (?, ?, ?, ?)
                   ON CONFLICT (user_id) DO UPDATE SET active_team_id = excluded.active_team_id,
                       state = excluded.state, updated_at = excluded.updated_at""",
                (session.user_id, team_id, state, at),
            )

    async def delete_user_data(self, user_id: int) -> list[int]:
        """Right to erasure: leave every team, forget the session, the name and the id.

        Answers and history stay with their teams (they belong to the team's dossier) but
        lose their author, shown from then on as ``FORMER_MEMBER``. Returns the teams that
        went with this person (they were its last member), whose files must go too.
        """
        async with self._write() as db:
            teams = await fetch_all(
                db, "SELECT team_id, role FROM memberships WHERE user_id = ?", (user_id,)
            )
            gone = [
                team_id for team_id, role in teams if await self._leave(db, team_id, user_id, role)
            ]
            await db.execute("DELETE FROM sessions WHERE user_id = ?", (user_id,))
            # ON DELETE SET NULL forgets the author in answers, history and invites.
            await db.execute("DELETE FROM users WHERE id = ?", (user_id,))
        await self._purge_wal()
        log.info("user data deleted (%d memberships, %d teams)", len(teams), len(gone))
        return gone

    # --- internals -----------------------------------------------------------------------

    def _stamp(self) -> str:
        return iso(self._now())

    @asynccontextmanager
    async def _write(self) -> AsyncIterator[aiosqlite.Connection]:
        async with self._transaction("BEGIN IMMEDIATE") as db:
            yield db
        if self._purge_pending:  # an earlier erasure still has copies in the WAL
            await self._purge_wal()

    @asynccontextmanager
    async def _read(self) -> AsyncIterator[aiosqlite.Connection]:
        async with self._transaction("BEGIN DEFERRED") as db:
            yield db

    async def _select(self, sql: str, params: tuple[Any, ...]) -> list[Any]:
        """One read statement: atomic on its own in autocommit mode, so no BEGIN/COMMIT
        (two thread round trips fewer on the per-message path)."""
        async with self._lock:
            return await fetch_all(self._db, sql, params)

    @asynccontextmanager
    async def _transaction(self, begin: str) -> AsyncIterator[aiosqlite.Connection]:
        async with self._lock:
            try:
                # BEGIN inside the try: cancelled while awaiting it, the statement still
                # runs in aiosqlite's thread and must be rolled back.
                await self._db.execute(begin)
                yield self._db
                await self._db.execute("COMMIT")
            except BaseException:
                await rollback(self._db)
                raise

    async def _member(
        self, db: aiosqlite.Connection, team_id: int, user_id: int
    ) -> tuple[Role, str | None]:
        """The caller's role and display name, or ``TeamNotFound`` / ``NotAMember``."""
        found = await fetch_all(
            db,
            """SELECT m.role, u.display_name FROM teams t
               LEFT JOIN memberships m ON m.team_id = t.id AND m.user_id = ?
               LEFT JOIN users u ON u.id = m.user_id
               WHERE t.id = ?""",
            (user_id, team_id),
        )
        if not found:
            raise TeamNotFound(f"team {team_id} not found")
        role, name = found[0]
        if role is None:
            raise NotAMember(f"not a member of team {team_id}")
        return role, name

    async def _owner(self, db: aiosqlite.Connection, team_id: int, user_id: int) -> None:
        role, _ = await self._member(db, team_id, user_id)
        if role != "owner":
            raise PermissionDenied(f"only the owner of team {team_id} may do this")

    async def _ensure_user(self, db: aiosqlite.Connection, user_id: int, at: str) -> None:
        """A user row must exist for the foreign keys; the name comes with ``upsert_user``."""
        await db.execute(
            "INSERT INTO users (id, created_at, updated_at) VALUES (?, ?, ?) "
            "ON CONFLICT (id) DO NOTHING",
            (user_id, at, at),
        )

    async def _leave(self, db: aiosqlite.Connection, team_id: int, user_id: int, role: str) -> bool:
        """Remove one membership; returns True if the team went with it (last member)."""
        await db.execute(
            "DELETE FROM memberships WHERE team_id = ? AND user_id = ?", (team_id, user_id)
        )
        await db.execute(
            "UPDATE sessions SET active_team_id = NULL, state = '{}' "
            "WHERE user_id = ? AND active_team_id = ?",
            (user_id, team_id),
        )
        if role != "owner":
            return False
        heir = await fetch_all(
            db,
            "SELECT user_id FROM memberships WHERE team_id = ? ORDER BY joined_at, user_id LIMIT 1",
            (team_id,),
        )
        if heir:
            await db.execute(
                "UPDATE memberships SET role = 'owner' WHERE team_id = ? AND user_id = ?",
                (team_id, heir[0][0]),
            )
            log.info("team %d: ownership passed on", team_id)
            return False
        await self._delete_team(db, team_id)
        return True

    async def _purge_wal(self) -> bool:
        """Copy the WAL into the (securely deleted) main file and truncate it, so erased data
        does not linger in old WAL frames.

        A connection reading at that moment (another process, the one-shot CLI) blocks the
        truncation: retry for up to ``PURGE_WAIT_S``; if it still fails, the purge stays
        pending and is tried again after every later write and at close. True when done.
        """
        deadline = asyncio.get_running_loop().time() + PURGE_WAIT_S
        while True:
            async with self._lock:
                rows = await fetch_all(self._db, "PRAGMA wal_checkpoint(TRUNCATE)")
            busy = bool(rows and rows[0][0])
            if not busy:
                self._purge_pending = False
                return True
            if asyncio.get_running_loop().time() >= deadline:
                self._purge_pending = True
                log.warning("WAL purge after an erasure postponed: a reader is active")
                return False
            await asyncio.sleep(PURGE_RETRY_S)

    async def _delete_team(self, db: aiosqlite.Connection, team_id: int) -> None:
        await db.execute(
            "UPDATE sessions SET active_team_id = NULL, state = '{}' WHERE active_team_id = ?",
            (team_id,),
        )
        # ON DELETE CASCADE removes memberships, invites, answers and history.
        await db.execute("DELETE FROM teams WHERE id = ?", (team_id,))
        log.info("team %d deleted", team_id)

    async def _put(
        self,
        db: aiosqlite.Connection,
        team_id: int,
        qid: str,
        stored: str,
        status: AnswerStatus,
        user_id: int,
        at: str,
    ) -> None:
        await db.execute(
            """INSERT INTO answers (team_id, qid, value, status, by_user_id, updated_at)
               VALUES (?, ?, ?, ?, ?, ?)
               ON CONFLICT (team_id, qid) DO UPDATE SET value = excluded.value,
                   status = excluded.status, by_user_id = excluded.by_user_id,
                   updated_at = excluded.updated_at""",
            (team_id, qid, stored, status, user_id, at),
        )

    async def _record(
        self,
        db: aiosqlite.Connection,
        team_id: int,
        qid: str,
        op: HistoryOp,
        stored: str | None,
        status: AnswerStatus | None,
        user_id: int,
        at: str,
    ) -> None:
        await db.execute(
            """INSERT INTO answer_history (team_id, qid, op, value, status, by_user_id, at)
               VALUES (?, ?, ?, ?, ?, ?, ?)""",
            (team_id, qid, op, stored, status, user_id, at),
        )

    async def _rows(self, db: aiosqlite.Connection, team_id: int, qid: str) -> list[rows.Row]:
        found = await fetch_all(
            db, "SELECT value, status FROM answers WHERE team_id = ? AND qid = ?", (team_id, qid)
        )
        if not found or found[0][1] == "unknown":
            return []
        return rows.as_rows(qid, load(found[0][0]))

    async def _members(self, db: aiosqlite.Connection, team_id: int) -> list[Member]:
        found = await fetch_all(
            db,
            """SELECT m.user_id, u.display_name, m.role, m.joined_at FROM memberships m
               LEFT JOIN users u ON u.id = m.user_id WHERE m.team_id = ?
               ORDER BY m.role = 'owner' DESC, m.joined_at, m.user_id""",
            (team_id,),
        )
        return [
            Member(user_id=r[0], display_name=_name(r[1]), role=r[2], joined_at=r[3]) for r in found
        ]

    async def _dossier(self, db: aiosqlite.Connection, team_id: int) -> dict[str, Answer]:
        found = await fetch_all(
            db,
            """SELECT a.qid, a.value, a.status, u.display_name, a.updated_at
               FROM answers a LEFT JOIN users u ON u.id = a.by_user_id
               WHERE a.team_id = ? ORDER BY a.qid""",
            (team_id,),
        )
        return {r[0]: Answer(value=load(r[1]), status=r[2], by=_name(r[3]), at=r[4]) for r in found}

    async def _history(
        self, db: aiosqlite.Connection, team_id: int, qid: str | None
    ) -> list[HistoryEntry]:
        sql = """SELECT h.qid, h.op, h.value, h.status, h.by_user_id, u.display_name, h.at
                 FROM answer_history h LEFT JOIN users u ON u.id = h.by_user_id
                 WHERE h.team_id = ?"""
        params: tuple[Any, ...] = (team_id,)
        if qid is not None:
            sql += " AND h.qid = ?"
            params += (qid,)
        found = await fetch_all(db, sql + " ORDER BY h.id", params)
        return [
            HistoryEntry(
                qid=r[0],
                op=r[1],
                value=load(r[2]),
                status=r[3],
                by_user_id=r[4],
                by_name=_name(r[5]),
                at=r[6],
            )
            for r in found
        ]


def _team_name(name: str) -> str:
    name = " ".join(name.split())
    if not name:
        raise ValueError("a team needs a name")
    return name[:MAX_TEAM_NAME]
