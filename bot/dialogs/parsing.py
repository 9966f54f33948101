"""Raw text from a phone → the typed JSON value of ``schema.QType``, or a French re-prompt.

``parse_answer`` never raises anything but ``AnswerInvalid`` and only returns values that
``is_valid_value`` accepts: the store can trust what it receives, and a value read back from
the store (or edited by hand) can be checked with the same rules.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable
from typing import Any

from rapidfuzz import fuzz, process

from bot.dialogs.guards import looks_like_nir
from bot.dialogs.schema import Choice, Field_, QType, Question
from bot.dialogs.validators import AnswerInvalid, error, run_validators, ui_text
from bot.normalize import fold
from bot.rules.numbers import parse_money, parse_number, parse_population

__all__ = ["AnswerInvalid", "parse_answer", "is_valid_value", "match_choice"]

TEXT_MAX = 300
LONG_TEXT_MAX = 4000
EMAIL_MAX = 254
YEAR_MIN, YEAR_MAX = 1900, 2100  # sanity bounds for typed years, not a domain rule
ECHO_MAX = 60  # how much of the user's text an error message quotes back
FUZZY_MIN = 80  # rapidfuzz score (0-100) for a typo to count as a choice
FUZZY_MARGIN = 8  # the best choice must beat the runner-up by this much
PARTIAL_MIN = 3  # « la » or « l » must not pick the one label that happens to contain it

Owner = Question | Field_


# --------------------------------------------------------------------------- text


def _clean(raw: str) -> str:
    """Unify line ends and drop invisible control characters (whitespace is kept)."""
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    return "".join(c for c in text if c.isspace() or unicodedata.category(c) not in ("Cc", "Cs"))


def _has_control(value: str, keep_newlines: bool) -> bool:
    return any(
        unicodedata.category(c) in ("Cc", "Cs") and not (c == "\n" and keep_newlines) for c in value
    )


def _parse_text(q: Owner, text: str) -> str:
    value = " ".join(_clean(text).split())
    if not value:
        raise error("empty")
    if len(value) > TEXT_MAX:
        raise error("text_too_long", length=len(value), limit=TEXT_MAX)
    return value


def _parse_long_text(q: Owner, text: str) -> str:
    lines = [" ".join(line.split()) for line in _clean(text).split("\n")]
    value = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    if not value:
        raise error("empty")
    if len(value) > LONG_TEXT_MAX:
        raise error("text_too_long", length=len(value), limit=LONG_TEXT_MAX)
    return value


# --------------------------------------------------------------------------- numbers


def _parse_integer(q: Owner, text: str) -> int:
    value = parse_number(text)
    if value is None:
        stripped = text.lstrip()
        if stripped[:1] and stripped[0] in "-−–" and parse_number(stripped[1:]) is not None:
            raise error("integer_negative")
        raise error("integer")
    return value


def _parse_population(q: Owner, text: str) -> int:
    value = parse_population(text)
    if value is None:
        raise error("population")
    return value


def _parse_money(q: Owner, text: str) -> int:
    value = parse_money(text)
    if value is None:
        raise error("money")
    return value


# --------------------------------------------------------------------------- dates

_MONTHS = {
    "janvier": 1, "janv": 1, "jan": 1, "fevrier": 2, "fevr": 2, "fev": 2, "mars": 3, "mar": 3,
    "avril": 4, "avr": 4, "mai": 5, "juin": 6, "juillet": 7, "juil": 7, "aout": 8,
    "septembre": 9, "sept": 9, "sep": 9, "octobre": 10, "oct": 10, "novembre": 11, "nov": 11,
    "decembre": 12, "dec": 12,
}  # fmt: skip
_FILLERS = {"en", "le", "au", "a", "mois", "de", "d", "lundi", "mardi", "mercredi", "jeudi",
            "vendredi", "samedi", "dimanche"}  # fmt: skip


def _date_tokens(text: str) -> list[str]:
    return [t for t in fold(text).split() if t not in _FILLERS]


def _year(token: str) -> int | None:
    if re.fullmatch(r"\d{4}", token):
        year = int(token)
    elif re.fullmatch(r"\d{2}", token):
        year = 2000 + int(token)
    else:
        return None
    if not YEAR_MIN <= year <= YEAR_MAX:
        raise error("year_out_of_range", year=year, min=YEAR_MIN, max=YEAR_MAX)
    return year


def _month(token: str) -> int | None:
    if token in _MONTHS:
        return _MONTHS[token]
    if re.fullmatch(r"\d{1,2}", token):
        month = int(token)
        if not 1 <= month <= 12:
            raise error("month_invalid", month=month)
        return month
    return None


def _parse_month_year(q: Owner, text: str) -> str:
    tokens = _date_tokens(text)
    if len(tokens) == 2:
        first, second = tokens
        if re.fullmatch(r"\d{4}", first) and re.fullmatch(r"\d{1,2}", second):
            first, second = second, first  # ISO « 2026-03 »
        month, year = _month(first), _year(second)
        if month is not None and year is not None:
            return f"{year:04d}-{month:02d}"
    raise error("month_year")


def _day(token: str) -> int | None:
    match = re.fullmatch(r"(\d{1,2})(er)?", token)
    return int(match.group(1)) if match else None


def _parse_date(q: Owner, text: str) -> str:
    tokens = _date_tokens(text)
    if len(tokens) == 3:
        first, second, third = tokens
        if re.fullmatch(r"\d{4}", first):  # ISO « 2026-03-12 »
            first, third = third, first
        day, month, year = _day(first), _month(second), _year(third)
        if day is not None and month is not None and year is not None:
            try:
                return dt.date(year, month, day).isoformat()
            except ValueError:
                raise error("date_impossible", text=text.strip()[:ECHO_MAX]) from None
    raise error("date")


# --------------------------------------------------------------------------- identifiers

_EMAIL = re.compile(
    r"[a-z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*\.[a-z]{2,}"
)


def _parse_email(q: Owner, text: str) -> str:
    value = text.strip().strip("<>").strip()
    if value.lower().startswith("mailto:"):
        value = value[len("mailto:") :]
    value = value.lower()
    if len(value) > EMAIL_MAX or not _EMAIL.fullmatch(value) or ".." in value:
        raise error("email")
    return value


_PHONE_CHARS = re.compile(r"\+?[0-9\s.\-()\u00a0\u202f/]+")


def _parse_phone(q: Owner, text: str) -> str:
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
    if digits[0] != "0" or digits[1] == "0":
        raise error("phone_format")
    return " ".join(digits[i : i + 2] for i in range(0, 10, 2))


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, char in enumerate(reversed(digits)):
        n = int(char)
        if i % 2:
            n = n * 2 - 9 if n > 4 else n * 2
        total += n
    return total % 10 == 0


_SIRET = re.compile(r"[0-9]{14}")
LA_POSTE_SIREN = "356000000"  # its establishments' SIRET follow a digit-sum rule instead of Luhn


def siret_ok(digits: str) -> bool:
    if digits.startswith(LA_POSTE_SIREN):
        return sum(int(c) for c in digits) % 5 == 0
    return luhn_ok(digits)


def _parse_siret(q: Owner, text: str) -> str:
    compact = re.sub(r"[\s.\-\u00a0\u202f]", "", text)
    if not compact.isascii() or not compact.isdigit():
        raise error("siret_chars")
    if len(compact) == 9:
        raise error("siret_is_siren")
    if len(compact) != 14:
        raise error("siret_length", count=len(compact))
    if not siret_ok(compact):
        raise error("siret_checksum")
    return compact


_FINESS = re.compile(r"[0-9]{9}|2[AB][0-9]{7}")


def _parse_finess(q: Owner, text: str) -> str:
    compact = re.sub(r"[\s.\-\u00a0\u202f]", "", text).upper()
    if _FINESS.fullmatch(compact):
        return compact
    if len(compact) != 9:
        raise error("finess_length", count=len(compact))
    raise error("finess_chars")


# --------------------------------------------------------------------------- yes / no

_YES = {"oui", "o", "yes", "y", "ouais", "ok", "d accord", "bien sur", "si", "vrai", "true",
        "tout a fait", "absolument", "affirmatif", "exact", "exactement", "evidemment",
        "oui bien sur", "oui oui", "volontiers", "carrement", "yep", "yup"}  # fmt: skip
_NO = {"non", "n", "no", "nope", "nan", "pas du tout", "faux", "false", "non merci",
       "jamais", "negatif", "absolument pas", "surement pas", "pas encore", "non pas encore",
       "toujours pas"}  # fmt: skip


def parse_yes_no(text: str) -> bool | None:
    folded = fold(text)
    if folded in _YES:
        return True
    if folded in _NO:
        return False
    words = folded.split()
    if words and words[0] in ("oui", "yes") and not {"non", "no", "pas"} & set(words[1:]):
        return True
    if words and words[0] in ("non", "no"):
        return False
    return None


def _parse_yes_no(q: Owner, text: str) -> bool:
    value = parse_yes_no(text)
    if value is None:
        raise error("yes_no")
    return value


# --------------------------------------------------------------------------- choices


def _options(choices: list[Choice]) -> str:
    return "\n".join(f"{i}. {c.label}" for i, c in enumerate(choices, start=1))


def _echo(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= ECHO_MAX else text[: ECHO_MAX - 1] + "…"


class _Ambiguous(Exception):
    def __init__(self, candidates: list[Choice]) -> None:
        super().__init__(candidates)
        self.candidates = candidates


def _find_choice(choices: list[Choice], text: str, strict: bool = False) -> Choice | None:
    """One choice for ``text``: value, number, label, or (unless ``strict``) a unique prefix,
    a subset of a label's words or a close typo."""
    stripped = text.strip().rstrip(".)")
    lowered = stripped.lower()
    for c in choices:
        if lowered == c.value:
            return c
    if stripped.isascii() and stripped.isdigit():
        index = int(stripped)
        return choices[index - 1] if 1 <= index <= len(choices) else None
    folded = fold(text)
    if not folded:
        return None
    labels = [fold(c.label) for c in choices]
    exact = [c for c, label in zip(choices, labels, strict=True) if label == folded]
    if exact:
        return exact[0]
    if strict:
        return None
    words = set(folded.split())
    partial = [
        c
        for c, label in zip(choices, labels, strict=True)
        if len(folded) >= PARTIAL_MIN and (label.startswith(folded) or words <= set(label.split()))
    ]
    if len(partial) == 1:
        return partial[0]
    if len(partial) > 1:
        raise _Ambiguous(partial)
    # whole-string similarity: typos only; partial matches were handled above, and a lenient
    # scorer would read « urps et autre » as just « URPS »
    scored = process.extract(folded, labels, scorer=fuzz.ratio, limit=3)
    good = [(labels_index, score) for _, score, labels_index in scored if score >= FUZZY_MIN]
    if not good:
        return None
    if len(good) == 1 or good[0][1] - good[1][1] >= FUZZY_MARGIN:
        return choices[good[0][0]]
    raise _Ambiguous([choices[i] for i, score in good if good[0][1] - score < FUZZY_MARGIN])


