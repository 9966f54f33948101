"""What every conversation module needs: the services, and the team's dossier for a message."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bot.conversation.context import Ctx
from bot.dialogs.loader import Bundle
from bot.dialogs.schema import Answer
from bot.files import GeneratedFiles
from bot.store import Store


@dataclass
class Services:
    store: Store
    bundle: Bundle
    files_dir: Path

    @property
    def files(self) -> GeneratedFiles:
        """Per-team folders for generated drafts and exports (bounded life on disk)."""
        return GeneratedFiles(self.files_dir)


async def dossier(ctx: Ctx, svc: Services, *, fresh: bool = False) -> dict[str, Answer]:
    """The team's answers, read once per message (``fresh`` after a write)."""
    if ctx.team_id is None:
        return {}
    cached = ctx.cached_dossier()
    if cached is None or fresh:
        cached = await svc.store.dossier(ctx.team_id, ctx.user.id)
        ctx.set_dossier(cached)
    return cached
