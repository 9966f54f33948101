"""The pre-trained word vectors beside the TF-IDF features: the table, the message vector, and
what they bring (a word the corpus never saw still reaches its card)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.rules.faq import classifier, model_store, model_text, word_vectors


def _cosine(a: str, b: str) -> float:
    return float(word_vectors.document_vector(a) @ word_vectors.document_vector(b))


def test_the_table_names_its_source_and_holds_unit_vectors() -> None:
    with np.load(word_vectors.VECTORS_FILE) as data:
        assert "core_news_md" in str(data["source"]) and "CC0" in str(data["source"])
    table = word_vectors.table()
    assert len(table.rows) > 50_000
    norms = np.linalg.norm(table.vectors.astype(np.float64), axis=1)
    assert np.allclose(norms, 1.0, atol=2e-3)  # float16 precision
    assert max(table.rows.values()) < len(table.vectors)
    assert all(word_vectors.TOKEN.fullmatch(word) for word in table.rows)  # what tokens() yields


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("L’association d'usagers", ["l'", "association", "d'", "usagers"]),
        ("ÉTAPES ?", ["étapes"]),
        ("taille 3, 60 000 hab", ["taille", "hab"]),
        ("🙂 {{ x }} <w:t>", ["x", "w", "t"]),
        ("", []),
    ],
)
def test_tokens_keep_accents_and_elisions(text: str, expected: list[str]) -> None:
    assert word_vectors.tokens(text) == expected


@pytest.mark.parametrize(
    ("typed", "written"),
    [("etapes", "étapes"), ("medecin", "médecin"), ("delai", "délai"), ("reunion", "réunion")],
)
def test_a_word_typed_without_accents_has_the_vector_of_its_written_form(
    typed: str, written: str
) -> None:
    assert _cosine(typed, written) == pytest.approx(1.0)


@pytest.mark.parametrize(
    ("word", "near", "far"),
    [
        ("rémunération", "indemnisation", "météo"),
        ("étapes", "démarches", "pharmacien"),
        ("subvention", "financement", "météo"),
        ("infirmière", "infirmier", "contrat"),
    ],
)
def test_words_of_one_meaning_are_nearer_than_unrelated_ones(
    word: str, near: str, far: str
) -> None:
    assert _cosine(word, near) > _cosine(word, far) + 0.3


def test_a_text_with_no_known_word_gives_the_zero_vector() -> None:
    assert not word_vectors.document_vector("zzqx 123 🙂").any()


@given(st.text(max_size=300))
def test_any_text_gives_a_finite_vector_of_length_zero_or_one(text: str) -> None:
    vector = word_vectors.document_vector(text)
    assert vector.shape == (word_vectors.dimensions(),)
    assert np.isfinite(vector).all()
    norm = float(np.linalg.norm(vector))
    assert norm == pytest.approx(0.0) or norm == pytest.approx(1.0)


def test_a_word_the_corpus_never_saw_still_reaches_its_card() -> None:
    # « rétribution » is in no corpus line: the TF-IDF model alone read this message as an
    # interview answer (0.48); the vectors place it near « rémunération », « indemnités ».
    corpus_words = {
        word
        for example in model_store.read_corpus(model_store.TRAIN_FILE)
        for word in model_text.normalise(example.text).split()
    }
    assert "retribution" not in corpus_words
    probs = classifier.probabilities("rétribution des administrateurs")
    assert max(probs, key=probs.__getitem__) == "indemnites_membres"
