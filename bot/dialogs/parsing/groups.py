"""Repeatable groups (the list of people involved…) typed in bulk, one row per line.

Each cell is parsed and checked like the answer to its own field: the caller passes
``parse_answer`` / ``is_valid_value`` in, which keeps this module free of the dispatcher.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from bot.dialogs.parsing.text import Owner, clean_text
from bot.dialogs.schema import Question
from bot.dialogs.validators import AnswerInvalid, error, ui_text
from bot.normalize import fold

_NOTHING = {"aucun", "aucune", "rien", "neant", "0", "personne", "non", "pas encore"}


def parse_group(
    q: Owner, text: str, parse_cell: Callable[[Owner, str], Any]
) -> list[dict[str, Any]]:
    """Bulk entry: one row per line, columns separated by « ; » in field order."""
    assert isinstance(q, Question)
    if fold(text) in _NOTHING:
        if q.min_rows > 0:
            raise error("group_too_few", min=q.min_rows, s="s" if q.min_rows > 1 else "")
        return []
    lines = [line for line in clean_text(text).split("\n") if line.strip()]
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
                row[f.id] = parse_cell(f, cell)
            except AnswerInvalid as exc:
                raise error(
                    "group_row_invalid", row=number, field=f.label, message=exc.message
                ) from None
        rows.append(row)
    if len(rows) < q.min_rows:
        raise error("group_too_few", min=q.min_rows, s="s" if q.min_rows > 1 else "")
    return rows


def ui_text_line(key: str, **params: Any) -> str:
    return ui_text("errors", key, **params)


def _group_format(q: Question) -> str:
    return ui_text_line(
        "group_format", row_label=q.row_label, fields=" ; ".join(f.label for f in q.fields)
    )


def _group_ok(q: Question, value: Any, is_valid_cell: Callable[[Owner, Any], bool]) -> bool:
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
            elif not is_valid_cell(f, cell):
                return False
    return len(ids) == len(value)


def valid_group(q: Owner, value: Any, is_valid_cell: Callable[[Owner, Any], bool]) -> bool:
    return isinstance(q, Question) and _group_ok(q, value, is_valid_cell)
