"""Store: schema, PRAGMAs, persistence, privacy checks, dossier and history (real SQLite files)."""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import aiosqlite
import pytest

from bot.store import (
    FORMER_MEMBER,
    UNNAMED_MEMBER,
    Answer,
    NotAMember,
    PermissionDenied,
    RowNotFound,
    Session,
    Store,
    StoreError,
    TeamNotFound,
)
from bot.store.migrations import MIGRATIONS, migrate, registry

OWNER, MEMBER, OUTSIDER = 5_550_001_017, 5_550_002_029, 5_550_003_031
T0 = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)


class Clock:
    """Injectable clock: each reading moves one second forward, ``advance`` jumps."""

    def __init__(self, start: datetime = T0) -> None:
        self.current = start

    def __call__(self) -> datetime:
        self.current += timedelta(seconds=1)
        return self.current

    def advance(self, delta: timedelta) -> None:
        self.current += delta


async def seed_team(store: Store) -> int:
    """A team with an owner and one member, all three users named (shared by test_store_*)."""
    await store.upsert_user(OWNER, "Julie M.")
    await store.upsert_user(MEMBER, "Karim B.")
    await store.upsert_user(OUTSIDER, "Paul D.")
    team = await store.create_team(OWNER, "CPTS du Haut-Bugey")
    await store.redeem_invite(await store.create_invite(team.id, OWNER), MEMBER)
    return team.id


