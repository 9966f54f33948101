"""Territory lookups: cold load time and per-call latency (p50/p99).

Run: .venv/bin/python bench/bench_territory.py
Loading is measured in fresh interpreters (what the one-shot `cpts-bot ask` pays);
latencies are measured warm, over a mix of typical, typo and negative queries.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

LOOKUPS = [
    "Grenoble", "grenobel", "Voiron (38)", "Voiron, Isère", "st jean de moirans",
    "38500", "38563", "2A004", "Bagnols", "Saint-Denis", "Paris 13", "75013",
    "38500 Coublevoie", "Le Mans", "Bâgé-la-Ville", "Bourg en bresse", "xyzzy",
    "Saint-Martin", "chambery 73", "Valence",
]  # fmt: skip
TEXTS = [
    "contact cpam isere", "qui contacter a grenoble ?",
    "financement pour la cc du pays voironnais", "cpam de la haute savoie", "ars 74",
    "combien de temps pour creer une cpts ?", "quelle est la taille minimale d'une cpts",
    "quelles sont les missions socles", "Qui est le référent CPTS à Lyon ?",
    "Je suis kiné à Saint-Égrève", "On est dans le Val-d'Oise", "cpts paris 15",
    "Il faut combien de temps avant le premier versement ?", "Y a-t-il des aides ?",
    "Comment rémunérer les professionnels pour leur temps de coordination et de réunion ?",
    "CPTS à Grenobel ?",
]  # fmt: skip

COLD = """
import time
t0 = time.perf_counter()
from bot.rules import territory
t1 = time.perf_counter()
territory.commune_index()
t2 = time.perf_counter()
territory.lookup_commune("Voiron")
t3 = time.perf_counter()
territory.find_place("qui contacter a grenoble ?")
t4 = time.perf_counter()
print(t1 - t0, t2 - t1, t3 - t2, t4 - t3)
"""


def cold(runs: int = 5) -> None:
    rows = []
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", COLD], cwd=ROOT, check=True, capture_output=True, text=True
        ).stdout
        rows.append([float(x) * 1000 for x in out.split()])
    labels = ["import module", "load data", "first lookup_commune", "first find_place"]
    print(f"cold, fresh interpreter (median of {runs}, ms):")
    for n, label in enumerate(labels):
        values = [r[n] for r in rows]
        print(f"  {label:22} {statistics.median(values):7.1f}   (min {min(values):.1f})")

    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-c", "from bot.rules.territory import find_place; find_place('ars 74')"],
        cwd=ROOT,
        check=True,
    )
    print(f"  whole process, find_place once: {(time.perf_counter() - start) * 1000:.0f} ms")


def warm(name: str, func: Callable[[str], object], queries: list[str], rounds: int) -> None:
    for query in queries:  # build indexes and caches first
        func(query)
    times: list[float] = []
    for _ in range(rounds):
        for query in queries:
            start = time.perf_counter()
            func(query)
            times.append((time.perf_counter() - start) * 1000)
    times.sort()
    p50 = times[len(times) // 2]
    p99 = times[min(len(times) - 1, int(len(times) * 0.99))]
    print(f"  {name:15} n={len(times):5}  p50 {p50:.3f} ms  p99 {p99:.3f} ms", end="")
    print(f"  max {times[-1]:.3f} ms")


def main() -> None:
    cold()
    from bot.rules import territory

    print("warm:")
    warm("lookup_commune", territory.lookup_commune, LOOKUPS, 50)
    warm("find_place", territory.find_place, TEXTS, 50)
    warm("find_department", territory.find_department, ["38", "isere", "hte savoie"], 200)
    size = territory.DATA_FILE.stat().st_size
    print(f"data file: {territory.DATA_FILE.relative_to(ROOT)} {size / 1e6:.2f} MB")


if __name__ == "__main__":
    main()
