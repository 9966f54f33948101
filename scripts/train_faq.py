"""Train the FAQ classifier on data/faq/corpus/train.tsv and export it for numpy-only inference.

    .venv/bin/python scripts/train_faq.py          # writes data/faq/model/faq_model.npz
    .venv/bin/python scripts/train_faq.py --check  # exit 1 when the exported model is stale

TF-IDF (character n-grams within words + word uni/bigrams) and the mean pre-trained word
vector of the message (``data/faq/model/word_vectors.npz``), into a multinomial logistic
regression, whose probabilities the FAQ uses to answer, ask back or say « hors sujet ». The
export holds the vocabularies, idf weights, coefficients and the hashes of the corpus and of
the vector table; a test checks it is fresh and that numpy inference equals scikit-learn's
``predict_proba``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.rules.faq import model_store  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true", help="only check the export is fresh")
    args = parser.parse_args()
    if args.check:
        fresh = model_store.is_fresh()
        print("model is fresh" if fresh else "model is stale: run scripts/train_faq.py")
        return 0 if fresh else 1
    path = model_store.export(model_store.fit_pipeline())
    print(f"wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
