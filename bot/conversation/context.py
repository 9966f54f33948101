"""The state of one message being handled: who, their session, and the replies so far."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.conversation.messages import Button, Reply, UserRef
from bot.conversation.state import ConvState
from bot.dialogs.schema import Answer


@dataclass
class Ctx:
    user: UserRef
    state: ConvState
    team_id: int | None
    replies: list[Reply] = field(default_factory=list)
    forget_user: bool = False  # the person erased their data: write nothing back
    _dossier: dict[str, Answer] | None = None
    _notes: list[str] = field(default_factory=list)
    _lead_buttons: list[list[Button]] = field(default_factory=list)

    def note(self, text: str) -> None:
        """A short line (« ✔️ enregistré », an error) sent on top of the next message.

        One message per step instead of two: less noise on a phone, one request fewer.
        """
        if text:
            self._notes.append(text)

    def lead(self, text: str, buttons: list[list[Button]]) -> None:
        """A note with its own buttons (a FAQ answer and its details), put on top of the
        next message: the answer and the question asked again arrive as one message."""
        self.note(text)
        self._lead_buttons.extend(buttons)

    def say(self, text: str, buttons: list[list[Button]] | None = None) -> None:
        self.replies.append(
            Reply(text=self._with_notes(text), buttons=self._with_lead(buttons or []))
        )

    def send(self, reply: Reply) -> None:
        if self._notes or self._lead_buttons:
            reply = reply.model_copy(
                update={
                    "text": self._with_notes(reply.text),
                    "buttons": self._with_lead(reply.buttons),
                }
            )
        self.replies.append(reply)

    def cached_dossier(self) -> dict[str, Answer] | None:
        """The dossier read during this message, if any (one read per message)."""
        return self._dossier

    def set_dossier(self, dossier: dict[str, Answer] | None) -> None:
        self._dossier = dossier

    def add_buttons(self, row: list[Button]) -> None:
        """Put a row of buttons first on the last message (e.g. « Annuler la modification »)."""
        if not self.replies:
            self.say("", [row])
            return
        last = self.replies[-1]
        self.replies[-1] = last.model_copy(update={"buttons": [row, *last.buttons]})

    def toast(self, text: str) -> None:
        """A pop-up on the pressed button and nothing else (refused or old buttons)."""
        self.replies.append(Reply(toast=text))

    def flush(self) -> None:
        """Send notes that no message followed."""
        if self._notes or self._lead_buttons:
            self.replies.append(Reply(text=self._with_notes(""), buttons=self._with_lead([])))

    def _with_lead(self, buttons: list[list[Button]]) -> list[list[Button]]:
        lead, self._lead_buttons = self._lead_buttons, []
        return [*lead, *buttons]

    def _with_notes(self, text: str) -> str:
        parts = [*self._notes, text] if text else list(self._notes)
        self._notes.clear()
        return "\n\n".join(parts) if parts else text
