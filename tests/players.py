"""A scripted user talking to the real Conversation (real store on a tmp SQLite file)."""

from __future__ import annotations

from bot.conversation.messages import Button, Incoming, Reply, UserRef


class Player:
    def __init__(self, conversation, user_id: int, name: str) -> None:
        self.conversation = conversation
        self.user = UserRef(id=user_id, display_name=name)
        self.replies: list[Reply] = []
        self.all_replies: list[Reply] = []

    async def _send(self, incoming: Incoming) -> list[Reply]:
        self.replies = await self.conversation.handle(incoming)
        self.all_replies.extend(self.replies)
        return self.replies

    async def say(self, text: str) -> list[Reply]:
        return await self._send(Incoming(user=self.user, kind="text", text=text))

    async def press_data(self, data: str) -> list[Reply]:
        return await self._send(Incoming(user=self.user, kind="button", data=data))

    async def press(self, label_part: str) -> list[Reply]:
        return await self.press_data(self.button(label_part).data)

    async def send_media(self, media: str) -> list[Reply]:
        return await self._send(Incoming(user=self.user, kind="non_text", media=media))

    def buttons(self) -> list[Button]:
        return [b for r in self.replies for row in r.buttons for b in row]

    def button(self, label_part: str) -> Button:
        matches = [b for b in self.buttons() if label_part in b.label]
        if not matches:
            labels = [b.label for b in self.buttons()]
            raise AssertionError(f"no button containing {label_part!r} in {labels}")
        return matches[0]

    @property
    def text(self) -> str:
        return "\n".join(r.text for r in self.replies)

    @property
    def toast(self) -> str:
        """The pop-up answer of the last press (refused or old buttons)."""
        return "\n".join(r.toast for r in self.replies if r.toast)

    async def stored(self, team_id: int | None = None) -> dict:
        """The team's dossier as stored (what a test checks was, or was not, saved)."""
        store = self.conversation.svc.store
        session = await store.get_session(self.user.id)
        return await store.dossier(team_id or session.active_team_id, self.user.id)

    async def state(self) -> dict:
        session = await self.conversation.svc.store.get_session(self.user.id)
        return session.state

    async def pending(self) -> str | None:
        return (await self.state()).get("qid")
