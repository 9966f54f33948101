"""Persistence: teams, members, invites, dossiers with history, sessions (aiosqlite).

The only package that writes SQL. Import ``Store`` and the exceptions from here.
"""

from bot.store.errors import (
    InviteInvalid,
    NotAMember,
    PermissionDenied,
    RowNotFound,
    StoreError,
    TeamNotFound,
    TooManyRows,
)
from bot.store.models import (
    FORMER_MEMBER,
    UNNAMED_MEMBER,
    Answer,
    HistoryEntry,
    Member,
    Session,
    Team,
)
from bot.store.store import DEFAULT_INVITE_TTL, Store

__all__ = [
    "DEFAULT_INVITE_TTL",
    "FORMER_MEMBER",
    "Answer",
    "HistoryEntry",
    "InviteInvalid",
    "Member",
    "NotAMember",
    "PermissionDenied",
    "RowNotFound",
    "TooManyRows",
    "Session",
    "Store",
    "StoreError",
    "Team",
    "TeamNotFound",
    "UNNAMED_MEMBER",
]
