"""The one Jinja environment for user-facing text, and French number/date formatting.

FAQ answers and UI messages are Jinja templates under ``templates/`` (never string
concatenation in code). Numbers follow French typography: « 60 000 € », « 1 250 habitants »
(narrow no-break space between thousands, no-break space before the unit).
"""

from __future__ import annotations

import datetime as dt
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

import yaml
from babel.dates import format_date
from babel.numbers import format_decimal
from jinja2 import Environment, FileSystemLoader, StrictUndefined, Template

from bot.paths import TEMPLATES_DIR

LOCALE = "fr_FR"
NBSP = "\u00a0"
NNBSP = "\u202f"


def number(value: int | float) -> str:
    """« 60 000 », « 1,5 »."""
    return format_decimal(value, locale=LOCALE)


def money(value: int | float) -> str:
    """« 60 000 € » (whole euros unless cents are present)."""
    return f"{number(value)}{NBSP}€"


def population(value: int) -> str:
    """« 1 250 habitants »."""
    unit = "habitant" if value in (0, 1) else "habitants"
    return f"{number(value)}{NBSP}{unit}"


def percent(value: int | float) -> str:
    return f"{number(value)}{NBSP}%"


def date_long(value: dt.date | str) -> str:
    """« 12 mars 2026 », « 1er mars 2026 » (the first of the month is an ordinal in French)."""
    day = _as_date(value)
    text = format_date(day, "d MMMM y", locale=LOCALE)
    return "1er" + text[1:] if day.day == 1 else text


def date_short(value: dt.date | str) -> str:
    """« 12/03/2026 »."""
    return _as_date(value).strftime("%d/%m/%Y")


def month_year(value: str) -> str:
    """« 2026-03 » → « mars 2026 »."""
    year, month = value.split("-")[:2]
    return format_date(dt.date(int(year), int(month), 1), "MMMM y", locale=LOCALE)


def _as_date(value: dt.date | str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def ucfirst(value: str) -> str:
    """First letter upper-case, the rest untouched (« ARS » stays, unlike ``capitalize``)."""
    return value[:1].upper() + value[1:]


def enumeration(items: Any) -> str:
    """« a, b et c »: a French list reads with « et » before its last item."""
    words = [str(item) for item in items]
    return ", ".join(words[:-1]) + " et " + words[-1] if len(words) > 1 else "".join(words)


FILTERS: dict[str, Any] = {
    "enumeration": enumeration,
    "ucfirst": ucfirst,
    "number": number,
    "money": money,
    "population": population,
    "percent": percent,
    "date_long": date_long,
    "date_short": date_short,
    "month_year": month_year,
}


@lru_cache(maxsize=1)
def environment() -> Environment:
    """Plain-text environment (autoescape off: output is plain text, never HTML)."""
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES_DIR)),
        undefined=StrictUndefined,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )
    env.filters.update(FILTERS)
    return env


def tidy(text: str) -> str:
    """Strip trailing spaces and collapse runs of blank lines (phone screens)."""
    lines = [line.rstrip() for line in text.strip().splitlines()]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out)


def render(template: str, **context: Any) -> str:
    """Render ``templates/<template>`` and tidy blank lines for mobile reading."""
    return tidy(environment().get_template(template).render(**context))


class Strings:
    """A YAML file of short UI strings, each a Jinja template: ``strings("key", **ctx)``.

    Values are passed as variables, never compiled, so user text cannot inject template
    code. The file is read and each string compiled on first use.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._compiled: dict[str, Template] = {}

    @cached_property
    def sources(self) -> dict[str, str]:
        with self.path.open(encoding="utf-8") as fh:
            data = yaml.safe_load(fh)
        if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
            raise ValueError(f"{self.path}: expected a mapping of keys to strings")
        return {str(k): v for k, v in data.items()}

    def __call__(self, key: str, **context: Any) -> str:
        template = self._compiled.get(key)
        if template is None:
            source = self.sources[key]
            if "{" not in source:  # a fixed string (a button label): no template to run
                return tidy(source)
            template = self._compiled[key] = environment().from_string(source)
        return tidy(template.render(**context))

    def keys(self) -> set[str]:
        return set(self.sources)
