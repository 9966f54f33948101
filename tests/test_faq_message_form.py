"""The form features of a message (asks, requests or states), the classifier's fourth block."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.rules.faq import classifier, message_form


def _on(text: str) -> set[str]:
    return {
        name
        for name, value in zip(message_form.NAMES, message_form.features(text), strict=True)
        if value
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("taille ?", {"question mark", "ends with a question mark", "1 to 3 words"}),
        ("68 000 habitants, taille 2", {"4 to 8 words", "has a digit"}),
        (
            "On a 3 médecins.",
            {
                "opens like a statement",
                "4 to 8 words",
                "has a digit",
                "opens with a capital",
                "ends with a full stop",
            },
        ),
        # phone shorthand is spelt out first: « cb » asks, « stp » requests
        (
            "cb pr 60k hab stp",
            {"opens with an interrogative", "has an interrogative", "has a request", "has a digit"},
        ),
        (
            "qu'est-ce que le FIR",
            {
                "opens with an interrogative",
                "has an interrogative",
                "opens like a question",
                "4 to 8 words",
            },
        ),
        ("Président : Dr Martin", {"has a colon", "opens with a capital", "1 to 3 words"}),
        ("fabien.morel@wanadoo.fr", {"has an e-mail", "4 to 8 words"}),
        ("", set()),
    ],
)
def test_the_form_of_a_message(text: str, expected: set[str]) -> None:
    assert _on(text) == expected


@given(st.text(max_size=400))
def test_any_text_gives_one_zero_or_one_per_feature(text: str) -> None:
    values = message_form.features(text)
    assert len(values) == len(message_form.NAMES)
    assert set(values) <= {0.0, 1.0}


def test_many_texts_give_one_row_each() -> None:
    assert message_form.features_of([]).shape == (0, len(message_form.NAMES))
    assert message_form.features_of(["a", "b ?"]).shape == (2, len(message_form.NAMES))


@pytest.mark.parametrize(
    ("statement", "question"),
    [
        ("on est à 68 000 habitants, taille 2", "on est à 68 000 habitants, quelle taille ?"),
        ("le contrat sera signé par notre président, le Dr Martin", "qui signe le contrat ?"),
    ],
)
def test_the_same_topic_stated_reads_less_as_a_question_than_asked(
    statement: str, question: str
) -> None:
    def not_question(text: str) -> float:
        probs = classifier.probabilities(text)
        return sum(probs[label] for label in classifier.NOT_QUESTIONS)

    assert not_question(statement) > 0.5 > not_question(question)
