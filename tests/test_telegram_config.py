"""Settings from the environment, and ``cpts-bot run`` choosing Telegram or the terminal."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import ValidationError

from bot.config import TELEGRAM_API_URL, Settings
from bot.telegram.app import webhook_options
from bot.telegram.ui import ui_text

CPTS_BOT = str(Path(sys.executable).parent / "cpts-bot")


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for key in list(os.environ):
        if key.startswith(("CPTS_", "TELEGRAM_")):
            monkeypatch.delenv(key)


def test_defaults(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    settings = Settings()
    assert settings.token is None
    assert settings.telegram_base_url == TELEGRAM_API_URL
    assert settings.db_path == Path("var/cpts.sqlite3")
    assert (tmp_path / "var").is_dir()  # parent of the database created
    assert (settings.webhook_url, settings.webhook_listen, settings.webhook_port) == (
        None,
        "127.0.0.1",
        8443,
    )
    assert settings.admin_ids == []


def test_environment_names(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    env = {
        "TELEGRAM_BOT_TOKEN": "42:abc",
        "TELEGRAM_BASE_URL": "http://127.0.0.1:8081/bot",
        "TELEGRAM_BASE_FILE_URL": "http://127.0.0.1:8081/file/bot",
        "CPTS_DB": str(tmp_path / "deep" / "er" / "db.sqlite3"),
        "CPTS_DOCUMENTS_DIR": str(tmp_path / "docs"),
        "CPTS_WEBHOOK_URL": "https://bot.example.org/cpts/hook",
        "CPTS_WEBHOOK_LISTEN": "0.0.0.0",
        "CPTS_WEBHOOK_PORT": "9000",
        "CPTS_WEBHOOK_SECRET": "s3cret",
        "CPTS_ADMIN_IDS": "12, 34",
        "CPTS_LOG_LEVEL": "warning",
    }
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    settings = Settings()
    assert settings.token == "42:abc"
    assert settings.telegram_base_url == "http://127.0.0.1:8081/bot"
    assert settings.telegram_base_file_url == "http://127.0.0.1:8081/file/bot"
    assert settings.db_path.parent.is_dir()
    assert settings.documents_dir == tmp_path / "docs"
    assert settings.admin_ids == [12, 34]
    assert settings.log_level == "WARNING"
    assert webhook_options(settings) == {
        "listen": "0.0.0.0",
        "port": 9000,
        "url_path": "cpts/hook",
        "webhook_url": "https://bot.example.org/cpts/hook",
        "secret_token": "s3cret",
    }
    assert "42:abc" not in repr(settings) and "s3cret" not in repr(settings)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("", []), ("7", [7]), ("1,2,3", [1, 2, 3]), ("[5, 6]", [5, 6]), ("8; 9", [8, 9])],
)
def test_admin_ids(
    raw: str, expected: list[int], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CPTS_ADMIN_IDS", raw)
    assert Settings().admin_ids == expected


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("CPTS_WEBHOOK_URL", "http://bot.example.org/hook"),  # Telegram requires https
        ("CPTS_WEBHOOK_PORT", "0"),
        ("CPTS_WEBHOOK_PORT", "huit"),
        ("TELEGRAM_BASE_URL", "api.telegram.org/bot"),
        ("CPTS_ADMIN_IDS", "julie"),
        ("CPTS_LOG_LEVEL", "LOUD"),
    ],
)
def test_invalid_settings_rejected(
    key: str, value: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv(key, value)
    with pytest.raises(ValidationError):
        Settings()


def test_blank_token_means_no_token(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "   ")
    assert Settings().token is None


def _run(args: list[str], tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("CPTS_", "TELEGRAM_"))}
    return subprocess.run(
        [CPTS_BOT, *args],
        input="",
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
        env={**base, "CPTS_DB": str(tmp_path / "t.sqlite3"), **env},
        check=False,
    )


def test_run_without_token_falls_back_to_terminal_chat(tmp_path: Path) -> None:
    done = _run(["run"], tmp_path)
    assert done.returncode == 0, done.stderr
    assert ui_text("no_token") in done.stderr
    assert "Compagnon CPTS" in done.stdout  # the terminal chat greeted and ended at EOF
    assert (tmp_path / "t.sqlite3").exists()


def test_run_with_invalid_settings_exits_2(tmp_path: Path) -> None:
    done = _run(["run"], tmp_path, TELEGRAM_BOT_TOKEN="1:x", CPTS_WEBHOOK_PORT="huit")
    assert done.returncode == 2
    assert "CPTS_WEBHOOK_PORT" in done.stderr
    assert "1:x" not in done.stderr
