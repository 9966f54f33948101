"""Contact details and official identifiers: e-mail, phone, SIRET, FINESS.

Each is stored in one canonical form (lower-case e-mail, « 04 26 20 94 30 », compact
digits) so that documents and comparisons never see the user's spacing.
"""

from __future__ import annotations

import re
from typing import Any

from bot.dialogs.parsing.kind import Kind
from bot.dialogs.parsing.text import Owner
from bot.dialogs.schema import QType
from bot.dialogs.validators import error

EMAIL_MAX = 254
_EMAIL = re.compile(
    r"[a-z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*\.[a-z]{2,}"
)


def parse_email_answer(q: Owner, text: str) -> str:
    value = text.strip().strip("<>").strip()
    if value.lower().startswith("mailto:"):
        value = value[len("mailto:") :]
    value = value.lower()
    if len(value) > EMAIL_MAX or not _EMAIL.fullmatch(value) or ".." in value:
        raise error("email")
    return value


_PHONE_CHARS = re.compile(r"\+?[0-9\s.\-()\u00a0\u202f/]+")


def parse_phone_answer(q: Owner, text: str) -> str:
    value = text.strip()
    if not _PHONE_CHARS.fullmatch(value):
        raise error("phone_format")
    digits = re.sub(r"[^0-9]", "", value)
    if value.startswith("+") or digits.startswith("0033"):
        if digits.startswith("0033"):
            rest = digits[4:]
        elif value.startswith("+") and digits.startswith("33"):
            rest = digits[2:]
        else:
            raise error("phone_format")
        if len(rest) == 10 and rest[0] == "0":  # « +33 (0)4 … »
            rest = rest[1:]
        if len(rest) != 9 or rest[0] == "0":
            raise error("phone_format")
        pairs = " ".join(rest[i : i + 2] for i in range(1, 9, 2))
        return f"+33 {rest[0]} {pairs}"
    if len(digits) != 10:
        raise error("phone_length", count=len(digits))
    if digits[0] != "0" or digits[1] == "0" or not _real_number(digits):
        raise error("phone_format")
    return " ".join(digits[i : i + 2] for i in range(0, 10, 2))


def _real_number(digits: str) -> bool:
    """A French number that exists in the numbering plan (phonenumbers' metadata), so that
    « 09 99 … » style typos are caught; overseas numbers (0590…, 0262…) stay valid."""
    import phonenumbers

    try:
        return bool(phonenumbers.is_valid_number(phonenumbers.parse(digits, "FR")))
    except phonenumbers.NumberParseException:
        return False


_SIRET = re.compile(r"[0-9]{14}")


def siret_ok(digits: str) -> bool:
    """The SIRET's check digit (python-stdnum: Luhn, and La Poste's digit-sum exception)."""
    from stdnum.fr import siret

    return bool(siret.is_valid(digits))


def parse_siret_answer(q: Owner, text: str) -> str:
    compact = re.sub(r"[\s.\-\u00a0\u202f]", "", text)
    if not compact.isascii() or not compact.isdecimal():
        raise error("siret_chars")
    if len(compact) == 9:
        raise error("siret_is_siren")
    if len(compact) != 14:
        raise error("siret_length", count=len(compact))
    if not siret_ok(compact):
        raise error("siret_checksum")
    return compact


_FINESS = re.compile(r"[0-9]{9}|2[AB][0-9]{7}")


def parse_finess_answer(q: Owner, text: str) -> str:
    compact = re.sub(r"[\s.\-\u00a0\u202f]", "", text).upper()
    if _FINESS.fullmatch(compact):
        return compact
    if len(compact) != 9:
        raise error("finess_length", count=len(compact))
    raise error("finess_chars")


def valid_email_answer(q: Owner, value: Any) -> bool:
    return isinstance(value, str) and len(value) <= EMAIL_MAX and bool(_EMAIL.fullmatch(value))


def valid_phone_answer(q: Owner, value: Any) -> bool:
    return isinstance(value, str) and bool(
        re.fullmatch(r"0[1-9](?: [0-9]{2}){4}|\+33 [1-9](?: [0-9]{2}){4}", value)
    )


def valid_siret_answer(q: Owner, value: Any) -> bool:
    return isinstance(value, str) and bool(_SIRET.fullmatch(value)) and siret_ok(value)


def valid_finess_answer(q: Owner, value: Any) -> bool:
    return isinstance(value, str) and bool(_FINESS.fullmatch(value))


KINDS: dict[QType, Kind] = {
    QType.EMAIL: Kind(parse_email_answer, valid_email_answer),
    QType.PHONE: Kind(parse_phone_answer, valid_phone_answer),
    QType.SIRET: Kind(parse_siret_answer, valid_siret_answer),
    QType.FINESS: Kind(parse_finess_answer, valid_finess_answer),
}
