"""Per-user conversation state, persisted in the store's session so a restart loses nothing."""

from __future__ import annotations

import secrets
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

Mode = Literal[
    "idle",  # no pending question: free text goes to the FAQ
    "question",  # ``qid`` is pending
    "row",  # filling one row of the repeatable group ``qid``
    "team_name",  # waiting for the name of a new team
    "invite_code",  # waiting for an invite code
]


class RowDraft(BaseModel):
    """A row of a repeatable group being typed, kept until its last field is answered."""

    model_config = ConfigDict(extra="forbid")

    row_id: str | None = None  # set when editing an existing row
    values: dict[str, Any] = {}
    field: str | None = None
    # a row typed on one line: only these (required, still missing) fields are asked
    only: list[str] | None = None


class UndoEntry(BaseModel):
    """The answer before the last change made by this person (for « Annuler la modification »)."""

    model_config = ConfigDict(extra="forbid")

    qid: str
    value: Any = None
    status: str = "answered"
    stamp: str  # fingerprint of the changed answer: the undo is refused once it changed again


class ConvState(BaseModel):
    model_config = ConfigDict(extra="ignore")

    mode: Mode = "idle"
    name: str = ""  # last display name written to the store
    interview: str | None = None
    qid: str | None = None
    tok: str = ""  # stamp of the prompt on screen: buttons carrying another stamp are stale
    row: RowDraft | None = None
    multi: list[str] = []  # multi-choice selection being built with buttons
    queue: list[str] = []  # questions to ask after an edit (their ``when`` just became true)
    resume_qid: str | None = None  # where the interview goes on after an edit
    editing: bool = False  # the pending question was opened from the review
    review_return: int | None = None  # section of the review to go back to after that edit
    delete_tok: str = ""  # stamp of a pending « delete the team » confirmation
    undo: UndoEntry | None = None
    pending_options: list[str] = []  # answer texts, one per candidate of an ambiguous name
    pending_text: str = ""  # a typed text that may be a question or an answer (not stored yet)

    def new_tok(self) -> str:
        self.tok = secrets.token_urlsafe(3)
        return self.tok
