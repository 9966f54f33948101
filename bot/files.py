"""Generated files (Word drafts, PDFs, JSON exports) have a short, bounded life on disk.

Everything the bot writes for a team goes under ``<files dir>/team-<id>/`` (the files dir is
``CPTS_DOCUMENTS_DIR`` or a « documents » folder next to the database), one fresh
sub-folder per request, so two presses never share a file. A file is deleted as soon as a
transport has sent it (``discard``); whatever is left (the terminal chat shows a path the
person opens later) is swept after ``RETENTION`` by ``sweep``, which runs at start-up and
after each generation. Deleting a team (``delete_team``) removes its folder at once.
"""

from __future__ import annotations

import contextlib
import logging
import secrets
import shutil
import time
from pathlib import Path

log = logging.getLogger(__name__)

RETENTION_S = 3600  # one hour: long enough to open a draft, short enough to hold nothing
TEAM_PREFIX = "team-"


def discard_sent(path: Path) -> None:
    """Delete a file a transport has sent, and its generation folder once empty.

    Only the file's own folder goes, never a parent: the folder is one generation's
    (``GeneratedFiles.new_dir``)."""
    path.unlink(missing_ok=True)
    with contextlib.suppress(OSError):  # not empty, or already gone: the sweep sees to it
        path.parent.rmdir()


class GeneratedFiles:
    def __init__(self, root: Path, retention_s: float = RETENTION_S) -> None:
        self.root = root
        self.retention_s = retention_s

    def team_root(self, team_id: int) -> Path:
        return self.root / f"{TEAM_PREFIX}{int(team_id)}"

    def new_dir(self, team_id: int) -> Path:
        """A fresh, private folder for one generation."""
        path = self.team_root(team_id) / secrets.token_hex(6)
        path.mkdir(parents=True, exist_ok=False, mode=0o700)
        return path

    def discard(self, path: Path) -> None:
        """Delete a sent file, and its folder when nothing else is left in it."""
        if not self._inside(path):
            return
        path.unlink(missing_ok=True)
        folder = path.parent
        if folder != self.root and self._inside(folder) and not any(folder.iterdir()):
            folder.rmdir()

    def delete_team(self, team_id: int) -> None:
        shutil.rmtree(self.team_root(team_id), ignore_errors=True)

    def sweep(self, now: float | None = None) -> int:
        """Delete generation folders older than the retention; returns how many went."""
        if not self.root.is_dir():
            return 0
        limit = (time.time() if now is None else now) - self.retention_s
        removed = 0
        for team in self.root.glob(f"{TEAM_PREFIX}*"):
            for folder in team.iterdir():
                if folder.stat().st_mtime < limit:
                    shutil.rmtree(
                        folder, ignore_errors=True
                    ) if folder.is_dir() else folder.unlink()
                    removed += 1
            if not any(team.iterdir()):
                team.rmdir()
        if removed:
            log.info("swept %d generated folder(s)", removed)
        return removed

    def _inside(self, path: Path) -> bool:
        try:
            path.resolve().relative_to(self.root.resolve())
        except ValueError:
            return False
        return True
