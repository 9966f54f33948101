"""Store exceptions: one base class so callers can catch every storage refusal at once.

Messages carry team ids at most, never user ids, names or invite codes, because an error
handler may log them.
"""

from __future__ import annotations

from typing import Literal

InviteFailure = Literal["unknown", "expired", "revoked"]


class StoreError(Exception):
    """Base class of every error raised on purpose by the store."""


class NotAMember(StoreError):
    """The caller is not a member of the team it tries to read or change."""


class TeamNotFound(NotAMember):
    """The team does not exist (deleted, or never created).

    A subclass of ``NotAMember`` so that a stale team id (e.g. in an old button) is handled
    like any other team the caller cannot see.
    """


class PermissionDenied(StoreError):
    """The caller is a member but the action is reserved to the team owner."""


class InviteInvalid(StoreError):
    """An invite code cannot be redeemed; ``reason`` says why (to pick the French message)."""

    def __init__(self, reason: InviteFailure) -> None:
        super().__init__(f"invite {reason}")
        self.reason: InviteFailure = reason


class RowNotFound(StoreError):
    """No row with this id in the repeatable group (deleted meanwhile by another member)."""


class TooManyRows(StoreError):
    """A repeatable group already holds the most rows a question may have."""

    def __init__(self, qid: str, limit: int) -> None:
        super().__init__(f"{qid}: at most {limit} rows")
        self.qid = qid
        self.limit = limit
