"""FAQ speed: cold first call, warm p50/p99 per question, and one whole `cpts-bot ask` process.

Run: .venv/bin/python bench/bench_faq.py [--rounds N]
Budget: warm p99 < 5 ms in-process; one-shot `cpts-bot ask` < 1 s in total.
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=200, help="timed calls per question")
    parser.add_argument("--runs", type=int, default=5, help="subprocess runs of cpts-bot ask")
    args = parser.parse_args()

    start = time.perf_counter()
    from bot.rules.faq import answer

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
            t0 = time.perf_counter()
            result = answer(question)
            times.append((time.perf_counter() - t0) * 1000)
        every.extend(times)
        rows.append((question, result.intent, statistics.median(times), _percentile(times, 0.99)))

    width = max(len(q) for q in QUESTIONS)
    print(f"{'question':<{width}}  {'intent':<16} {'p50 ms':>8} {'p99 ms':>8}")
    for question, intent, p50, p99 in rows:
        print(f"{question:<{width}}  {intent:<16} {p50:8.3f} {p99:8.3f}")
    print()
    print(
        f"all questions ({len(every)} calls): p50 {statistics.median(every):.3f} ms, "
        f"p99 {_percentile(every, 0.99):.3f} ms, max {max(every):.3f} ms"
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