def match_choice(choices: list[Choice], text: str) -> Choice:
    """The choice meant by ``text``, or ``AnswerInvalid`` listing the options."""
    try:
        found = _find_choice(choices, text)
    except _Ambiguous as amb:
        names = " ou ".join(f"« {c.label} »" for c in amb.candidates)
        raise error("choice_ambiguous", text=_echo(text), candidates=names) from None
    if found is None:
        raise error("choice_unknown", text=_echo(text), options=_options(choices))
    return found


def _parse_choice(q: Owner, text: str) -> str:
    return match_choice(q.choices, text).value


_ALL = {"toutes", "tous", "tout", "toutes les reponses", "tout cocher", "all"}
_NONE = {"aucune", "aucun", "rien", "aucune reponse"}
_SPLIT_STRONG = re.compile(r"[,;\n]+")
_SPLIT_WEAK = re.compile(r"\s+(?:et|\+|&)\s+|\s*[+&/]\s*")


def _parse_multi_choice(q: Owner, text: str) -> list[str]:
    choices = q.choices
    folded = fold(text)
    if folded in _ALL:
        return [c.value for c in choices]
    chosen: set[str] = set()
    unknown: list[str] = []
    whole = _find_choice(choices, text, strict=True)  # a label may contain « , » or « et »
    if whole is not None:
        chosen.add(whole.value)
    elif re.fullmatch(r"\d+(?:\s+\d+)+", text.strip()):
        parts = text.split()
        _collect(choices, parts, chosen, unknown)
    else:
        for part in _SPLIT_STRONG.split(text):
            if part.strip():
                _collect_part(choices, part, chosen, unknown)
    if unknown:
        if not chosen and folded in _NONE:
            raise error("multi_choice_empty")
        items = ", ".join(f"« {_echo(u)} »" for u in unknown)
        raise error("multi_choice_unknown", items=items, options=_options(choices))
    if not chosen:
        raise error("multi_choice_empty")
    return [c.value for c in choices if c.value in chosen]


