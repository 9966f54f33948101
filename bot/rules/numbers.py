"""French quantities as people type them: « 60 000 », « 60k », « 1,2 million », « soixante mille ».

Users answer « combien d'habitants ? » on a phone in every possible way: digits grouped by
spaces (plain, no-break or narrow no-break), dots or commas, « k » or « mille » suffixes,
number words with hyphens or without, a unit (« € », « euros », « habitants ») glued on or not.
Every parser here is pure, never raises on arbitrary text and never returns a negative.

``find_numbers`` also tags what a number probably *is* from its neighbours (« taille 2 » is a
tier, « département 38 » a department code, « en 2024 » a year) so that the FAQ does not take
« 38 » for a population.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Literal

from bot.normalize import fold, strip_accents

Unit = Literal["euro", "inhabitant", "percent"]
Role = Literal["quantity", "tier", "department", "postal_code", "year"]


@dataclass(frozen=True, slots=True)
class NumberMention:
    """One quantity found in a sentence; ``text[start:end]`` is what the user typed."""

    value: int
    start: int
    end: int
    text: str
    unit: Unit | None = None
    role: Role = "quantity"
    written: Literal["digits", "words"] = "digits"

    @property
    def is_population_candidate(self) -> bool:
        """A bare or « habitants » quantity: not money, not a tier, code or year."""
        return self.role == "quantity" and self.unit in (None, "inhabitant")


# --- number words ---------------------------------------------------------------------------

_SMALL: dict[str, int] = {
    "zero": 0, "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6,
    "sept": 7, "huit": 8, "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "treize": 13,
    "quatorze": 14, "quinze": 15, "seize": 16, "vingt": 20, "vingts": 20, "trente": 30,
    "quarante": 40, "cinquante": 50, "soixante": 60, "septante": 70, "huitante": 80,
    "octante": 80, "nonante": 90,
}  # fmt: skip
_HUNDRED = {"cent", "cents"}
_SCALES: dict[str, int] = {
    "mille": 1_000, "mil": 1_000, "million": 1_000_000, "millions": 1_000_000,
    "milliard": 1_000_000_000, "milliards": 1_000_000_000,
}  # fmt: skip
_NUMBER_WORDS = set(_SMALL) | _HUNDRED | set(_SCALES)


def words_to_number(text: str) -> int | None:
    """« quatre-vingt-dix mille » → 90000; None unless the whole text is French number words."""
    words = fold(text).split()
    if not words or words[0] == "et" or words[-1] == "et":
        return None
    return _words_value(words)


def _words_value(words: list[str]) -> int | None:
    total = 0  # completed scale groups (… millions, … mille)
    current = 0  # the group below 1000 being built
    last_scale = 10**12  # scales must decrease: « mille million » is not a number
    previous = ""
    for word in words:
        if word == "et":
            if previous not in _SMALL or _SMALL[previous] < 20:
                return None
            previous = word
            continue
        if word in _SMALL:
            value = _SMALL[word]
            rest = current % 100
            if value == 20 and rest == 4 and previous == "quatre":
                current += 76  # quatre-vingt(s) = 80
            elif previous == "et" and value not in (1, 11):
                return None
            elif rest == 0 or (rest % 10 == 0 and value < 10) or (rest in (60, 80) and value < 20):
                if rest and value == 0:
                    return None
                current += value
            else:
                return None
        elif word in _HUNDRED:
            if current >= 100:
                return None
            current = (current or 1) * 100
        elif word in _SCALES:
            scale = _SCALES[word]
            if scale >= last_scale:
                return None
            total += (current or 1) * scale
            current = 0
            last_scale = scale
        else:
            return None
        previous = word
    return total + current


# --- digits -----------------------------------------------------------------------------------

_SPACES = " \u00a0\u202f\u2009\u2007"
_DIGITS = re.compile(
    rf"""
    (?<![\w.,])
    (?:
        (?P<spaced>\d{{1,3}}(?:[{_SPACES}]\d{{3}})+)(?:,(?P<spaced_frac>\d+))?
      | (?P<dotted>\d{{1,3}}(?:\.\d{{3}})+)(?:,(?P<dotted_frac>\d+))?
      | (?P<commas>\d{{1,3}}(?:,\d{{3}})+)(?:\.(?P<commas_frac>\d+))?
      | (?P<plain>\d+)(?:[.,](?P<plain_frac>\d+))?
    )
    (?!\d|[.,]\d)
    """,
    re.VERBOSE,
)
# Multipliers and units glued to (or spaced from) a number.
_MULT = re.compile(
    r"[ \u00a0\u202f]*(?P<mult>k|mille|millions?|milliards?|md|m(?=[ \u00a0\u202f]*€))(?![^\W\d_])",
    re.IGNORECASE,
)
_UNIT = re.compile(
    r"[ \u00a0\u202f]*(?:(?P<euro>€|euros?(?![^\W\d_])|eur(?![^\W\d_]))"
    r"|(?P<inhabitant>habitants?(?![^\W\d_])|habs?(?![^\W\d_])\.?|personnes?(?![^\W\d_]))"
    r"|(?P<percent>%|pour[ \u00a0]?cent(?![^\W\d_])|pourcents?(?![^\W\d_])))",
    re.IGNORECASE,
)
_MULT_VALUE = {"k": 1_000, "mille": 1_000, "m": 1_000_000, "md": 1_000_000_000}
_WORD = re.compile(r"[^\W\d_]+")
_LETTER = re.compile(r"[^\W\d_]")
_TIER_TOKEN = re.compile(r"(?<![\w])[tT](?P<n>[1-4])(?!\w)")
_MINUS = "-−–"
_MAX_DIGITS = 18  # beyond this a digit string is an identifier, not a quantity


@dataclass(frozen=True, slots=True)
class _Raw:
    value: Decimal
    start: int
    end: int
    unit: Unit | None
    grouped: bool
    digits: str  # the integer digits as typed, without separators (for code/year roles)
    written: Literal["digits", "words"]


def _multiplier(word: str) -> int:
    word = word.casefold()
    if word.startswith("milliard"):
        return 1_000_000_000
    if word.startswith("million"):
        return 1_000_000
    return _MULT_VALUE[word]


def _unit_at(text: str, pos: int) -> tuple[Unit | None, int]:
    match = _UNIT.match(text, pos)
    if not match:
        return None, pos
    unit: Unit = "euro" if match["euro"] else "inhabitant" if match["inhabitant"] else "percent"
    return unit, match.end()


def _digit_mentions(text: str) -> list[_Raw]:
    found: list[_Raw] = []
    for match in _DIGITS.finditer(text):
        start, end = match.span()
        if start and text[start - 1] in _MINUS and (start == 1 or not text[start - 2].isalnum()):
            continue  # « -5 » is negative; « 40 000-80 000 » is a range
        mult_match = _MULT.match(text, end)
        if match["spaced"] is not None:
            whole, frac, grouped = match["spaced"], match["spaced_frac"], True
        elif match["dotted"] is not None:
            whole, frac, grouped = match["dotted"], match["dotted_frac"], True
        elif match["commas"] is not None:
            whole, frac, grouped = match["commas"], match["commas_frac"], True
            if mult_match and whole.count(",") == 1 and frac is None:
                whole, frac = whole.split(",")  # « 1,500 million » is 1.5 million
                grouped = False
        else:
            whole, frac, grouped = match["plain"], match["plain_frac"], False
        digits = re.sub(r"\D", "", whole)
        if len(digits) > _MAX_DIGITS:
            continue
        try:
            value = Decimal(f"{digits}.{frac}" if frac else digits)
        except InvalidOperation:  # pragma: no cover - the regex only lets digits through
            continue
        if mult_match:
            value *= _multiplier(mult_match["mult"])
            end = mult_match.end()
        unit, end = _unit_at(text, end)
        if _LETTER.match(text, end):
            continue  # « 2A », « 3e », « 15h30 »: a code, an ordinal or a time, not a quantity
        found.append(_Raw(value, start, end, unit, grouped, digits, "digits"))
    return found


def _word_mentions(text: str, taken: list[tuple[int, int]]) -> list[_Raw]:
    found: list[_Raw] = []
    run: list[tuple[str, int, int]] = []

    def flush() -> None:
        while run and run[-1][0] == "et":
            run.pop()
        if run and not all(w in ("un", "une") for w, _, _ in run):
            value = _words_value([w for w, _, _ in run])
            if value is not None:
                start, end = run[0][1], run[-1][2]
                unit, end = _unit_at(text, end)
                found.append(_Raw(Decimal(value), start, end, unit, False, "", "words"))
        run.clear()

    for match in _WORD.finditer(text):
        start, end = match.span()
        word = strip_accents(match.group().casefold())
        inside = any(a <= start < b for a, b in taken)
        gap = text[run[-1][2] : start] if run else ""
        joined = bool(run) and gap.strip(" -\u00a0\u202f") == ""
        if not inside and (word in _NUMBER_WORDS or (word == "et" and run)):
            if run and not joined:
                flush()
            run.append((word, start, end))
        else:
            flush()
    flush()
    return found


# --- roles from context -------------------------------------------------------------------------

_TIER_WORDS = {"taille", "tranche", "categorie"}
_TIER_FILLERS = {"n", "no", "n°", "numero", "de", "la"}
_DEPARTMENT_WORDS = {"departement", "departements", "dept", "dpt", "dep", "depart"}
_POSTAL_WORDS = {"cp", "postal"}
_YEAR_WORDS = {
    "en", "depuis", "annee", "annees", "avant", "apres", "fin", "debut", "aci", "bareme",
    "loi", "decret", "ordonnance", "avenant", "janvier", "fevrier", "mars", "avril", "mai",
    "juin", "juillet", "aout", "septembre", "octobre", "novembre", "decembre",
}  # fmt: skip


def _role(text: str, raw: _Raw) -> Role:
    before = fold(text[max(0, raw.start - 40) : raw.start]).split()[-3:]
    last = before[-1] if before else ""
    plain = raw.unit is None and not raw.grouped and raw.value == int(raw.value)
    value = int(raw.value)
    if plain and 1 <= value <= 4:
        words = [w for w in before if w not in _TIER_FILLERS]
        if words and words[-1] in _TIER_WORDS and before.index(words[-1]) >= len(before) - 2:
            return "tier"
    is_code = raw.written == "digits" and 1 <= len(raw.digits) <= 3
    if plain and is_code and last in _DEPARTMENT_WORDS:
        return "department"
    if plain and len(raw.digits) == 5:
        after = text[raw.end : raw.end + 40].lstrip()
        if last in _POSTAL_WORDS or (after[:1].isupper() and not _UNIT.match(after)):
            return "postal_code"
    if plain and len(raw.digits) == 4 and 1900 <= value <= 2099 and last in _YEAR_WORDS:
        return "year"
    return "quantity"


def _scan(text: str) -> list[_Raw]:
    digits = _digit_mentions(text)
    taken = [(r.start, r.end) for r in digits]
    tiers = [
        _Raw(Decimal(m["n"]), m.start(), m.end(), None, False, m["n"], "digits")
        for m in _TIER_TOKEN.finditer(text)
    ]
    words = _word_mentions(text, taken + [(r.start, r.end) for r in tiers])
    return sorted(digits + tiers + words, key=lambda r: r.start)


# --- public API --------------------------------------------------------------------------------


def find_numbers(text: str) -> list[NumberMention]:
    """Every whole, non-negative quantity in a sentence, in order, with its role and unit."""
    mentions: list[NumberMention] = []
    for raw in _scan(text):
        if raw.value != raw.value.to_integral_value() or raw.value < 0:
            continue
        is_tier_token = raw.written == "digits" and text[raw.start] in "tT"
        role: Role = "tier" if is_tier_token else _role(text, raw)
        mentions.append(
            NumberMention(
                value=int(raw.value),
                start=raw.start,
                end=raw.end,
                text=text[raw.start : raw.end],
                unit=raw.unit,
                role=role,
                written=raw.written,
            )
        )
    return mentions


_APPROX = re.compile(
    r"^(?:environ|env\.?|~|≈|a peu pres|approximativement|pres de)\s*|\s*(?:environ)$",
    re.IGNORECASE,
)
_TRAILING = " \t\n.!?;:"


def _whole(text: str) -> _Raw | None:
    """The one quantity that makes up the whole text (an approximation word is tolerated)."""
    if not isinstance(text, str):
        return None
    stripped = text.strip().rstrip(_TRAILING).strip()
    stripped = _APPROX.sub("", strip_accents(stripped)).strip() if stripped else ""
    if not stripped or stripped[0] in _MINUS:
        return None
    raws = _scan(stripped)
    if len(raws) != 1:
        return None
    raw = raws[0]
    if raw.start != 0 or stripped[raw.end :].strip(_TRAILING):
        return None
    if raw.value < 0 or raw.value != raw.value.to_integral_value():
        return None
    if raw.written == "digits" and stripped[0] in "tT":
        return None  # « T2 » is a tier, not a quantity
    return raw


def parse_number(text: str) -> int | None:
    """The whole text as one non-negative integer quantity, whatever its unit; else None."""
    raw = _whole(text)
    return None if raw is None else int(raw.value)


def parse_money(text: str) -> int | None:
    """Whole euros: « 15 000 € », « 15 k€ », « 15000 euros », « 15 000 »."""
    raw = _whole(text)
    if raw is None or raw.unit not in (None, "euro"):
        return None
    return int(raw.value)


def parse_population(text: str) -> int | None:
    """A number of inhabitants: « 60 000 », « 60k », « soixante mille habitants »."""
    raw = _whole(text)
    if raw is None or raw.unit not in (None, "inhabitant"):
        return None
    return int(raw.value)
