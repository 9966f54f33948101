"""Control words and the answer-or-question decision (pure, no store)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.dialogs.understanding import (
    Control,
    Decision,
    control_word,
    decide,
    echoes_prompt,
    has_question_cue,
)


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
    ("parsed", "free_text", "faq_question", "cue", "expected"),
    [
        (True, False, False, False, Decision.STORE),
        (True, True, False, False, Decision.STORE),
        (True, True, False, True, Decision.STORE),  # « Comment nous organiser » as an answer
        (False, False, False, False, Decision.INVALID),
        (False, True, True, False, Decision.FAQ),
        (False, False, True, True, Decision.FAQ),
        (True, True, True, True, Decision.FAQ_OFFER_STORE),
        (True, True, True, False, Decision.ASK_WHICH),  # « 🩺💊 CPTS » at the name question
        (True, False, True, True, Decision.ASK_WHICH),
        (True, False, True, False, Decision.ASK_WHICH),
    ],
)
def test_decision_table(parsed, free_text, faq_question, cue, expected):
    got = decide(parsed=parsed, free_text=free_text, faq_question=faq_question, cue=cue)
    assert got is expected


@pytest.mark.parametrize(
    ("parsed", "free_text", "cue", "expected"),
    [
        # echoes its question, says nothing of a question: an answer, however sure the FAQ is
        (True, True, False, Decision.STORE),
        (True, False, False, Decision.STORE),
        # a question cue wins over the echo: « la mission crise, combien ? » at the crisis prompt
        (True, True, True, Decision.FAQ_OFFER_STORE),
        (True, False, True, Decision.ASK_WHICH),
        (False, True, False, Decision.FAQ),  # does not parse: never stored
    ],
)
def test_an_answer_that_echoes_its_question_is_stored(parsed, free_text, cue, expected):
    got = decide(parsed=parsed, free_text=free_text, faq_question=True, cue=cue, echo=True)
    assert got is expected


@pytest.mark.parametrize(
    ("text", "prompt", "expected"),
    [
        (
            "Plan de crise selon la trame nationale.",
            "Gestion des crises sanitaires graves : comment la CPTS s'organisera-t-elle ?",
            True,
        ),
        (
            "Association CPTS Nouvelle",
            "Quel est le nom de l'association (ou le nom envisagé) ?",
            True,
        ),
        ("SANITAIRES", "crise sanitaire", True),  # case, accents and plural do not matter
        # « CPTS », « projet », « santé », « quel » are in every question: no echo
        ("CPTS du projet de santé", "Quel est le projet de santé de la CPTS ?", False),
        (
            "contact CPAM Isère",
            "Gestion des crises sanitaires graves : comment la CPTS s'organisera-t-elle ?",
            False,
        ),
        ("nom", "Quel est le nom de l'association ?", False),  # three letters: too common
        ("", "Quel est le nom de l'association ?", False),
    ],
)
def test_echoes_prompt(text, prompt, expected):
    assert echoes_prompt(text, prompt) is expected


@given(st.text(max_size=200), st.text(max_size=200))
def test_echo_is_symmetric_and_never_crashes(a, b):
    assert echoes_prompt(a, b) is echoes_prompt(b, a)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("contact CPAM Isère", True),
        ("c'est quoi l'ACI", True),
        ("C EST QUOI LACI", True),
        ("combien pour 60 000 habitants", True),
        ("cb de financement stp", True),
        ("le montant de la subvention ?", True),
        ("Est-ce que la SISA est possible", True),
        ("quel délai pour les missions", True),
        ("durée du contrat svp", True),
        ("le CCAS peut-il être membre ? Cordialement.", True),  # « ? » not at the very end
        ("on se demande si la SISA convient", True),
        ("🩺💊 CPTS", False),
        ("CPTS des Trois Vallées", False),
        ("Association CPTS du Grésivaudan", False),
        ("Dr Martin, présidente", False),
        ("Maison de santé qui regroupe 12 professionnels", False),  # « qui » not at the start
        ("", False),
    ],
)
def test_question_cues(text, expected):
    assert has_question_cue(text) is expected


@given(st.text(max_size=200))
def test_question_cue_never_crashes(text):
    assert has_question_cue(text) in (True, False)
