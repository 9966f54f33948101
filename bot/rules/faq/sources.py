"""The sources a card cites: resolved from the rule tables, shown as one compact line.

A key names a sourced record: ``funding:aci_2019`` (a funding version), ``caveat:<key>``,
``facts:<dotted.path>``, ``landscape:<dotted.path>``, ``missions`` / ``missions:<field>``,
``tiers``, ``territory``, ``glossary``. The first message ends with « Sources : ACI (2019) ;
avenant 2 (2021) »; the « Sources et dates » detail lists each with its date and confidence.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.rules.sourced import Sourced


@dataclass(frozen=True)
class SourceLine:
    text: str
    when: str
    year: str
    confidence: str | None
    where: str | None  # a URL when the source is one, for the detail view only


def _walk(root: Any, path: str) -> Any:
    node = root
    for part in path.split("."):
        node = node[part] if isinstance(node, dict) else getattr(node, part)
    return node


def resolve(key: str) -> Sourced:
    """The sourced record a key names (``KeyError`` when it names nothing sourced)."""
    kind, _, path = key.partition(":")
    node: Any
    if kind == "funding":
        from bot.rules.funding import table

        version, _, item = path.partition(".")
        node = next(v for v in table().versions if v.key == version)
        if item:
            node = next(i for i in node.items if i.key == item)
            node = node.evidence or next(v for v in table().versions if v.key == version)
    elif kind == "caveat":
        from bot.rules.funding import table

        node = next(c for c in table().caveats if c.key == path)
    elif kind == "facts":
        from bot.rules.facts import facts

        node = _walk(facts(), path)
    elif kind == "landscape":
        from bot.rules.landscape import landscape

        node = _walk(landscape(), path)
    elif kind == "missions":
        from bot.rules.missions import catalogue

        node = _walk(catalogue(), path) if path else catalogue()
    elif kind == "tiers":
        from bot.rules.tiers import table as tier_table

        node = tier_table()
    elif kind == "glossary":
        from bot.rules.glossary import glossary

        node = glossary()
    elif kind == "territory":
        from bot.rules.territory import metadata

        meta = metadata()
        node = Sourced(
            source=f"{meta.get('package', '')} {meta.get('version', '')}".strip(),
            text="découpage administratif Etalab (populations Insee)",
            as_of="2025",
        )
    else:
        raise KeyError(key)
    if not isinstance(node, Sourced):
        raise KeyError(f"{key} is not a sourced record")
    return node


def is_sourced(key: str) -> bool:
    try:
        resolve(key)
    except (KeyError, StopIteration, AttributeError):
        return False
    return True


def _when(record: Sourced) -> str:
    from bot.textfmt import date_short, month_year

    if record.as_of_label:
        return record.as_of_label
    if record.precision == "day":
        return date_short(record.as_of)
    if record.precision == "month":
        return month_year(record.as_of)
    return record.as_of


def line_of(record: Sourced) -> SourceLine:
    where = record.source if record.source.startswith("http") else None
    return SourceLine(
        text=record.text,
        when=_when(record),
        year=record.as_of[:4],
        confidence=record.confidence if record.confidence in ("moyenne", "basse") else None,
        where=where,
    )


def lines(keys: tuple[str, ...], extra: tuple[Sourced, ...] = ()) -> list[SourceLine]:
    seen: set[tuple[str, str]] = set()
    out: list[SourceLine] = []
    for record in [resolve(k) for k in keys] + list(extra):
        line = line_of(record)
        if (line.text, line.year) not in seen:
            seen.add((line.text, line.year))
            out.append(line)
    return out


def compact(found: list[SourceLine]) -> str:
    """« ACI (2019) ; avenant 2 (2021) »: names and years only."""
    return " ; ".join(
        line.text if line.year in line.text else f"{line.text} ({line.year})" for line in found
    )
