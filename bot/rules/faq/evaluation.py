"""How well the FAQ understands: cross-validation on the training corpus, the frozen held-out
split, and what a user meets (right answer, wrong answer, a question back, « hors sujet »).

Build/test time only (scikit-learn). The held-out split is scored with a model trained on the
whole training corpus and is never used to choose anything.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from bot.rules.faq import classifier, model_store

NOT_QUESTION = classifier.NOT_QUESTIONS


@dataclass
class Scores:
    n: int
    top1: float  # strict label accuracy
    top3: float  # the right label among the three most probable
    oos_precision: float  # « not a FAQ question » (hors sujet or interview answer)
    oos_recall: float
    answered_right: float  # share of all messages: the FAQ answered, with the right card
    answered_wrong: float  # …answered with a wrong card: the outcome to avoid
    clarified: float  # asked back (« Vous parlez de… ? »)
    clarified_with_right: float  # …and the right card was among the buttons
    confusions: list[tuple[tuple[str, str], int]] = field(default_factory=list)
    # top-1 where « hors sujet » and « réponse d'entretien » count as one label: both mean
    # « not a FAQ question », and a user never sees which of the two was picked
    top1_merged: float = 0.0
    # no question pending (« idle »): the in-scope and out-of-scope messages, decided as
    # ``faq.answer`` decides them (interview answers are left out: they are typed mid-interview)
    idle_n: int = 0
    idle_right: float = 0.0
    idle_wrong: float = 0.0
    idle_clarified: float = 0.0


def _merged(label: str) -> str:
    return "not_question" if label in NOT_QUESTION else label


def _idle(
    labels: list[str], probas: list[dict[str, float]], t: classifier.Thresholds | None
) -> tuple[int, float, float, float]:
    right = wrong = clar = n = 0
    for truth, probs in zip(labels, probas, strict=True):
        if truth == classifier.ANSWER_LIKE:
            continue
        n += 1
        decision = classifier.decide_from(probs, t, idle=True)
        if decision.kind == "answer":
            right += decision.ranked[0][0] == truth
            wrong += decision.ranked[0][0] != truth
        elif decision.kind == "clarify":
            clar += 1
        else:
            right += truth == classifier.OUT_OF_SCOPE
    return n, right / n, wrong / n, clar / n


def score(
    labels: list[str], probas: list[dict[str, float]], t: classifier.Thresholds | None = None
) -> Scores:
    """What a user meets for these probabilities, decided with thresholds ``t`` (default: data)."""
    n = len(labels)
    top1 = top3 = right = wrong = clar = clar_right = merged = 0
    tp = fp = fn = 0
    confusions: Counter[tuple[str, str]] = Counter()
    for truth, probs in zip(labels, probas, strict=True):
        ranked = sorted(probs, key=lambda label: -probs[label])
        top1 += ranked[0] == truth
        merged += _merged(ranked[0]) == _merged(truth)
        top3 += truth in ranked[:3]
        if ranked[0] != truth:
            confusions[(truth, ranked[0])] += 1
        decision = classifier.decide_from(probs, t)
        said_oos = decision.kind == "out_of_scope"
        is_oos = truth in NOT_QUESTION
        tp += said_oos and is_oos
        fp += said_oos and not is_oos
        fn += is_oos and not said_oos
        if decision.kind == "answer":
            if decision.ranked[0][0] == truth:
                right += 1
            else:
                wrong += 1
        elif decision.kind == "clarify":
            clar += 1
            clar_right += truth in [label for label, _ in decision.ranked]
        elif is_oos:
            right += 1  # saying « hors sujet » to an out-of-scope message is the right answer
    scores = Scores(
        n=n,
        top1=top1 / n,
        top3=top3 / n,
        oos_precision=tp / (tp + fp) if tp + fp else 1.0,
        oos_recall=tp / (tp + fn) if tp + fn else 1.0,
        answered_right=right / n,
        answered_wrong=wrong / n,
        clarified=clar / n,
        clarified_with_right=clar_right / n,
        confusions=confusions.most_common(10),
        top1_merged=merged / n,
    )
    scores.idle_n, scores.idle_right, scores.idle_wrong, scores.idle_clarified = _idle(
        labels, probas, t
    )
    return scores


def _probas(pipeline: Any, texts: list[str]) -> list[dict[str, float]]:
    classes = list(pipeline.classes_)
    rows = pipeline.predict_proba(texts)
    return [dict(zip(classes, map(float, row), strict=True)) for row in rows]


def cross_validated_probabilities(folds: int = 5) -> tuple[list[str], list[dict[str, float]]]:
    """Every training message's probabilities from the fold that did not train on it."""
    from sklearn.model_selection import StratifiedKFold

    examples = model_store.read_corpus(model_store.TRAIN_FILE)
    labels = [e.label for e in examples]
    probas: list[dict[str, float]] = [{} for _ in examples]
    splitter = StratifiedKFold(folds, shuffle=True, random_state=model_store.SEED)
    for train_idx, test_idx in splitter.split(labels, labels):
        pipeline = model_store.fit_pipeline([examples[i] for i in train_idx])
        for i, probs in zip(
            test_idx, _probas(pipeline, [examples[i].text for i in test_idx]), strict=True
        ):
            probas[i] = probs
    return labels, probas


def cross_validate(folds: int = 5) -> Scores:
    return score(*cross_validated_probabilities(folds))


def held_out() -> Scores:
    """The frozen split, scored by the model trained on the whole training corpus."""
    pipeline = model_store.fit_pipeline()
    examples = model_store.read_corpus(model_store.HELDOUT_FILE)
    return score([e.label for e in examples], _probas(pipeline, [e.text for e in examples]))
