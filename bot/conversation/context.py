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
    _dossier: dict[str, Answer] | None = None

    def say(self, text: str, buttons: list[list[Button]] | None = None) -> None:
        self.replies.append(Reply(text=text, buttons=buttons or []))

    def send(self, reply: Reply) -> None:
        self.replies.append(reply)
