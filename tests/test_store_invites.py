"""Invites: unguessable, deep-link safe, hash-only, expiring, revocable, multi-use."""

from __future__ import annotations

import hashlib
import re
from datetime import timedelta
from pathlib import Path

import pytest

from bot.store import DEFAULT_INVITE_TTL, InviteInvalid, NotAMember, Store
from bot.store.codes import INVITE_BYTES
from tests.test_store import MEMBER, OUTSIDER, OWNER, Clock, raw

DEEP_LINK_PAYLOAD = re.compile(r"[A-Za-z0-9_-]{1,64}")  # Telegram /start parameter
MIN_BITS = 72


async def test_codes_are_unique_long_and_deep_link_safe(store: Store, team_id: int) -> None:
    codes = [await store.create_invite(team_id, OWNER) for _ in range(200)]
    assert len(set(codes)) == 200
    for code in codes:
        assert DEEP_LINK_PAYLOAD.fullmatch(code)
        assert len(code) * 6 >= MIN_BITS  # base64url: 6 bits per character
    assert INVITE_BYTES * 8 >= MIN_BITS


async def test_only_the_hash_is_stored(store: Store, team_id: int, db_path: Path) -> None:
    code = await store.create_invite(team_id, OWNER)
    stored = raw(db_path, "SELECT code_sha256 FROM invites WHERE team_id = ?", (team_id,))
    assert (hashlib.sha256(code.encode()).hexdigest(),) in stored
    files = b"".join(p.read_bytes() for p in db_path.parent.glob(db_path.name + "*"))
    assert hashlib.sha256(code.encode()).hexdigest().encode() in files  # we read the right files
    assert code.encode() not in files


async def test_multi_use_until_expiry(store: Store, team_id: int, clock: Clock) -> None:
    code = await store.create_invite(team_id, OWNER)
    third = 5_550_004_043
    assert (await store.redeem_invite(code, OUTSIDER)).id == team_id
    clock.advance(DEFAULT_INVITE_TTL - timedelta(seconds=10))
    assert (await store.redeem_invite(f"  {code}\n", third)).id == team_id  # pasted with blanks
    assert await store.role(team_id, third) == "member"
    clock.advance(timedelta(seconds=10))
    with pytest.raises(InviteInvalid) as caught:
        await store.redeem_invite(code, 5_550_005_057)
    assert caught.value.reason == "expired"
    assert await store.role(team_id, 5_550_005_057) is None


async def test_custom_lifetime(store: Store, team_id: int, clock: Clock) -> None:
    code = await store.create_invite(team_id, OWNER, ttl=timedelta(hours=1))
    clock.advance(timedelta(hours=1))
    with pytest.raises(InviteInvalid, match="expired"):
        await store.redeem_invite(code, OUTSIDER)
    with pytest.raises(ValueError):
        await store.create_invite(team_id, OWNER, ttl=timedelta(0))


async def test_revoked(store: Store, team_id: int, clock: Clock) -> None:
    old = await store.create_invite(team_id, OWNER, ttl=timedelta(minutes=1))
    clock.advance(timedelta(minutes=2))
    live = [await store.create_invite(team_id, MEMBER) for _ in range(2)]
    # live: the seeding invite + these two; the expired one is not counted
    assert await store.revoke_invites(team_id, OWNER) == 3
    assert await store.revoke_invites(team_id, OWNER) == 0
    for code in live:
        with pytest.raises(InviteInvalid) as caught:
            await store.redeem_invite(code, OUTSIDER)
        assert caught.value.reason == "revoked"
    with pytest.raises(InviteInvalid, match="expired"):
        await store.redeem_invite(old, OUTSIDER)
    fresh = await store.create_invite(team_id, OWNER)  # new codes work after a revocation
    assert (await store.redeem_invite(fresh, OUTSIDER)).id == team_id


@pytest.mark.parametrize(
    "code",
    ["", "   ", "abc", "A" * 22, "x" * 65, "é" * 22, "a b c d e f g h i j k", "'; DROP TABLE--"],
)
async def test_unknown(store: Store, team_id: int, code: str) -> None:
    with pytest.raises(InviteInvalid) as caught:
        await store.redeem_invite(code, OUTSIDER)
    assert caught.value.reason == "unknown"
    assert await store.teams_of(OUTSIDER) == []


async def test_joining_twice_is_idempotent(store: Store, team_id: int, clock: Clock) -> None:
    code = await store.create_invite(team_id, MEMBER)
    first = await store.redeem_invite(code, OUTSIDER)
    again = await store.redeem_invite(code, OUTSIDER)
    assert first == again
    assert await store.redeem_invite(code, OWNER) == first  # the owner stays owner
    assert await store.role(team_id, OWNER) == "owner"
    assert len(await store.members(team_id, OWNER)) == 3
    await store.revoke_invites(team_id, OWNER)
    clock.advance(timedelta(days=30))
    assert await store.redeem_invite(code, OUTSIDER) == first  # already in: no error


async def test_invites_need_membership_and_die_with_the_team(
    store: Store, team_id: int, db_path: Path
) -> None:
    with pytest.raises(NotAMember):
        await store.create_invite(team_id, OUTSIDER)
    code = await store.create_invite(team_id, OWNER)
    await store.delete_team(team_id, OWNER)
    with pytest.raises(InviteInvalid, match="unknown"):
        await store.redeem_invite(code, OUTSIDER)
    assert raw(db_path, "SELECT count(*) FROM invites") == [(0,)]