def _collect_part(choices: list[Choice], part: str, chosen: set[str], unknown: list[str]) -> None:
    """« URPS et autre » is two choices; « sanitaires et médico-sociaux » may be one label."""
    pieces = [p for p in _SPLIT_WEAK.split(part) if p and p.strip()]
    if len(pieces) > 1:
        found: set[str] = set()
        missed: list[str] = []
        _collect(choices, pieces, found, missed)
        if not missed:
            chosen.update(found)
            return
    try:
        whole = _find_choice(choices, part)
    except _Ambiguous:
        whole = None
    if whole is not None:
        chosen.add(whole.value)
    elif len(pieces) > 1:
        _collect(choices, pieces, chosen, unknown)
    else:
        unknown.append(part.strip())


def _collect(choices: list[Choice], parts: list[str], chosen: set[str], unknown: list[str]) -> None:
    for part in parts:
        if not part or not part.strip():
            continue
        try:
            found = _find_choice(choices, part)
        except _Ambiguous:
            found = None
        if found is None:
            unknown.append(part.strip())
        else:
            chosen.add(found.value)


# --------------------------------------------------------------------------- communes

MAX_COMMUNES = 500  # a CPTS covers at most a few hundred communes; bounds the lookup work
AMBIGUOUS_SHOWN = 4  # homonyms listed in the « précisez le département » message


