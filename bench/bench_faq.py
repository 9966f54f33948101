"""FAQ understanding and speed.

Understanding: stratified 5-fold cross-validation on data/faq/corpus/train.tsv and the frozen
held-out split (top-1, top-3, out-of-scope precision/recall, what a user meets: right answer,
wrong answer, question back), the top confusions. Length of the first message over every
corpus text (median, p90, max). Speed: cold first call, warm p50/p99 per question, one whole
`cpts-bot ask` process.

Run: .venv/bin/python bench/bench_faq.py [--rounds N] [--runs N] [--no-eval]
Targets: CV top-1 ≥ 97 %, out-of-scope recall and precision ≥ 90 %; first message median
≤ 400, p90 ≤ 800 characters; warm p99 < 5 ms; one-shot `cpts-bot ask` < 1 s.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

QUESTIONS = [
    "combien de financement pour 60 000 habitants ?",
    "finacement 60k",
    "combien pour soixante mille habitants",
    "budget pour 1,2 million d'habitants",
    "taille 3",
    "quelle taille pour 85k habitants ?",
    "quelle taille pour le pays voironnais ?",
    "financement pour 70 000 habitants",
    "quelles sont les missons ?",
    "c'est quoi la mission prévention ?",
    "calendrier des missions",
    "en combien de temps faut-il déployer les missions ?",
    "quand est-ce qu'on est payé ?",
    "durée du contrat ?",
    "subvention ARS pour le pré-projet",
    "quelle forme juridique ?",
    "par où commencer ?",
    "quels indicateurs pour la part variable ?",
    "qui peut nous accompagner ?",
    "c'est quoi l'ACI ?",
    "que veut dire SISA",
    "SAS ?",
    "contact cpam isere",
    "contcat cpam grenoble",
    "cpam toulouse",
    "qui contacter en haute savoie ?",
    "numéro de téléphone de l'ARS du 63",
    "urps infirmiers savoie",
    "comment calculer la population ?",
    "bonjour",
]
ONE_SHOT = "combien de financement pour 60 000 habitants ?"


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


def _pct(x: float) -> str:
    return f"{100 * x:.1f} %"


def _understanding() -> None:
    from bot.rules.faq import evaluation

    for name, scores in (
        ("cross-validation (5 folds)", evaluation.cross_validate()),
        ("held-out split (frozen)", evaluation.held_out()),
    ):
        print(f"{name}, {scores.n} messages:")
        print(
            f"  top-1 {_pct(scores.top1)} ({_pct(scores.top1_merged)} with « hors sujet » and "
            f"« réponse d'entretien » as one), top-3 {_pct(scores.top3)}; out of scope: "
            f"precision {_pct(scores.oos_precision)}, recall {_pct(scores.oos_recall)}"
        )
        print(
            f"  what users meet: right answer {_pct(scores.answered_right)}, wrong answer "
            f"{_pct(scores.answered_wrong)}, asked back {_pct(scores.clarified)} (right card "
            f"offered {_pct(scores.clarified_with_right)})"
        )
        print(
            f"  no question pending ({scores.idle_n} messages, interview answers left out): "
            f"right {_pct(scores.idle_right)}, wrong {_pct(scores.idle_wrong)}, "
            f"asked back {_pct(scores.idle_clarified)}"
        )
        if name.startswith("cross"):  # never print held-out examples or their confusions
            pairs = ", ".join(f"{a}→{b} ×{n}" for (a, b), n in scores.confusions[:8])
            print(f"  top confusions: {pairs}")
    print()


def _lengths() -> None:
    from bot.rules.faq import answer, model_store

    texts = [e.text for e in model_store.read_corpus(model_store.TRAIN_FILE)]
    sizes = sorted(len(answer(t).text) for t in texts)
    contact = [len(answer(t).text) for t in texts if answer(t).card != "contacts"]
    print(
        f"first message over {len(sizes)} corpus texts: median {statistics.median(sizes):.0f}, "
        f"p90 {_percentile(sizes, 0.9):.0f}, max {max(sizes)} characters; "
        f"max without contact lists {max(contact)}"
    )
    print()


def _corpus_latencies() -> list[float]:
    """Each corpus message answered once, as users send them: distinct, uncached."""
    from bot.paths import DATA_DIR
    from bot.rules.faq import answer, classifier
    from bot.rules.faq.model_store import read_corpus

    texts = [e.text for e in read_corpus(DATA_DIR / "faq" / "corpus" / "train.tsv")]
    for text in texts:  # warm-up: every card's template compiled, every table loaded
        answer(text)
    classifier._probabilities.cache_clear()
    times = []
    for text in texts:
        t0 = time.perf_counter()
        answer(text)
        times.append((time.perf_counter() - t0) * 1000)
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=200, help="timed calls per question")
    parser.add_argument("--runs", type=int, default=5, help="subprocess runs of cpts-bot ask")
    parser.add_argument("--no-eval", action="store_true", help="skip the accuracy evaluation")
    args = parser.parse_args()
    if not args.no_eval:
        _understanding()
        _lengths()

    start = time.perf_counter()
    from bot.rules.faq import answer, classifier

    import_ms = (time.perf_counter() - start) * 1000
    start = time.perf_counter()
    answer(QUESTIONS[0])
    cold_ms = (time.perf_counter() - start) * 1000
    start = time.perf_counter()
    for question in QUESTIONS:  # warm-up: every table, template and place index loaded once
        answer(question)
    warmup_ms = (time.perf_counter() - start) * 1000

    rows = []
    every: list[float] = []
    for question in QUESTIONS:
        times = []
        for _ in range(args.rounds):
            classifier._probabilities.cache_clear()  # a new message: nothing read before
            t0 = time.perf_counter()
            result = answer(question)
            times.append((time.perf_counter() - t0) * 1000)
        every.extend(times)
        rows.append(
            (
                question,
                result.card or result.kind,
                statistics.median(times),
                _percentile(times, 0.99),
            )
        )

    width = max(len(q) for q in QUESTIONS)
    print(f"{'question':<{width}}  {'intent':<16} {'p50 ms':>8} {'p99 ms':>8}")
    for question, intent, p50, p99 in rows:
        print(f"{question:<{width}}  {intent:<16} {p50:8.3f} {p99:8.3f}")
    print()
    print(
        f"all questions ({len(every)} calls): p50 {statistics.median(every):.3f} ms, "
        f"p99 {_percentile(every, 0.99):.3f} ms, max {max(every):.3f} ms"
    )
    corpus = _corpus_latencies()
    print(
        f"every corpus text once ({len(corpus)} distinct messages, after one warm-up pass): "
        f"p50 {statistics.median(corpus):.3f} ms, p99 {_percentile(corpus, 0.99):.3f} ms, "
        f"max {max(corpus):.3f} ms"
    )
    print(
        f"import bot.rules.faq: {import_ms:.1f} ms; cold first answer: {cold_ms:.1f} ms; "
        f"first pass over the other questions: {warmup_ms:.1f} ms"
    )

    exe = ROOT / ".venv" / "bin" / "cpts-bot"
    command = [str(exe)] if exe.exists() else [sys.executable, "-m", "bot"]
    walls = []
    for _ in range(args.runs):
        t0 = time.perf_counter()
        subprocess.run([*command, "ask", ONE_SHOT], check=True, capture_output=True, cwd=ROOT)
        walls.append((time.perf_counter() - t0) * 1000)
    print(
        f'`cpts-bot ask "{ONE_SHOT}"` whole process, median of {args.runs}: '
        f"{statistics.median(walls):.0f} ms (min {min(walls):.0f}, max {max(walls):.0f})"
    )
    place_walls = []
    for _ in range(args.runs):
        t0 = time.perf_counter()
        subprocess.run(
            [*command, "ask", "contact cpam grenoble"], check=True, capture_output=True, cwd=ROOT
        )
        place_walls.append((time.perf_counter() - t0) * 1000)
    print(
        f'`cpts-bot ask "contact cpam grenoble"` (loads the territory), median of '
        f"{args.runs}: {statistics.median(place_walls):.0f} ms"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
