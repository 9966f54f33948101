"""Typed values the store returns. Timestamps are ISO-8601 UTC strings, like ``Answer.at``."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from bot.dialogs.schema import Answer, AnswerStatus

Role = Literal["owner", "member"]
HistoryOp = Literal["set", "unknown", "clear", "add_row", "update_row", "delete_row"]

# Author labels the store resolves itself (short French words, kept beside the models):
FORMER_MEMBER = "ancien membre"  # the author deleted their data
UNNAMED_MEMBER = "membre"  # joined before any upsert_user gave a display name


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Team(_Frozen):
    id: int
    name: str
    created_at: str


class Member(_Frozen):
    user_id: int
    display_name: str
    role: Role
    joined_at: str


class HistoryEntry(_Frozen):
    """One change of the dossier.

    ``value`` is what the operation wrote: the answer for ``set``/``unknown``, the row for
    ``add_row``/``update_row``, the removed row for ``delete_row``, ``None`` for ``clear``.
    ``by_user_id`` is ``None`` once the author has deleted their data.
    """

    qid: str
    op: HistoryOp
    value: Any = None
    status: AnswerStatus | None = None
    by_user_id: int | None
    by_name: str
    at: str


class Session(BaseModel):
    """Per-user conversation state kept across restarts; ``state`` is opaque to the store."""

    model_config = ConfigDict(extra="forbid")

    user_id: int
    active_team_id: int | None = None
    state: dict[str, Any] = Field(default_factory=dict)


__all__ = [
    "FORMER_MEMBER",
    "UNNAMED_MEMBER",
    "Answer",
    "AnswerStatus",
    "HistoryEntry",
    "HistoryOp",
    "Member",
    "Role",
    "Session",
    "Team",
]
