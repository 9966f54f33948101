"""Pure parts of the Telegram adapter: splitting, keyboards, names, commands."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from telegram import User

from bot.conversation.messages import Button
from bot.telegram.handlers import command_text, display_name
from bot.telegram.send import MAX_MESSAGE, keyboard, split_text, tg_len


@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [
        ("", 10, []),
        ("   \n\n ", 10, []),
        ("court", 10, ["court"]),
        ("exactement", 10, ["exactement"]),  # 10 units: fits
        # paragraph boundary preferred over line and space
        ("aaa bbb\nccc\n\nddd", 12, ["aaa bbb\nccc", "ddd"]),
        # no paragraph that fits: last line break that fits
        ("aaa\nbbb ccc ddd", 10, ["aaa", "bbb ccc", "ddd"]),
        # no line break: last space that fits
        ("un deux trois quatre", 10, ["un deux", "trois", "quatre"]),
        # no whitespace at all: hard cut
        ("abcdefghijklmnopqrstuvwxyz", 10, ["abcdefghij", "klmnopqrst", "uvwxyz"]),
        # emoji outside the BMP count for 2 UTF-16 units and are never cut in half
        ("😀😀😀😀😀😀", 5, ["😀😀", "😀😀", "😀😀"]),
        ("ab😀cd", 3, ["ab", "😀c", "d"]),
        # several blank lines between paragraphs collapse at the cut
        ("para un\n\n\n\npara deux", 10, ["para un", "para deux"]),
    ],
)
def test_split_text(text: str, limit: int, expected: list[str]) -> None:
    assert split_text(text, limit) == expected


def test_split_real_limit_keeps_paragraphs_whole() -> None:
    paragraph = ("Le projet de santé décrit les missions de la CPTS. " * 30).strip()  # ~1500
    text = "\n\n".join([paragraph] * 5)
    chunks = split_text(text)
    assert len(chunks) == 3
    assert all(tg_len(chunk) <= MAX_MESSAGE for chunk in chunks)
    assert chunks == ["\n\n".join([paragraph] * 2)] * 2 + [paragraph]


@settings(max_examples=200, deadline=None)
@given(
    text=st.text(alphabet=st.sampled_from(list("ab é😀\n\t-")) | st.characters(), max_size=400),
    limit=st.integers(min_value=2, max_value=60),
)
def test_split_text_properties(text: str, limit: int) -> None:
    chunks = split_text(text, limit)
    assert all(chunk and chunk == chunk.strip() for chunk in chunks)
    assert all(tg_len(chunk) <= limit for chunk in chunks)
    # nothing but whitespace at the cuts is lost, and order is kept
    assert re.sub(r"\s", "", "".join(chunks)) == re.sub(r"\s", "", text)


def test_keyboard_rows_and_data() -> None:
    markup = keyboard(
        [
            [Button(label="Oui", data="a:1"), Button(label="Non", data="a:0")],
            [Button(label="ℹ️ Aide", data="h")],
        ]
    )
    assert markup is not None
    assert markup.to_dict() == {
        "inline_keyboard": [
            [{"text": "Oui", "callback_data": "a:1"}, {"text": "Non", "callback_data": "a:0"}],
            [{"text": "ℹ️ Aide", "callback_data": "h"}],
        ]
    }
    assert keyboard([]) is None


@pytest.mark.parametrize(
    ("data", "ok"),
    [
        ("x" * 64, True),
        ("é" * 32, True),  # 64 bytes
        ("é" * 33, False),  # 33 characters pass the model, 66 bytes do not fit Telegram
        ("😀" * 17, False),  # 68 bytes
    ],
)
def test_keyboard_callback_data_limit_in_bytes(data: str, ok: bool) -> None:
    rows = [[Button(label="b", data=data)]]
    if ok:
        assert keyboard(rows) is not None
    else:
        with pytest.raises(ValueError, match="64 bytes"):
            keyboard(rows)


@pytest.mark.parametrize(
    ("first", "last", "expected"),
    [
        ("Julie", "Martin", "Julie M."),
        ("Julie", None, "Julie"),
        ("Julie", "", "Julie"),
        ("  Jean   Paul ", "Dupont", "Jean Paul D."),
        ("Émilie", "écuyer", "Émilie É."),
        ("Anne", " de la Tour", "Anne D."),
        ("X" * 300, "Y", "X" * 128),
    ],
)
def test_display_name(first: str, last: str | None, expected: str) -> None:
    user = User(id=1, first_name=first, last_name=last, is_bot=False)
    assert display_name(user) == expected


@pytest.mark.parametrize(
    ("text", "username", "expected"),
    [
        ("/start", "CptsBot", "/start"),
        ("/start ABC123", "CptsBot", "/start ABC123"),
        ("/start@CptsBot ABC123", "CptsBot", "/start ABC123"),
        ("/aide@cptsbot", "CptsBot", "/aide"),
        ("/aide@OtherBot", "CptsBot", "/aide@OtherBot"),
        ("bonjour @CptsBot", "CptsBot", "bonjour @CptsBot"),
        ("/start@CptsBot", None, "/start@CptsBot"),
    ],
)
def test_command_text(text: str, username: str | None, expected: str) -> None:
    assert command_text(text, username) == expected
