"""Place names and department codes as users type them, folded into lookup keys."""

from __future__ import annotations

import re

from bot.normalize import fold

ABBREVIATIONS = {"hte": "haute", "htes": "hautes", "mt": "mont", "gd": "grand"}
ARTICLES = ("le", "la", "les", "l")
_DEP_CODE = re.compile(r"^(?:0?[1-9]|[1-8]\d|9[0-5]|2[ab]|97[1-8]|98[4-9])$", re.ASCII)


def fold_place(text: str) -> str:
    """``fold`` plus the abbreviations people use in place names (« hte savoie »)."""
    return " ".join(ABBREVIATIONS.get(t, t) for t in fold(text).split())


def department_code(text: str) -> str | None:
    """« 1 » → « 01 », « 2a » → « 2A », « 38 », « 974 »; None for anything else."""
    t = text.strip().lower()
    if not _DEP_CODE.match(t):
        return None
    t = t.upper()
    return t.zfill(2) if t.isdecimal() and len(t) == 1 else t
