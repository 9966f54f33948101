"""Invite codes and row ids: random, URL-safe, and for invites stored only as a hash.

A code travels in a Telegram deep link (``t.me/<bot>?start=<code>``), whose payload allows
only ``[A-Za-z0-9_-]`` and at most 64 characters; ``secrets.token_urlsafe`` fits.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Container

INVITE_BYTES = 16  # 128 bits of entropy (the floor asked for is 72)
ROW_ID_BYTES = 6  # 8 characters: short enough for callback data, unique within one group
_INVITE_SHAPE = re.compile(r"[A-Za-z0-9_-]{16,64}")


def new_invite_code() -> str:
    return secrets.token_urlsafe(INVITE_BYTES)


def hash_invite(code: str) -> str:
    """SHA-256 hex digest: enough for a 128-bit random secret (no salt or slow hash needed)."""
    return hashlib.sha256(code.encode("ascii")).hexdigest()


def normalize_invite(code: str) -> str | None:
    """The code as typed or pasted, trimmed; ``None`` if it cannot be one of ours."""
    code = code.strip()
    return code if _INVITE_SHAPE.fullmatch(code) else None


def new_row_id(taken: Container[str]) -> str:
    while True:
        row_id = secrets.token_urlsafe(ROW_ID_BYTES)
        if row_id not in taken:
            return row_id