def raw(db_path: Path, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Read the file directly, bypassing the store."""
    with sqlite3.connect(db_path) as conn:
        return conn.execute(sql, params).fetchall()


def _file_bytes(db_path: Path) -> bytes:
    """The database file and its WAL side files, as an attacker with the disk would see them."""
    return b"".join(p.read_bytes() for p in db_path.parent.glob(db_path.name + "*"))


# --- schema, PRAGMAs, reopen ---------------------------------------------------------------


async def test_migrations_applied_once_and_recorded(db_path: Path, clock: Clock) -> None:
    async with await Store.open(db_path, now=clock):
        pass
    first = raw(db_path, "SELECT version, name, applied_at FROM schema_migrations")
    assert first == [(1, "initial", "2025-03-01T09:00:01.000000+00:00")]
    assert [(m.version, m.name) for m in MIGRATIONS] == [(1, "initial")]
    clock.advance(timedelta(days=1))
    async with await Store.open(db_path, now=clock):
        pass
    assert raw(db_path, "SELECT version, name, applied_at FROM schema_migrations") == first


async def test_new_migration_applies_only_itself(db_path: Path, clock: Clock) -> None:
    async with await Store.open(db_path, now=clock):
        pass

    async def m002_notes(db: aiosqlite.Connection) -> None:
        await db.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY)")

    async def m001_initial(db: aiosqlite.Connection) -> None:
        raise AssertionError("already applied: must not run again")

    migrations = registry(m001_initial, m002_notes)
    async with aiosqlite.connect(db_path, isolation_level=None) as db:
        assert await migrate(db, lambda: "now", migrations) == [2]
        assert await migrate(db, lambda: "now", migrations) == []
    assert raw(db_path, "SELECT version, name FROM schema_migrations ORDER BY version") == [
        (1, "initial"),
        (2, "notes"),
    ]


async def test_failed_migration_leaves_nothing_behind(db_path: Path) -> None:
    async def m001_broken(db: aiosqlite.Connection) -> None:
        await db.execute("CREATE TABLE half (id INTEGER)")
        raise RuntimeError("boom")

    async with aiosqlite.connect(db_path, isolation_level=None) as db:
        with pytest.raises(RuntimeError):
            await migrate(db, lambda: "now", registry(m001_broken))
    assert raw(db_path, "SELECT name FROM sqlite_master WHERE name = 'half'") == []
    assert raw(db_path, "SELECT * FROM schema_migrations") == []


def test_registry_rejects_misnumbered_migrations() -> None:
    async def m002_skipped(db: aiosqlite.Connection) -> None: ...

    with pytest.raises(ValueError, match="m001"):
        registry(m002_skipped)


async def test_database_newer_than_code_is_refused(db_path: Path, clock: Clock) -> None:
    async with await Store.open(db_path, now=clock):
        pass
    with sqlite3.connect(db_path) as conn:
        conn.execute("INSERT INTO schema_migrations VALUES (99, 'future', 'x')")
    with pytest.raises(StoreError, match="newer"):
        await Store.open(db_path, now=clock)


async def test_wal_foreign_keys_and_busy_timeout(store: Store, db_path: Path) -> None:
    assert raw(db_path, "PRAGMA journal_mode") == [("wal",)]  # persistent in the file
    conn = store._db  # per-connection settings can only be read on the store's connection
    assert list((await conn.execute_fetchall("PRAGMA foreign_keys"))[0]) == [1]
    assert list((await conn.execute_fetchall("PRAGMA busy_timeout"))[0]) == [5000]


async def test_reopen_keeps_everything(db_path: Path, clock: Clock) -> None:
    async with await Store.open(db_path, now=clock) as store:
        await store.upsert_user(OWNER, "Julie M.")
        await store.upsert_user(MEMBER, "Karim B.")
        team = await store.create_team(OWNER, "CPTS Test")
        code = await store.create_invite(team.id, OWNER)
        await store.redeem_invite(code, MEMBER)
        await store.set_answer(team.id, OWNER, "structure.name", "Association CPTS")
        await store.set_answer(team.id, MEMBER, "territory.population", None, "unknown")
        row_id = await store.add_row(team.id, MEMBER, "members.people", {"name": "Dr A"})
        await store.save_session(Session(user_id=MEMBER, active_team_id=team.id, state={"q": 1}))
        before = (
            await store.dossier(team.id, OWNER),
            await store.history(team.id, OWNER),
            await store.members(team.id, OWNER),
            await store.teams_of(MEMBER),
        )
    async with await Store.open(db_path, now=clock) as again:
        after = (
            await again.dossier(team.id, OWNER),
            await again.history(team.id, OWNER),
            await again.members(team.id, OWNER),
            await again.teams_of(MEMBER),
        )
        assert after == before
        assert after[0]["members.people"].value == [{"_id": row_id, "name": "Dr A"}]
        assert await again.get_session(MEMBER) == Session(
            user_id=MEMBER, active_team_id=team.id, state={"q": 1}
        )
        assert await again.display_name(MEMBER) == "Karim B."
        assert (await again.redeem_invite(code, OUTSIDER)).id == team.id  # invite still valid


# --- users and teams ------------------------------------------------------------------------


async def test_users_and_display_names(store: Store) -> None:
    assert await store.display_name(OWNER) is None
    await store.upsert_user(OWNER, "  Julie M. ")
    assert await store.display_name(OWNER) == "Julie M."
    await store.upsert_user(OWNER, "Julie Martin")
    assert await store.display_name(OWNER) == "Julie Martin"


async def test_team_lifecycle_and_roles(store: Store, team_id: int) -> None:
    assert await store.role(team_id, OWNER) == "owner"
    assert await store.role(team_id, MEMBER) == "member"
    assert await store.role(team_id, OUTSIDER) is None
    assert await store.role(999, OWNER) is None
    members = await store.members(team_id, MEMBER)
    assert [(m.user_id, m.display_name, m.role) for m in members] == [
        (OWNER, "Julie M.", "owner"),
        (MEMBER, "Karim B.", "member"),
    ]
    await store.rename_team(team_id, MEMBER, "  CPTS   Bugey ")
    assert [t.name for t in await store.teams_of(OWNER)] == ["CPTS Bugey"]
    second = await store.create_team(MEMBER, "Autre")
    assert [t.id for t in await store.teams_of(MEMBER)] == [team_id, second.id]
    with pytest.raises(ValueError):
        await store.create_team(OWNER, "   ")


async def test_member_without_name_is_labelled(store: Store) -> None:
    team = await store.create_team(OWNER, "Sans nom")
    (member,) = await store.members(team.id, OWNER)
    assert member.display_name == UNNAMED_MEMBER
    assert (await store.set_answer(team.id, OWNER, "a.b", 1)).by == UNNAMED_MEMBER


async def test_leaving_passes_ownership_and_last_one_out_deletes(
    store: Store, team_id: int, db_path: Path
) -> None:
    await store.set_answer(team_id, MEMBER, "structure.name", "X")
    await store.save_session(Session(user_id=OWNER, active_team_id=team_id, state={"a": 1}))
    await store.leave_team(team_id, OWNER)
    assert await store.role(team_id, MEMBER) == "owner"
    assert await store.get_session(OWNER) == Session(user_id=OWNER)  # pointer cleared
    with pytest.raises(NotAMember):
        await store.dossier(team_id, OWNER)
    await store.leave_team(team_id, MEMBER)
    assert raw(db_path, "SELECT count(*) FROM teams WHERE id = ?", (team_id,)) == [(0,)]
    assert raw(db_path, "SELECT count(*) FROM answers") == [(0,)]


# --- privacy: membership and ownership --------------------------------------------------------

DossierCall = Callable[[Store, int, int], Awaitable[Any]]

DOSSIER_CALLS: list[tuple[str, DossierCall]] = [
    ("dossier", lambda s, t, u: s.dossier(t, u)),
    ("set_answer", lambda s, t, u: s.set_answer(t, u, "structure.name", "pirate")),
    ("set_unknown", lambda s, t, u: s.set_answer(t, u, "structure.name", None, "unknown")),
    ("clear_answer", lambda s, t, u: s.clear_answer(t, u, "structure.name")),
    ("add_row", lambda s, t, u: s.add_row(t, u, "members.people", {"name": "X"})),
    ("update_row", lambda s, t, u: s.update_row(t, u, "members.people", "r", {"name": "X"})),
    ("delete_row", lambda s, t, u: s.delete_row(t, u, "members.people", "r")),
    ("history", lambda s, t, u: s.history(t, u)),
    ("history_qid", lambda s, t, u: s.history(t, u, "structure.name")),
    ("export_team", lambda s, t, u: s.export_team(t, u)),
    ("members", lambda s, t, u: s.members(t, u)),
    ("rename_team", lambda s, t, u: s.rename_team(t, u, "Pirate")),
    ("create_invite", lambda s, t, u: s.create_invite(t, u)),
    ("revoke_invites", lambda s, t, u: s.revoke_invites(t, u)),
    ("leave_team", lambda s, t, u: s.leave_team(t, u)),
    ("delete_team", lambda s, t, u: s.delete_team(t, u)),
]


@pytest.mark.parametrize(("name", "call"), DOSSIER_CALLS, ids=[n for n, _ in DOSSIER_CALLS])
async def test_non_member_is_refused_and_changes_nothing(
    store: Store, team_id: int, db_path: Path, name: str, call: DossierCall
) -> None:
    await store.set_answer(team_id, OWNER, "structure.name", "Vraie valeur")
    dump_before = raw(db_path, "SELECT * FROM answers") + raw(db_path, "SELECT * FROM teams")
    with pytest.raises(NotAMember) as caught:
        await call(store, team_id, OUTSIDER)
    assert type(caught.value) is NotAMember
    assert raw(db_path, "SELECT * FROM answers") + raw(db_path, "SELECT * FROM teams") == (
        dump_before
    )
    assert len(await store.history(team_id, OWNER)) == 1
    with pytest.raises(TeamNotFound):  # a team that does not exist: same family of error
        await call(store, 9999, OWNER)


@pytest.mark.parametrize(
    "call",
    [lambda s, t, u: s.delete_team(t, u), lambda s, t, u: s.revoke_invites(t, u)],
    ids=["delete_team", "revoke_invites"],
)
async def test_owner_only_actions(store: Store, team_id: int, call: DossierCall) -> None:
    code = await store.create_invite(team_id, MEMBER)  # members may invite
    with pytest.raises(PermissionDenied):
        await call(store, team_id, MEMBER)
    assert await store.role(team_id, MEMBER) == "member"
    assert (await store.redeem_invite(code, OUTSIDER)).id == team_id  # nothing revoked
    await call(store, team_id, OWNER)


# --- dossier, groups, history ---------------------------------------------------------------


async def test_set_unknown_clear_and_history(store: Store, team_id: int, clock: Clock) -> None:
    answer = await store.set_answer(team_id, OWNER, "structure.name", "CPTS A")
    assert answer == Answer(value="CPTS A", status="answered", by="Julie M.", at=answer.at)
    assert datetime.fromisoformat(answer.at) == clock.current
    await store.set_answer(team_id, MEMBER, "structure.name", "CPTS B")
    await store.set_answer(team_id, MEMBER, "territory.population", None, status="unknown")
    dossier = await store.dossier(team_id, OWNER)
    assert dossier["structure.name"].value == "CPTS B"
    assert dossier["structure.name"].by == "Karim B."
    assert dossier["territory.population"].status == "unknown"
    await store.clear_answer(team_id, OWNER, "structure.name")
    await store.clear_answer(team_id, OWNER, "never.answered")  # nothing to clear: no entry
    assert "structure.name" not in await store.dossier(team_id, MEMBER)
    entries = await store.history(team_id, MEMBER, "structure.name")
    assert [(e.op, e.value, e.by_name) for e in entries] == [
        ("set", "CPTS A", "Julie M."),
        ("set", "CPTS B", "Karim B."),
        ("clear", None, "Julie M."),
    ]
    assert [e.at for e in entries] == sorted(e.at for e in entries)
    assert [e.op for e in await store.history(team_id, OWNER)] == [
        "set",
        "set",
        "unknown",
        "clear",
    ]
    with pytest.raises(ValueError):
        await store.set_answer(team_id, OWNER, "a.b", 1, status="maybe")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        await store.set_answer(team_id, OWNER, "a.b", float("nan"))


async def _five_rows(store: Store, team_id: int) -> list[str]:
    return [
        await store.add_row(team_id, OWNER if i % 2 else MEMBER, "members.people", {"n": i})
        for i in range(5)
    ]


async def test_update_third_of_five_rows_keeps_the_others(store: Store, team_id: int) -> None:
    ids = await _five_rows(store, team_id)
    await store.update_row(team_id, MEMBER, "members.people", ids[2], {"n": 22, "_id": "fake"})
    value = (await store.dossier(team_id, OWNER))["members.people"].value
    assert value == [
        {"_id": ids[0], "n": 0},
        {"_id": ids[1], "n": 1},
        {"_id": ids[2], "n": 22},
        {"_id": ids[3], "n": 3},
        {"_id": ids[4], "n": 4},
    ]
    assert len(set(ids)) == 5


async def test_delete_third_of_five_rows_keeps_the_others(store: Store, team_id: int) -> None:
    ids = await _five_rows(store, team_id)
    await store.delete_row(team_id, OWNER, "members.people", ids[2])
    value = (await store.dossier(team_id, OWNER))["members.people"].value
    assert value == [{"_id": ids[i], "n": i} for i in (0, 1, 3, 4)]
    last = (await store.history(team_id, OWNER, "members.people"))[-1]
    assert (last.op, last.value, last.by_user_id) == ("delete_row", {"_id": ids[2], "n": 2}, OWNER)


async def test_missing_row_raises_and_writes_nothing(store: Store, team_id: int) -> None:
    ids = await _five_rows(store, team_id)
    await store.delete_row(team_id, OWNER, "members.people", ids[0])
    before = await store.history(team_id, OWNER)
    with pytest.raises(RowNotFound):
        await store.update_row(team_id, MEMBER, "members.people", ids[0], {"n": 9})
    with pytest.raises(RowNotFound):
        await store.delete_row(team_id, MEMBER, "members.people", ids[0])
    assert await store.history(team_id, OWNER) == before
    assert len((await store.dossier(team_id, OWNER))["members.people"].value) == 4


async def test_rows_on_a_non_group_answer_are_refused(store: Store, team_id: int) -> None:
    await store.set_answer(team_id, OWNER, "structure.name", "texte")
    with pytest.raises(StoreError, match="not a repeatable group"):
        await store.add_row(team_id, OWNER, "structure.name", {"n": 1})
    await store.set_answer(team_id, OWNER, "members.people", None, "unknown")
    await store.add_row(team_id, OWNER, "members.people", {"n": 1})  # unknown → first row
    assert (await store.dossier(team_id, OWNER))["members.people"].status == "answered"


async def test_history_is_append_only_in_the_database(
    store: Store, team_id: int, db_path: Path
) -> None:
    await store.set_answer(team_id, OWNER, "structure.name", "X")
    with sqlite3.connect(db_path) as conn, pytest.raises(sqlite3.IntegrityError):
        conn.execute("UPDATE answer_history SET value = '\"forged\"'")
    with sqlite3.connect(db_path) as conn, pytest.raises(sqlite3.IntegrityError):
        conn.execute("DELETE FROM answer_history")
    assert (await store.history(team_id, OWNER))[0].value == "X"


async def test_export_contains_everything_and_is_json(store: Store, team_id: int) -> None:
    await store.set_answer(team_id, OWNER, "structure.name", "CPTS « Été »")
    await store.set_answer(team_id, MEMBER, "territory.population", None, "unknown")
    row_id = await store.add_row(team_id, MEMBER, "members.people", {"name": "Dr É", "rpps": 1})
    await store.clear_answer(team_id, OWNER, "territory.population")
    exported = json.loads(json.dumps(await store.export_team(team_id, MEMBER)))
    assert exported["team"]["name"] == "CPTS du Haut-Bugey"
    assert [(m["display_name"], m["role"]) for m in exported["members"]] == [
        ("Julie M.", "owner"),
        ("Karim B.", "member"),
    ]
    assert set(exported["members"][0]) == {"display_name", "role", "joined_at"}
    assert exported["answers"] == {
        "members.people": {
            "value": [{"_id": row_id, "name": "Dr É", "rpps": 1}],
            "status": "answered",
            "by": "Karim B.",
            "at": exported["answers"]["members.people"]["at"],
        },
        "structure.name": {
            "value": "CPTS « Été »",
            "status": "answered",
            "by": "Julie M.",
            "at": exported["answers"]["structure.name"]["at"],
        },
    }
    assert [(h["qid"], h["op"], h["by_name"]) for h in exported["history"]] == [
        ("structure.name", "set", "Julie M."),
        ("territory.population", "unknown", "Karim B."),
        ("members.people", "add_row", "Karim B."),
        ("territory.population", "clear", "Julie M."),
    ]
    text = json.dumps(exported)
    assert str(OWNER) not in text and str(MEMBER) not in text  # no user ids leave the store


# --- deletion -------------------------------------------------------------------------------

TEAM_TABLES = ["memberships", "invites", "answers", "answer_history"]


async def test_delete_team_removes_every_row_of_the_team(
    store: Store, team_id: int, db_path: Path
) -> None:
    await store.set_answer(team_id, OWNER, "structure.secret", "Mot-très-secret-123")
    other = await store.create_team(OUTSIDER, "Autre équipe")
    for tid, uid in ((team_id, OWNER), (other.id, OUTSIDER)):
        await store.set_answer(tid, uid, "structure.name", "X")
        await store.add_row(tid, uid, "members.people", {"n": 1})
        await store.create_invite(tid, uid)
    await store.save_session(Session(user_id=MEMBER, active_team_id=team_id, state={"m": 1}))
    await store.save_session(Session(user_id=OUTSIDER, active_team_id=other.id, state={"m": 2}))
    for table in TEAM_TABLES:
        assert raw(db_path, f"SELECT count(*) FROM {table} WHERE team_id = ?", (team_id,))[0][0]

    await store.delete_team(team_id, OWNER)

    for table in TEAM_TABLES:
        assert raw(db_path, f"SELECT count(*) FROM {table} WHERE team_id = ?", (team_id,)) == [
            (0,)
        ], table
        assert raw(db_path, f"SELECT count(*) FROM {table} WHERE team_id = ?", (other.id,))[0][0]
    assert raw(db_path, "SELECT count(*) FROM teams WHERE id = ?", (team_id,)) == [(0,)]
    assert raw(db_path, "SELECT count(*) FROM sessions WHERE active_team_id = ?", (team_id,)) == [
        (0,)
    ]
    assert await store.get_session(MEMBER) == Session(user_id=MEMBER)
    assert await store.get_session(OUTSIDER) == Session(
        user_id=OUTSIDER, active_team_id=other.id, state={"m": 2}
    )
    assert await store.teams_of(OWNER) == []
    with pytest.raises(TeamNotFound):
        await store.dossier(team_id, OWNER)
    assert b"Mot-tr" not in _file_bytes(db_path)  # overwritten, not just unlinked
    new = await store.create_team(OWNER, "Nouvelle")
    assert new.id not in (team_id, other.id)  # ids are never reused


async def test_delete_user_data(store: Store, team_id: int, db_path: Path) -> None:
    await store.set_answer(team_id, MEMBER, "structure.name", "Par Karim")
    await store.save_session(Session(user_id=MEMBER, active_team_id=team_id, state={"x": 1}))
    solo = await store.create_team(MEMBER, "Équipe solo")
    await store.set_answer(solo.id, MEMBER, "structure.name", "Seul")

    await store.delete_user_data(MEMBER)

    assert await store.display_name(MEMBER) is None
    assert await store.get_session(MEMBER) == Session(user_id=MEMBER)
    assert await store.teams_of(MEMBER) == []
    answer = (await store.dossier(team_id, OWNER))["structure.name"]
    assert (answer.value, answer.by) == ("Par Karim", FORMER_MEMBER)
    (entry,) = await store.history(team_id, OWNER)
    assert (entry.by_user_id, entry.by_name) == (None, FORMER_MEMBER)
    for table, column in [
        ("users", "id"),
        ("memberships", "user_id"),
        ("sessions", "user_id"),
        ("answers", "by_user_id"),
        ("answer_history", "by_user_id"),
        ("invites", "created_by"),
    ]:
        assert raw(db_path, f"SELECT count(*) FROM {table} WHERE {column} = ?", (MEMBER,)) == [
            (0,)
        ], table
    assert raw(db_path, "SELECT count(*) FROM teams WHERE id = ?", (solo.id,)) == [(0,)]
    assert b"Karim B." not in _file_bytes(db_path)  # secure_delete + checkpoint: no remnant
    assert await store.role(team_id, OWNER) == "owner"


# --- sessions -------------------------------------------------------------------------------


async def test_sessions(store: Store, team_id: int) -> None:
    assert await store.get_session(MEMBER) == Session(user_id=MEMBER, active_team_id=None)
    session = Session(user_id=MEMBER, active_team_id=team_id, state={"mode": "question"})
    await store.save_session(session)
    assert await store.get_session(MEMBER) == session
    session.state["qid"] = "structure.name"
    await store.save_session(session)
    assert (await store.get_session(MEMBER)).state == {"mode": "question", "qid": "structure.name"}
    # a pointer to a team the user is not in (left or deleted meanwhile) is not stored
    await store.save_session(Session(user_id=OUTSIDER, active_team_id=team_id, state={"a": 1}))
    assert await store.get_session(OUTSIDER) == Session(user_id=OUTSIDER)
    await store.save_session(Session(user_id=OUTSIDER, state={"mode": "idle"}))
    assert (await store.get_session(OUTSIDER)).state == {"mode": "idle"}


# --- logs -----------------------------------------------------------------------------------


async def test_no_personal_data_in_logs(store: Store, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    secret_name, secret_value, user = "Zoé Confidentielle", "adresse-secrète-42", 987654321
    await store.upsert_user(user, secret_name)
    team = await store.create_team(user, "Équipe Zoé")
    code = await store.create_invite(team.id, user)
    await store.redeem_invite(code, OUTSIDER)
    await store.set_answer(team.id, user, "structure.address", secret_value)
    await store.add_row(team.id, user, "members.people", {"name": secret_name})
    await store.export_team(team.id, user)
    await store.delete_user_data(user)
    text = caplog.text + " ".join(str(r.args) for r in caplog.records)
    assert caplog.records  # the store does log (team ids, counts)
    for secret in (secret_name, secret_value, str(user), code, "Zoé"):
        assert secret not in text


async def test_erasure_leaves_no_copy_in_the_wal_even_with_a_concurrent_reader(
    store: Store, team_id: int, db_path: Path
) -> None:
    """A reader holding a snapshot blocks the WAL truncation; the store waits for it, so
    no copy of the erased answers stays in ``-wal`` (127 stayed before this was fixed)."""
    import asyncio
    import sqlite3

    secret = "Réponse-très-confidentielle-42"
    for i in range(30):
        await store.set_answer(team_id, OWNER, f"structure.q{i}", f"{secret}-{i}")
    reader = sqlite3.connect(db_path, check_same_thread=False)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM answers").fetchall()  # holds a read snapshot

    async def release_reader_later() -> None:
        await asyncio.sleep(0.3)
        reader.execute("COMMIT")

    releasing = asyncio.create_task(release_reader_later())
    await store.delete_team(team_id, OWNER)
    await releasing
    reader.close()
    wal = db_path.with_name(db_path.name + "-wal")
    assert secret.encode() not in (wal.read_bytes() if wal.exists() else b"")
    assert secret.encode() not in _file_bytes(db_path)


async def test_erasure_purge_stays_pending_while_a_reader_never_lets_go(
    store: Store, team_id: int, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sqlite3

    import bot.store.store as store_module

    monkeypatch.setattr(store_module, "PURGE_WAIT_S", 0.1, raising=False)
    secret = "Encore-un-secret-77"
    await store.set_answer(team_id, OWNER, "structure.name", secret)
    reader = sqlite3.connect(db_path)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM answers").fetchall()
    await store.delete_team(team_id, OWNER)
    reader.execute("COMMIT")
    reader.close()
    # the next write retries the purge
    await store.create_team(OWNER, "Après")
    wal = db_path.with_name(db_path.name + "-wal")
    assert secret.encode() not in (wal.read_bytes() if wal.exists() else b"")


async def test_rows_added_one_at_a_time_stop_at_the_limit(store: Store, team_id: int) -> None:
    from bot.store import TooManyRows

    for i in range(3):
        await store.add_row(team_id, OWNER, "members.people", {"n": i}, max_rows=3)
    with pytest.raises(TooManyRows):
        await store.add_row(team_id, OWNER, "members.people", {"n": 4}, max_rows=3)
    dossier = await store.dossier(team_id, OWNER)
    assert len(dossier["members.people"].value) == 3
