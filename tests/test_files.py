"""Generated files live under the files dir, per team, and do not outlive their use."""

from __future__ import annotations

import os
import time
from pathlib import Path

from bot.config import Settings
from bot.files import GeneratedFiles


def test_folders_are_per_team_and_fresh(tmp_path: Path) -> None:
    files = GeneratedFiles(tmp_path / "docs")
    a, b = files.new_dir(1), files.new_dir(1)
    assert a != b and a.parent == b.parent == tmp_path / "docs" / "team-1"
    assert files.new_dir(2).parent == tmp_path / "docs" / "team-2"


def test_discard_removes_the_file_and_its_empty_folder(tmp_path: Path) -> None:
    files = GeneratedFiles(tmp_path)
    folder = files.new_dir(7)
    doc = folder / "brouillon.docx"
    doc.write_bytes(b"x")
    files.discard(doc)
    assert not doc.exists() and not folder.exists()
    outside = tmp_path.parent / "not-ours.txt"
    outside.write_text("keep")
    files.discard(outside)  # never deletes outside its root
    assert outside.exists()
    outside.unlink()


def test_delete_team_removes_everything_of_that_team_only(tmp_path: Path) -> None:
    files = GeneratedFiles(tmp_path)
    (files.new_dir(1) / "a.docx").write_bytes(b"1")
    (files.new_dir(1) / "export.json").write_bytes(b"1")
    (files.new_dir(2) / "b.docx").write_bytes(b"2")
    files.delete_team(1)
    assert not files.team_root(1).exists()
    assert any(files.team_root(2).rglob("*.docx"))


def test_sweep_deletes_only_what_is_older_than_the_retention(tmp_path: Path) -> None:
    files = GeneratedFiles(tmp_path, retention_s=60)
    old, new = files.new_dir(1), files.new_dir(1)
    (old / "a.docx").write_bytes(b"1")
    (new / "b.docx").write_bytes(b"2")
    past = time.time() - 120
    os.utime(old, (past, past))
    assert files.sweep() == 1
    assert not old.exists() and new.exists()
    assert files.sweep(now=time.time() + 3600) == 1
    assert not files.team_root(1).exists()


def test_files_dir_is_next_to_the_database_unless_set(tmp_path: Path, monkeypatch: object) -> None:
    settings = Settings(CPTS_DB=str(tmp_path / "data" / "cpts.sqlite3"))
    assert settings.files_dir == tmp_path / "data" / "documents"
    settings = Settings(CPTS_DB=str(tmp_path / "x.sqlite3"), CPTS_DOCUMENTS_DIR=str(tmp_path / "d"))
    assert settings.files_dir == tmp_path / "d"
