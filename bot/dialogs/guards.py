"""Refuse health identifiers that have no place in a CPTS dossier.

A team pastes a list of people, a phone number, an address... and sometimes a patient's or a
member's social-security number (NIR). It is sensitive personal data the dossier never needs,
so the conversation refuses any answer that contains one, before anything is stored —
whatever its key: a NIR mistyped by one digit is still someone's social-security number.

NIR layout (15 characters): sex (1, 2; 3, 4, 7, 8 for temporary numbers), year (2 digits),
month (01–12, or 20–42 / 50–99 when unknown), department (2 digits, 2A/2B for Corsica),
commune (3), order (3), key (2) = 97 − (the 13-character number mod 97), with 2A read as 19
and 2B as 18 in the computation. Spaces, dots and hyphens between groups are tolerated.
"""

from __future__ import annotations

import re

_SEPARATORS = " .\u00a0\u202f-"
# Groups of digits (2A/2B for Corsica) joined by single separators: « 1 85 05 2A 006 084 36 ».
_RUN = re.compile(r"[0-9][0-9ABab]*(?:[ .\u00a0\u202f-][0-9][0-9ABab]*)*")
_SPLIT = re.compile(r"[ .\u00a0\u202f-]")
NIR_LENGTH = 15
_NIR = re.compile(r"([1-478])([0-9]{2})([0-9]{2})([0-9]{2}|2[AB])([0-9]{3})([0-9]{3})([0-9]{2})")


def _valid_month(month: int) -> bool:
    return 1 <= month <= 12 or 20 <= month <= 42 or 50 <= month <= 99


def is_nir_shaped(candidate: str) -> bool:
    """True when ``candidate`` has a NIR's structure (sex, year, month, department, commune,
    order, two-digit key), whether or not the key is right."""
    compact = "".join(c for c in candidate if c not in _SEPARATORS).upper()
    match = _NIR.fullmatch(compact)
    if not match:
        return False
    _sex, _year, month, department, _commune, _order, _key = match.groups()
    return _valid_month(int(month)) and department != "00"


def is_nir(candidate: str) -> bool:
    """True when ``candidate`` is a NIR with a valid key (python-stdnum checks the key)."""
    from stdnum.fr import nir

    compact = "".join(c for c in candidate if c not in _SEPARATORS).upper()
    return is_nir_shaped(compact) and bool(nir.is_valid(compact))


def looks_like_nir(text: str) -> bool:
    """True when ``text`` contains something shaped like a social-security number."""
    if not text:
        return False
    for run in _RUN.finditer(text):
        groups = _SPLIT.split(run.group())
        # every span of whole groups adding up to 15 characters is a candidate, so that a
        # NIR typed right after a phone number or a date is still found
        for start in range(len(groups)):
            length = 0
            for end in range(start, len(groups)):
                length += len(groups[end])
                if length == NIR_LENGTH and is_nir_shaped("".join(groups[start : end + 1])):
                    return True
                if length >= NIR_LENGTH:
                    break
    return False
