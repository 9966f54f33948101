"""Repeatable groups: pure edits of a list of row dicts, each identified by ``_id``.

The store reads the list, applies one of these and writes it back inside one write
transaction, so concurrent edits by two members never lose a row.
"""

from __future__ import annotations

from typing import Any

from bot.store.codes import new_row_id
from bot.store.errors import RowNotFound, StoreError

Row = dict[str, Any]


def as_rows(qid: str, value: Any) -> list[Row]:
    """The stored value as a fresh list of rows; no answer (or « unknown ») is no rows."""
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(r, dict) for r in value):
        raise StoreError(f"{qid} is not a repeatable group")
    return [dict(r) for r in value]


def add(rows: list[Row], row: Row) -> Row:
    """Append ``row`` with a new ``_id`` (first key); a caller-given ``_id`` is ignored."""
    new = {"_id": new_row_id({str(r["_id"]) for r in rows if r.get("_id")}), **_fields(row)}
    rows.append(new)
    return new


def update(rows: list[Row], row_id: str, row: Row) -> Row:
    """Replace the fields of row ``row_id`` (the whole row, not a merge), keeping its id."""
    index = _index(rows, row_id)
    rows[index] = {"_id": row_id, **_fields(row)}
    return rows[index]


def delete(rows: list[Row], row_id: str) -> Row:
    return rows.pop(_index(rows, row_id))


def _fields(row: Row) -> Row:
    if not isinstance(row, dict):
        raise TypeError("a row is a dict of field values")
    return {k: v for k, v in row.items() if k != "_id"}


def _index(rows: list[Row], row_id: str) -> int:
    for i, r in enumerate(rows):
        if r.get("_id") == row_id:
            return i
    raise RowNotFound(row_id)
