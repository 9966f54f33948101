"""Control words and the answer-or-question decision (pure, no store)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.dialogs.understanding import Control, Decision, control_word, decide


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("passer", Control.SKIP),
        ("Passer", Control.SKIP),
        ("PASSER !", Control.SKIP),
        ("pasèr", Control.SKIP),  # one typo
        ("retour", Control.BACK),
        ("Retuor", Control.BACK),  # swapped letters
        ("je ne sais pas (encore)", Control.UNKNOWN),
        ("je ne sais pas encore", Control.UNKNOWN),
        ("Je sais pas", Control.UNKNOWN),
        ("je sai pas", Control.UNKNOWN),
        ("aide", Control.HELP),
        ("Annuler", Control.CANCEL),
        ("anuler", Control.CANCEL),
        ("menu", Control.MENU),
        ("Reprendre", Control.RESUME),
    ],
)
def test_control_words_in_any_case_accents_and_small_typos(text, expected):
    assert control_word(text) is expected


@pytest.mark.parametrize(
    "text",
    ["Association loi 1901", "oui", "non", "Voiron", "Passy", "Aucune", "12", "Pase", "aides ARS"],
)
def test_answers_are_not_control_words(text):
    assert control_word(text) is None


def test_names_need_the_exact_phrase():
    assert control_word("pasèr", fuzzy=False) is None
    assert control_word("Passer", fuzzy=False) is Control.SKIP


@given(st.text(max_size=200))
def test_never_crashes(text):
    result = control_word(text)
    assert result is None or isinstance(result, Control)


@pytest.mark.parametrize(
    ("parsed", "free_text", "faq_question", "expected"),
    [
        (True, False, False, Decision.STORE),
        (True, True, False, Decision.STORE),
        (False, False, False, Decision.INVALID),
        (False, True, True, Decision.FAQ),
        (False, False, True, Decision.FAQ),
        (True, True, True, Decision.FAQ_OFFER_STORE),
        (True, False, True, Decision.ASK_WHICH),
    ],
)
def test_decision_table(parsed, free_text, faq_question, expected):
    assert decide(parsed=parsed, free_text=free_text, faq_question=faq_question) is expected
