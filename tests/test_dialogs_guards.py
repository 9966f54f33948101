"""Social-security numbers (NIR) are spotted in any answer."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.dialogs.guards import is_nir, looks_like_nir


def with_key(body: str) -> str:
    """Append the NIR key to a 13-character body (2A → 19, 2B → 18 for the computation)."""
    number = int(body.replace("2A", "19").replace("2B", "18"))
    return f"{body}{97 - number % 97:02d}"


VALID = with_key("1850578006084")  # sex 1, 1985, May, dept 78, commune 006, order 084
CORSICA_A = with_key("269072A004012")
CORSICA_B = with_key("175012B033005")


@pytest.mark.parametrize(
    "text",
    [
        VALID,
        f"Mon numéro : {VALID[0]} {VALID[1:3]} {VALID[3:5]} {VALID[5:7]} {VALID[7:10]} "
        f"{VALID[10:13]} {VALID[13:]}",
        ".".join(
            [VALID[0], VALID[1:3], VALID[3:5], VALID[5:7], VALID[7:10], VALID[10:13], VALID[13:]]
        ),
        CORSICA_A,
        CORSICA_B.lower(),
        f"tel 04 72 {VALID[0]} {VALID[1:3]} {VALID[3:5]} {VALID[5:7]} {VALID[7:10]} "
        f"{VALID[10:13]} {VALID[13:]}",
        with_key("7850599123456"),  # temporary number (sex digit 7)
        with_key("2854299123456"),  # month 42: allowed special value
        # a wrong key is still someone's number (the usability review saw one stored)
        VALID[:-2] + f"{(int(VALID[-2:]) % 97) + 1:02d}",
        "Patient suivi : 1 85 05 78 006 084 36",
    ],
)
def test_detected(text: str) -> None:
    assert looks_like_nir(text)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "Notre CPTS couvre 62 340 habitants.",
        "04 26 20 94 30",
        "+33 4 26 20 94 30",
        "73282932000074",  # SIRET: 14 digits
        "5" + VALID[1:],  # sex digit 5 does not exist
        with_key("1851378006084"),  # month 13
        with_key("1850500006084"),  # department 00
        VALID + "1",  # 16 digits: not a NIR
        "2026-03-12 15 000 €",
    ],
)
def test_not_detected(text: str) -> None:
    assert not looks_like_nir(text)


def test_is_nir_strict() -> None:
    assert is_nir(VALID)
    assert not is_nir(VALID[:-1])


@settings(max_examples=150, deadline=None)
@given(
    sex=st.sampled_from("123478"),
    year=st.integers(0, 99),
    month=st.integers(1, 12),
    dept=st.one_of(st.integers(1, 95).map(lambda d: f"{d:02d}"), st.sampled_from(["2A", "2B"])),
    rest=st.integers(0, 999_999),
    before=st.text(alphabet="abc é,;:!?()", max_size=10),
    after=st.text(alphabet="abc é,;:!?()", max_size=10),
    sep=st.sampled_from(["", " ", ".", "-"]),
)
def test_any_valid_nir_is_found_in_text(
    sex: str, year: int, month: int, dept: str, rest: int, before: str, after: str, sep: str
) -> None:
    body = f"{sex}{year:02d}{month:02d}{dept}{rest:06d}"
    nir = with_key(body)
    groups = [nir[0], nir[1:3], nir[3:5], nir[5:7], nir[7:10], nir[10:13], nir[13:]]
    assert looks_like_nir(f"{before} {sep.join(groups)} {after}")


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=80))
def test_never_raises(text: str) -> None:
    assert looks_like_nir(text) in (True, False)


def test_parse_answer_refuses_a_nir_in_any_answer() -> None:
    from bot.dialogs.parsing import AnswerInvalid, parse_answer
    from bot.dialogs.schema import QType, Question

    for qtype in (QType.TEXT, QType.LONG_TEXT, QType.PHONE):
        q = Question(id="t.q", label="Q", prompt="Q ?", type=qtype)
        with pytest.raises(AnswerInvalid) as info:
            parse_answer(q, f"Dr Martin, NIR {VALID}")
        assert info.value.message.startswith("Votre message semble contenir un numéro de sécurité")
