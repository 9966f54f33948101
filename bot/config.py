"""Settings read from the environment (12-factor), validated once at start-up.

Every deployment knob lives here so that the transports and the store never read
``os.environ`` themselves. The bot token is a ``SecretStr``: it never appears in a repr
or a log line.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

TELEGRAM_API_URL = "https://api.telegram.org/bot"
TELEGRAM_FILE_URL = "https://api.telegram.org/file/bot"


class Settings(BaseSettings):
    """Deployment settings. Environment variable names are given in each field's alias."""

    model_config = SettingsConfigDict(
        extra="ignore",
        populate_by_name=True,
        case_sensitive=False,
        env_ignore_empty=True,
    )

    telegram_bot_token: SecretStr | None = Field(
        default=None, validation_alias="TELEGRAM_BOT_TOKEN"
    )
    # Prefix to which the token is appended (or a URL containing ``{token}``): point it to a
    # self-hosted Bot API server, e.g. ``http://127.0.0.1:8081/bot``.
    telegram_base_url: str = Field(default=TELEGRAM_API_URL, validation_alias="TELEGRAM_BASE_URL")
    telegram_base_file_url: str = Field(
        default=TELEGRAM_FILE_URL, validation_alias="TELEGRAM_BASE_FILE_URL"
    )
    db_path: Path = Field(default=Path("./var/cpts.sqlite3"), validation_alias="CPTS_DB")
    # Generated documents and exports; unset: a « documents » folder next to the database.
    documents_dir: Path | None = Field(default=None, validation_alias="CPTS_DOCUMENTS_DIR")
    webhook_url: str | None = Field(default=None, validation_alias="CPTS_WEBHOOK_URL")
    webhook_listen: str = Field(default="127.0.0.1", validation_alias="CPTS_WEBHOOK_LISTEN")
    webhook_port: int = Field(default=8443, ge=1, le=65535, validation_alias="CPTS_WEBHOOK_PORT")
    webhook_secret: SecretStr | None = Field(default=None, validation_alias="CPTS_WEBHOOK_SECRET")
    log_level: str = Field(default="INFO", validation_alias="CPTS_LOG_LEVEL")
    # Comma-separated Telegram user ids (« 123,456 »), or a JSON list.
    admin_ids: Annotated[list[int], NoDecode] = Field(
        default_factory=list, validation_alias="CPTS_ADMIN_IDS"
    )

    @field_validator("admin_ids", mode="before")
    @classmethod
    def _split_ids(cls, value: object) -> object:
        if isinstance(value, str):
            text = value.strip().strip("[]")
            return [int(part) for part in text.replace(";", ",").split(",") if part.strip()]
        if isinstance(value, int):
            return [value]
        return value

    @property
    def files_dir(self) -> Path:
        """Where generated files go: ``CPTS_DOCUMENTS_DIR``, else next to the database."""
        return self.documents_dir or self.db_path.parent / "documents"

    @field_validator("log_level")
    @classmethod
    def _level(cls, value: str) -> str:
        level = value.strip().upper()
        if level not in ("DEBUG", "INFO", "WARNING", "ERROR"):
            raise ValueError("one of DEBUG, INFO, WARNING, ERROR")
        return level

    @field_validator("telegram_base_url", "telegram_base_file_url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://")
        return value

    @field_validator("webhook_url")
    @classmethod
    def _https_webhook(cls, value: str | None) -> str | None:
        if value and not value.startswith("https://"):
            raise ValueError("Telegram only delivers webhooks to https:// URLs")
        return value or None

    @model_validator(mode="after")
    def _create_dirs(self) -> Settings:
        """The SQLite file's folder must exist before the store opens it."""
        self.db_path.parent.mkdir(parents=True, exist_ok=True)
        return self

    @property
    def token(self) -> str | None:
        """The token in clear, for the one place that needs it (the Bot object)."""
        if self.telegram_bot_token is None:
            return None
        value = self.telegram_bot_token.get_secret_value().strip()
        return value or None

    @property
    def webhook_path(self) -> str:
        """Path the local webhook server listens on: the public URL's path."""
        from urllib.parse import urlsplit

        return urlsplit(self.webhook_url or "").path.lstrip("/")
