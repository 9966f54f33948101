"""Valid French identifiers for tests, built with python-stdnum's check digits."""

from __future__ import annotations

from stdnum import luhn


def valid_siret(seed: int) -> str:
    """A SIRET valid for python-stdnum: a Luhn-valid SIREN, then an establishment number and
    a Luhn key over the 14 digits. Different seeds give different numbers."""
    siren8 = f"8{seed % 10**7:07d}"
    siren = siren8 + luhn.calc_check_digit(siren8)
    body = f"{siren}{seed // 10**7 % 10**4:04d}"
    return body + luhn.calc_check_digit(body)