def _parse_communes(q: Owner, text: str) -> list[dict[str, Any]]:
    from bot.rules.territory import split_commune_list, sum_communes

    queries = [s for s in split_commune_list(text) if s.strip()]
    if not queries:
        raise error("communes_empty")
    if len(queries) > MAX_COMMUNES:
        raise error("communes_too_many", count=len(queries), max=MAX_COMMUNES)
    total = sum_communes(queries)
    problems: list[str] = []
    for result in total.ambiguous:
        shown = result.candidates[:AMBIGUOUS_SHOWN]
        names = " ou ".join(f"{c.name} ({c.department})" for c in shown)
        if len(result.candidates) > AMBIGUOUS_SHOWN:
            names += " …"
        example = f"{shown[0].name} ({shown[0].department})" if shown else result.query
        problems.append(
            ui_text(
                "errors",
                "communes_ambiguous",
                query=_echo(result.query),
                candidates=names,
                example=example,
            )
        )
    if total.not_found:
        names = ", ".join(f"« {_echo(name)} »" for name in total.not_found)
        problems.append(ui_text("errors", "communes_not_found", names=names))
    if problems:
        raise AnswerInvalid("\n".join([ui_text("errors", "communes_header"), *problems]))
    if not total.resolved:
        raise error("communes_empty")
    return [_commune_value(c) for c in total.resolved]


