"""``cpts-bot verifier`` and ``documents`` on a good file, a bad file and a missing file."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot import cli
from bot.documents import catalog, service
from bot.paths import DATA_DIR, ROOT

EXAMPLE = DATA_DIR / "examples" / "cpts_exemple.yaml"


def example_with(tmp_path: Path, change: Any) -> Path:
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / "dossier.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def drop_crisis_sheet(data: dict[str, Any]) -> None:
    sheets = data["answers"]["actions.sheets"]
    data["answers"]["actions.sheets"] = [s for s in sheets if s["mission"] != "crise"]


def bad_email(data: dict[str, Any]) -> None:
    data["answers"]["structure.email"] = "pas une adresse"


def test_verifier_good_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["verifier", "--dossier", str(EXAMPLE)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Vérification avant dépôt — CPTS Loire et Sucs")
    assert "0 point bloquant" in out


def test_verifier_blocking_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = example_with(tmp_path, drop_crisis_sheet)
    assert cli.main(["verifier", "--dossier", str(path)]) == 1
    out = capsys.readouterr().out
    assert "Bloquant" in out and "Réponse aux crises sanitaires graves" in out


def test_verifier_bad_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = example_with(tmp_path, bad_email)
    assert cli.main(["verifier", "--dossier", str(path)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert str(path) in captured.err and "« answers.structure.email »" in captured.err


def test_verifier_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["verifier", "--dossier", str(tmp_path / "absent.json")]) == 2
    assert "Fichier introuvable" in capsys.readouterr().err


def expected_files() -> int:
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    sheets = len(data["answers"]["actions.sheets"])
    return sum(1 + (sheets if spec.per_action else 0) for spec in catalog.documents())


@pytest.mark.parametrize("version", ["travail", "envoi"])
def test_documents_good_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], version: str
) -> None:
    out = tmp_path / "docs"
    argv = ["documents", "--dossier", str(EXAMPLE), "--out", str(out), "--version", version]
    assert cli.main(argv) == 0
    docx = sorted(out.glob("*.docx"))
    assert len(docx) == expected_files()
    for path in docx:
        with zipfile.ZipFile(path) as archive:
            assert "word/document.xml" in archive.namelist()
    report = out / "verification-avant-depot.txt"
    assert report.exists() == (version == "travail")
    assert f"version {version}" in capsys.readouterr().out


def test_documents_version_reaches_the_service(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: set[str] = set()
    real = service.render_document

    def spy(*args: Any, **kwargs: Any) -> bytes:
        seen.add(kwargs["version"])
        return real(*args, **kwargs)

    monkeypatch.setattr(service, "render_document", spy)
    argv = ["documents", "--dossier", str(EXAMPLE), "--out", str(tmp_path / "o")]
    assert cli.main([*argv, "--version", "envoi"]) == 0
    assert seen == {"envoi"}


@pytest.mark.parametrize("make", ["bad", "missing"])
def test_documents_bad_or_missing_file_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], make: str
) -> None:
    path = example_with(tmp_path, bad_email) if make == "bad" else tmp_path / "absent.yaml"
    out = tmp_path / "docs"
    assert cli.main(["documents", "--dossier", str(path), "--out", str(out)]) == 2
    assert not out.exists()
    assert str(path) in capsys.readouterr().err


def test_documents_render_failure_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    calls = 0
    real = service.render_document

    def flaky(*args: Any, **kwargs: Any) -> bytes:
        nonlocal calls
        calls += 1
        if calls == 3:
            raise RuntimeError("gabarit cassé")
        return real(*args, **kwargs)

    monkeypatch.setattr(service, "render_document", flaky)
    out = tmp_path / "docs"
    assert cli.main(["documents", "--dossier", str(EXAMPLE), "--out", str(out)]) == 1
    assert not out.exists()
    assert "Aucun fichier n'a été écrit" in capsys.readouterr().err


def test_documents_out_is_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "file.txt"
    out.write_text("x", encoding="utf-8")
    assert cli.main(["documents", "--dossier", str(EXAMPLE), "--out", str(out)]) == 2
    assert out.read_text(encoding="utf-8") == "x"
    assert "n'est pas un dossier" in capsys.readouterr().err


def test_cli_stays_lazy() -> None:
    """Importing the CLI must not load the readiness rules, documents or pydantic dossiers."""
    code = (
        "import sys, bot.cli; "
        "print(any(m in sys.modules for m in "
        "('bot.facilitator', 'bot.dialogs.readiness', 'bot.documents.service')))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "False"


def test_console_entry_point_exit_code(tmp_path: Path) -> None:
    path = example_with(tmp_path, drop_crisis_sheet)
    done = subprocess.run(
        [sys.executable, "-m", "bot.cli", "verifier", "--dossier", str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 1 and "Bloquant" in done.stdout
