"""Time of the readiness check (« Vérification avant dépôt ») on the full example dossier.

Dossier: data/examples/cpts_exemple.yaml (20 communes, 28 people, 4 action sheets, 13 budget
lines, every question answered but one). Median of 200 runs of ``readiness.check``, after a
warm-up run that loads the rule tables. Target: < 20 ms.

Run: .venv/bin/python bench/bench_readiness.py
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.dialogs.loader import default_bundle  # noqa: E402
from bot.dialogs.readiness import check  # noqa: E402
from bot.dossier_file import load  # noqa: E402
from bot.paths import DATA_DIR  # noqa: E402

RUNS = 200
TARGET_MS = 20


def main() -> int:
    bundle = default_bundle()
    dossier = load(DATA_DIR / "examples" / "cpts_exemple.yaml", bundle).dossier
    report = check(bundle, dossier)  # warm-up: rule tables, facts, missions
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        check(bundle, dossier)
        times.append((time.perf_counter() - start) * 1000)
    median = statistics.median(times)
    worst = max(times)
    ok = "ok" if median < TARGET_MS else "SLOW"
    print(
        f"readiness.check, full example dossier: median {median:.2f} ms, max {worst:.2f} ms "
        f"({len(report.findings)} findings) — target < {TARGET_MS} ms: {ok}"
    )
    return 0 if median < TARGET_MS else 1


if __name__ == "__main__":
    raise SystemExit(main())