def _commune_value(c: Any) -> dict[str, Any]:
    keys = ("insee", "name", "department", "population")
    return {key: getattr(c, key) for key in keys}


# --------------------------------------------------------------------------- groups

_NOTHING = {"aucun", "aucune", "rien", "neant", "0", "personne", "non", "pas encore"}


def _parse_group(q: Owner, text: str) -> list[dict[str, Any]]:
    """Bulk entry: one row per line, columns separated by « ; » in field order."""
    assert isinstance(q, Question)
    if fold(text) in _NOTHING:
        if q.min_rows > 0:
            raise error("group_too_few", min=q.min_rows)
        return []
    lines = [line for line in _clean(text).split("\n") if line.strip()]
    if len(lines) > q.max_rows:
        raise error("group_too_many", count=len(lines), max=q.max_rows)
    rows: list[dict[str, Any]] = []
    for number, line in enumerate(lines, start=1):
        cells = [cell.strip() for cell in re.split(r"[;\t]", line)]
        if len(cells) > len(q.fields):
            extra = ui_text_line(
                "group_row_extra", row=number, count=len(cells), expected=len(q.fields)
            )
            raise AnswerInvalid(f"{extra}\n{_group_format(q)}")
        row: dict[str, Any] = {"_id": f"r{number}"}
        for f, cell in zip(q.fields, cells + [""] * (len(q.fields) - len(cells)), strict=True):
            if not cell:
                if f.required:
                    missing = ui_text_line("group_row_missing", row=number, field=f.label)
                    raise AnswerInvalid(f"{missing}\n{_group_format(q)}")
                continue
            try:
                row[f.id] = parse_answer(f, cell)
            except AnswerInvalid as exc:
                raise error(
                    "group_row_invalid", row=number, field=f.label, message=exc.message
                ) from None
        rows.append(row)
    if len(rows) < q.min_rows:
        raise error("group_too_few", min=q.min_rows)
    return rows


def ui_text_line(key: str, **params: Any) -> str:
    return ui_text("errors", key, **params)


def _group_format(q: Question) -> str:
    return ui_text_line(
        "group_format", row_label=q.row_label, fields=" ; ".join(f.label for f in q.fields)
    )


# --------------------------------------------------------------------------- entry points

_PARSERS: dict[QType, Callable[[Owner, str], Any]] = {
    QType.TEXT: _parse_text,
    QType.LONG_TEXT: _parse_long_text,
    QType.INTEGER: _parse_integer,
    QType.POPULATION: _parse_population,
    QType.MONEY: _parse_money,
    QType.MONTH_YEAR: _parse_month_year,
    QType.DATE: _parse_date,
    QType.EMAIL: _parse_email,
    QType.PHONE: _parse_phone,
    QType.SIRET: _parse_siret,
    QType.FINESS: _parse_finess,
    QType.YES_NO: _parse_yes_no,
    QType.CHOICE: _parse_choice,
    QType.MULTI_CHOICE: _parse_multi_choice,
    QType.GROUP: _parse_group,
    QType.COMMUNES: _parse_communes,
}


