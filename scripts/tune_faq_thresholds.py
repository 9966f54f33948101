"""Choose the FAQ's decision thresholds (data/faq/decision.yaml) on cross-validation.

    .venv/bin/python scripts/tune_faq_thresholds.py

Replays every decision on the 5-fold cross-validated probabilities of
data/faq/corpus/train.tsv (never the frozen held-out split) for a grid of thresholds, and
prints the best by « right answers − 3 × wrong answers » (a confident wrong answer is the
worst outcome; asking back costs the user one tap), beside the thresholds in use. Writing
the chosen values into decision.yaml stays a reviewed, manual step.
"""

from __future__ import annotations

import itertools
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.rules.faq import classifier, evaluation  # noqa: E402

WRONG_COST = 3.0
GRID = {
    "answer": (0.35, 0.40, 0.45, 0.50, 0.55, 0.60),
    "margin": (0.05, 0.10, 0.15, 0.20),
    "clarify": (0.20, 0.30, 0.40, 0.50),
    "out_of_scope": (0.40, 0.50, 0.60, 0.70),
}


def _objective(scores: evaluation.Scores) -> float:
    return scores.answered_right - WRONG_COST * scores.answered_wrong


def _line(name: str, t: classifier.Thresholds, s: evaluation.Scores) -> str:
    return (
        f"{name}: answer={t.answer:.2f} margin={t.margin:.2f} clarify={t.clarify:.2f} "
        f"out_of_scope={t.out_of_scope:.2f} → right {s.answered_right:.1%}, "
        f"wrong {s.answered_wrong:.1%}, asked back {s.clarified:.1%}, "
        f"out-of-scope P {s.oos_precision:.1%} R {s.oos_recall:.1%}, "
        f"objective {_objective(s):.3f}"
    )


def main() -> int:
    labels, probas = evaluation.cross_validated_probabilities()
    current = classifier.thresholds()
    best: tuple[float, classifier.Thresholds, evaluation.Scores] | None = None
    for values in itertools.product(*GRID.values()):
        t = current.model_copy(update=dict(zip(GRID, values, strict=True)))
        s = evaluation.score(labels, probas, t)
        if best is None or _objective(s) > best[0]:
            best = (_objective(s), t, s)
    assert best is not None
    print(_line("in use", current, evaluation.score(labels, probas, current)))
    print(_line("best  ", best[1], best[2]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
