"""The FAQ classifier: its corpus, its exported weights, and its measured understanding.

Figures are asserted as floors just under what was measured (see bench/bench_faq.py and the
README), so a change that makes understanding worse fails here. They are below the issue's
targets (cross-validated top-1 ≥ 97 %); the README says so.
"""

from __future__ import annotations

import hashlib

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.rules.faq import cards, classifier, evaluation, model_store, model_text

pytestmark = pytest.mark.slow


def test_corpus_is_well_formed() -> None:
    train = model_store.read_corpus(model_store.TRAIN_FILE)
    held = model_store.read_corpus(model_store.HELDOUT_FILE)
    assert len(train) >= 1200
    known = set(classifier.labels())
    per_label: dict[str, int] = {}
    for example in train:
        per_label[example.label] = per_label.get(example.label, 0) + 1
    assert set(per_label) == known
    assert min(per_label.values()) >= 25
    assert per_label["hors_sujet"] >= 150
    assert {e.label for e in held} <= known
    texts = [e.text for e in train]
    assert len(texts) == len(set(texts)), "duplicate texts in train.tsv"

    def digest(text: str) -> str:
        return hashlib.sha256(model_text.normalise(text).encode()).hexdigest()

    assert not {digest(e.text) for e in train} & {digest(e.text) for e in held}


def test_every_label_has_a_card_and_every_card_a_label() -> None:
    registry = cards.registry()
    in_scope = set(classifier.labels()) - classifier.NOT_QUESTIONS
    assert {c.label for c in registry.cards} == in_scope


def test_exported_model_is_fresh() -> None:
    assert model_store.is_fresh(), "run scripts/train_faq.py"


def test_numpy_inference_equals_scikit_learn() -> None:
    pipeline = model_store.fit_pipeline()
    sample = [e.text for e in model_store.read_corpus(model_store.TRAIN_FILE)[::37]]
    sample += ["", "🙂", "{{ x }}", "{{ 7*7 }}", "<w:t>", "a" * 500]
    sample.append("combien pour 60 000 habitants " * 170)  # over 5 000 characters
    expected = pipeline.predict_proba(sample)
    classes = list(pipeline.classes_)
    for text, row in zip(sample, expected, strict=True):
        got = classifier.probabilities(text)
        assert np.allclose([got[c] for c in classes], row, atol=1e-9)


def test_cross_validation_floor() -> None:
    scores = evaluation.cross_validate()
    # Regression floors a little under the measured figures (bench/bench_faq.py prints them):
    # top-1 94.1 %, top-3 99.4 %, out-of-scope precision 94.1 % and recall 93.9 %, wrong 2.8 %.
    # (11 865 messages; the last 2 956 were written to be hard: minimal pairs, typos, the same
    # words as a question and as an interview answer. With n-grams only, before the word
    # vectors and the message form: top-1 92.8 %, out of scope 92.6 / 90.7 %, wrong 3.5 %.)
    assert scores.top1 >= 0.935
    assert scores.top3 >= 0.99
    assert scores.oos_precision >= 0.935
    assert scores.oos_recall >= 0.935
    assert scores.answered_wrong <= 0.03


def test_held_out_floor() -> None:
    scores = evaluation.held_out()
    # measured: top-1 97.4 %, out-of-scope precision 98.9 % and recall 98.9 %, wrong 1.3 %
    assert scores.top1 >= 0.97
    assert scores.oos_recall >= 0.98
    assert scores.oos_precision >= 0.98
    assert scores.answered_wrong <= 0.02


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("bonjour", "out_of_scope"),
        ("quel est le tarif d'une consultation", "out_of_scope"),
        ("CPTS du Grésivaudan", "out_of_scope"),
        ("combien de financement pour 90 000 habitants", "answer"),
        ("contact ARS Savoie", "answer"),
    ],
)
def test_decide_on_obvious_cases(text: str, kind: str) -> None:
    assert classifier.decide(text).kind == kind


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("taille 3", "answer"),  # no question pending: a topic alone asks
        ("cpam 38", "answer"),
        ("12 infirmiers et 3 kinés", "out_of_scope"),  # states: not contacts for the Aveyron
        ("on a déjà 14 médecins et 6 pharmaciens", "out_of_scope"),
    ],
)
def test_with_no_question_pending_a_statement_gets_no_card(text: str, kind: str) -> None:
    assert classifier.decide(text, idle=True).kind == kind


@pytest.mark.parametrize(
    ("text", "normalised"),
    [
        ("60 000 habitants", "00000 habitants"),
        ("60.000 hab", "00000 habitants"),
        ("12 000 hab", "00000 habitants"),  # same question as 60 000: same shape
        ("l'accord de 2026", "l accord de 2026"),  # a year is kept
        ("taille 3 ou 4", "taille 3 ou 4"),  # a digit is kept
        ("le barème de 2019", "le bareme de 2019"),
        # an identifier is one word, never a population shape (« 00000 »)
        ("siret 123 456 789 00012", "siret identifiant"),
        ("06 12 34 56 78", "identifiant"),
        ("le 12/03/2026 à 18h30", "le identifiant a identifiant"),
        ("15k€", "00 k€"),
        ("taille 1 2 ou 3", "taille 1 2 ou 3"),
        ("12 345 678 habitants", "0000000 habitants"),  # past 7 digits, one shape
    ],
)
def test_numbers_reach_the_model_as_digits_years_or_sizes(text: str, normalised: str) -> None:
    assert model_text.normalise(text) == normalised


@pytest.mark.parametrize(
    ("text", "normalised"),
    [
        ("cb de tps pr la LI", "combien de temps pour la lettre intention"),
        ("c koi une cpts", "c quoi une cpts"),
        ("ki signe", "qui signe"),
        ("je suis kiné, pk adhérer", "je suis kinesitherapeute pourquoi adherer"),
        ("ya un pb", "il y a un probleme"),
        ("lien avec l'IDE", "lien avec l infirmier"),
        ("une idée de kinés", "une idee de kinesitherapeutes"),  # whole words only: « idee »
    ],
)
def test_phone_shorthand_reaches_the_model_spelt_out(text: str, normalised: str) -> None:
    assert model_text.normalise(text) == normalised


@pytest.mark.parametrize(
    ("text", "normalised"),
    [
        ("avenant 3 en 2026", "avenant avenant3 en 2026"),
        ("l'avenant n°2", "l avenant avenant2"),
        ("AVENANT numéro 2 de l'ACI", "avenant avenant2 de l aci"),
        ("un avenant au contrat", "un avenant au contrat"),
        ("avenant 12", "avenant 00"),  # not a digit: a size, as any number
    ],
)
def test_an_amendment_number_names_the_text(text: str, normalised: str) -> None:
    assert model_text.normalise(text) == normalised


@given(st.integers(min_value=0, max_value=10**8 - 1) | st.integers(10**9, 10**13 - 1))
def test_a_number_becomes_a_digit_a_year_or_its_size(number: int) -> None:
    # 9 and 14 digits alone are a SIREN and a SIRET: « identifiant » (table above)
    digits = str(number)
    token = model_text.number_token(digits)
    if number < 10 or 2000 <= number < 2040:
        assert token == digits
    else:
        assert set(token) == {"0"} and len(token) == min(len(digits), 7)
    assert model_text.normalise(f"{number} habitants") == f"{token} habitants"