def parse_answer(q: Owner, raw: str) -> Any:
    """The stored value for ``raw``; ``AnswerInvalid`` carries the French re-prompt.

    Text containing a social-security number is refused for every type (``guards``).
    """
    if not isinstance(raw, str) or not raw.strip():
        raise error("empty")
    if looks_like_nir(raw):  # never store a social-security number, whatever the question
        raise error("nir_refused")
    value = _PARSERS[q.type](q, raw)
    run_validators(q, value)
    return value


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _valid_shape(q: Owner, value: Any) -> bool:
    t = q.type
    if t is QType.TEXT:
        return (
            isinstance(value, str)
            and 0 < len(value) <= TEXT_MAX
            and value == " ".join(value.split())
            and not _has_control(value, keep_newlines=False)
        )
    if t is QType.LONG_TEXT:
        return (
            isinstance(value, str)
            and 0 < len(value) <= LONG_TEXT_MAX
            and value == value.strip()
            and not _has_control(value, keep_newlines=True)
        )
    if t in (QType.INTEGER, QType.POPULATION, QType.MONEY):
        return _is_int(value) and value >= 0
    if t is QType.MONTH_YEAR:
        return isinstance(value, str) and _iso_ok(value, "%Y-%m", 7)
    if t is QType.DATE:
        return isinstance(value, str) and _iso_ok(value, "%Y-%m-%d", 10)
    if t is QType.EMAIL:
        return isinstance(value, str) and len(value) <= EMAIL_MAX and bool(_EMAIL.fullmatch(value))
    if t is QType.PHONE:
        return isinstance(value, str) and bool(
            re.fullmatch(r"0[1-9](?: [0-9]{2}){4}|\+33 [1-9](?: [0-9]{2}){4}", value)
        )
    if t is QType.SIRET:
        return isinstance(value, str) and bool(_SIRET.fullmatch(value)) and siret_ok(value)
    if t is QType.FINESS:
        return isinstance(value, str) and bool(_FINESS.fullmatch(value))
    if t is QType.YES_NO:
        return isinstance(value, bool)
    if t is QType.CHOICE:
        return isinstance(value, str) and value in {c.value for c in q.choices}
    if t is QType.MULTI_CHOICE:
        values = [c.value for c in q.choices]
        return (
            isinstance(value, list)
            and len(value) > 0
            and len(set(value)) == len(value)
            and all(isinstance(v, str) and v in values for v in value)
        )
    if t is QType.COMMUNES:
        return isinstance(value, list) and len(value) > 0 and all(_commune_ok(c) for c in value)
    if t is QType.GROUP:
        return isinstance(q, Question) and _group_ok(q, value)
    return False  # pragma: no cover - every QType is handled above


def _iso_ok(value: str, fmt: str, length: int) -> bool:
    if len(value) != length:
        return False
    try:
        parsed = dt.datetime.strptime(value, fmt)
    except ValueError:
        return False
    return YEAR_MIN <= parsed.year <= YEAR_MAX and parsed.strftime(fmt) == value


def _commune_ok(item: Any) -> bool:
    return (
        isinstance(item, dict)
        and set(item) == {"insee", "name", "department", "population"}
        and isinstance(item["insee"], str)
        and isinstance(item["name"], str)
        and isinstance(item["department"], str)
        and _is_int(item["population"])
        and item["population"] >= 0
    )


def _group_ok(q: Question, value: Any) -> bool:
    if not isinstance(value, list) or not q.min_rows <= len(value) <= q.max_rows:
        return False
    ids = set()
    for row in value:
        if not isinstance(row, dict) or not isinstance(row.get("_id"), str):
            return False
        ids.add(row["_id"])
        known = {f.id for f in q.fields} | {"_id"}
        if set(row) - known:
            return False
        for f in q.fields:
            cell = row.get(f.id)
            if cell is None:
                if f.required:
                    return False
            elif not is_valid_value(f, cell):
                return False
    return len(ids) == len(value)


def is_valid_value(q: Owner, value: Any) -> bool:
    """True when ``value`` is a well-formed stored answer of ``q`` (type and validators)."""
    if not _valid_shape(q, value):
        return False
    try:
        run_validators(q, value)
    except AnswerInvalid:
        return False
    return True
