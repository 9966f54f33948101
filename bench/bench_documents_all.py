"""Render time of every draft document for the full example dossier vs the python-docx floor.

Dossier: data/examples/cpts_exemple.yaml (every question answered, 20 communes, 9 people,
2 action sheets, 13 budget lines). Floor: opening the base document with python-docx and
saving it (what any .docx render costs at least). For each document: median of 20 runs of
``service.render_document`` (context + Jinja + Markdown → .docx), and of the context + Jinja
part alone (the rest is the shared Markdown → .docx writer).
Targets: < 300 ms each and ≤ 10× the floor.

Run: .venv/bin/python bench/bench_documents_all.py
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import io
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench_documents import _medians_ms  # noqa: E402  (same interleaved timing)
from docx import Document  # noqa: E402

from bot.dialogs.loader import default_bundle  # noqa: E402
from bot.documents import base, catalog, render, service  # noqa: E402
from bot.documents.context import build_context  # noqa: E402

RUNS = 20
TARGET_MS = 300
TARGET_RATIO = 10
ROOT = Path(__file__).resolve().parent.parent


def _load_example():
    path = ROOT / "scripts" / "make_examples.py"
    spec = importlib.util.spec_from_file_location("make_examples", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.load_example()


def main() -> int:
    bundle = default_bundle()
    dossier, meta = _load_example()
    name = meta["cpts_name"]
    day = dt.date(2026, 3, 12)

    def floor() -> None:
        Document(io.BytesIO(base.base_bytes())).save(io.BytesIO())

    jobs: list[tuple[str, str | None]] = [(s.id, None) for s in catalog.documents()]
    jobs.append(("fiche_action", "1"))
    print("floor: python-docx open + save of the base document, timed interleaved with each")
    print("document (this machine's speed drifts between runs: a floor measured once at the")
    print("start made the ratio swing by half); render: context + Jinja + Markdown → .docx;")
    print("markdown: context + Jinja only")
    columns = f"{'render':>10}{'markdown':>10}{'floor':>8}{'ratio':>8}{'size':>9}"
    print(f"{'document':<24}{columns}  targets")
    worst = 0.0
    failed = False
    for doc_id, action in jobs:

        def full(doc_id: str = doc_id, action: str | None = action) -> bytes:
            return service.render_document(
                bundle, dossier, doc_id, cpts_name=name, action_id=action, generated_on=day
            )

        def markdown(doc_id: str = doc_id, action: str | None = action) -> object:
            context = build_context(bundle, dossier, doc_id, action_id=action)
            return render.render_markdown(catalog.get(doc_id).template, context)

        render_ms, markdown_ms, floor_ms = _medians_ms(full, markdown, floor)
        ratio = render_ms / floor_ms
        ok = render_ms < TARGET_MS and ratio <= TARGET_RATIO
        failed |= not ok
        worst = max(worst, ratio)
        label = doc_id + (f" #{action}" if action else "")
        size = len(full()) // 1024
        verdict = "ok" if ok else "MISSED"
        times = f"{render_ms:>8.1f}ms{markdown_ms:>8.1f}ms{floor_ms:>6.1f}ms{ratio:>7.1f}×"
        print(f"{label:<24}{times}{size:>6} Kio  {verdict}")
    print(f"worst ratio {worst:.1f}× (target ≤ {TARGET_RATIO}×, each < {TARGET_MS} ms)")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
