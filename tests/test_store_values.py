"""Any JSON-able value round-trips through the store unchanged (types included)."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.store import RowNotFound, Session, Store, StoreError
from bot.store import rows as group
from tests.test_store import OWNER, Clock

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda children: (
        st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=8), children, max_size=5)
    ),
    max_leaves=20,
)


def same(a: Any, b: Any) -> bool:
    """Equality that also compares types (True == 1 and 1 == 1.0 in plain Python)."""
    return type(a) is type(b) and json.dumps(a) == json.dumps(b) and a == b


def test_json_values_round_trip(tmp_path: Path) -> None:
    with asyncio.Runner() as runner:
        store = runner.run(Store.open(tmp_path / "values.sqlite3", now=Clock()))
        team = runner.run(store.create_team(OWNER, "Valeurs"))

        @settings(max_examples=150, deadline=None)
        @given(value=json_values, status=st.sampled_from(["answered", "unknown"]))
        def check(value: Any, status: str) -> None:
            written = runner.run(store.set_answer(team.id, OWNER, "x.value", value, status))
            read = runner.run(store.dossier(team.id, OWNER))["x.value"]
            assert same(read.value, value) and same(written.value, value)
            assert read.status == status
            last = runner.run(store.history(team.id, OWNER, "x.value"))[-1]
            assert same(last.value, value)

        @settings(max_examples=50, deadline=None)
        @given(state=st.dictionaries(st.text(max_size=8), json_values, max_size=5))
        def check_session(state: dict[str, Any]) -> None:
            runner.run(store.save_session(Session(user_id=OWNER, state=state)))
            assert same(runner.run(store.get_session(OWNER)).state, state)

        try:
            check()
            check_session()
        finally:
            runner.run(store.close())


@pytest.mark.parametrize("value", [object(), {1, 2}, float("inf"), b"bytes"])
async def test_non_json_values_are_refused_before_writing(tmp_path: Path, value: Any) -> None:
    async with await Store.open(tmp_path / "bad.sqlite3") as store:
        team = await store.create_team(OWNER, "Valeurs")
        with pytest.raises((TypeError, ValueError)):
            await store.set_answer(team.id, OWNER, "x.value", value)
        assert await store.history(team.id, OWNER) == []


@pytest.mark.parametrize(
    ("value", "expected"),
    [(None, []), ([], []), ([{"_id": "a"}], [{"_id": "a"}])],
)
def test_as_rows(value: Any, expected: list[dict]) -> None:
    assert group.as_rows("g.q", value) == expected


@pytest.mark.parametrize("value", ["text", 3, [1, 2], [{"_id": "a"}, "x"], {"_id": "a"}])
def test_as_rows_rejects_non_groups(value: Any) -> None:
    with pytest.raises(StoreError):
        group.as_rows("g.q", value)


def test_row_edits_are_pure_list_operations() -> None:
    rows: list[dict] = []
    first = group.add(rows, {"name": "A", "_id": "forged"})
    second = group.add(rows, {"name": "B"})
    assert first["_id"] != "forged" and list(first) == ["_id", "name"]
    group.update(rows, first["_id"], {"name": "A2"})
    assert rows == [{"_id": first["_id"], "name": "A2"}, second]
    assert group.delete(rows, second["_id"]) == second
    with pytest.raises(RowNotFound):
        group.delete(rows, second["_id"])
    with pytest.raises(TypeError):
        group.add(rows, ["not", "a", "dict"])  # type: ignore[arg-type]
