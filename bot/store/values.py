"""JSON and time helpers: how values and timestamps look once stored."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any


def dump(value: Any) -> str:
    """Compact JSON; ASCII-escaped so that any Python string (even a lone surrogate) stores."""
    return json.dumps(value, ensure_ascii=True, allow_nan=False, separators=(",", ":"))


def load(text: str | None) -> Any:
    return None if text is None else json.loads(text)


def utc_now() -> datetime:
    return datetime.now(UTC)


def iso(moment: datetime) -> str:
    """Fixed-width ISO-8601 UTC (``2025-01-31T09:00:00.000000+00:00``), sortable as text.

    A naive datetime (from a test clock) is taken as UTC.
    """
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def parse_iso(text: str) -> datetime:
    return datetime.fromisoformat(text)
