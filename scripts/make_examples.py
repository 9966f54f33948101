"""Render every draft document for the fictional example CPTS into examples/.

The dossier is data/examples/cpts_exemple.yaml (invented people and structures, real
communes of Haute-Loire whose INSEE code and population come from bot.rules.territory).
Every value is checked against its question's type before rendering, so the example cannot
drift from the interviews silently. PDFs are made too when LibreOffice is installed.

Run: .venv/bin/python scripts/make_examples.py [--no-pdf] [--out examples]
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.dialogs.loader import Bundle, default_bundle  # noqa: E402
from bot.dialogs.parsing import is_valid_value  # noqa: E402
from bot.dialogs.schema import Answer, Dossier, QType  # noqa: E402
from bot.documents import catalog, service  # noqa: E402
from bot.documents.pdf import PdfConversionError, soffice_path, to_pdf  # noqa: E402
from bot.paths import DATA_DIR, ROOT  # noqa: E402
from bot.rules.territory import sum_communes  # noqa: E402

EXAMPLE_FILE = DATA_DIR / "examples" / "cpts_exemple.yaml"
OUT_DIR = ROOT / "examples"


class ExampleError(ValueError):
    """The example dossier does not fit the interviews (unknown question, wrong value)."""


def _communes(names: list[str]) -> list[dict[str, Any]]:
    found = sum_communes(names)
    if found.ambiguous or found.not_found:
        raise ExampleError(f"communes not resolved: {found.ambiguous} {found.not_found}")
    return [
        {"insee": c.insee, "name": c.name, "department": c.department, "population": c.population}
        for c in found.resolved
    ]


def load_example(path: Path = EXAMPLE_FILE, bundle: Bundle | None = None) -> tuple[Dossier, dict]:
    """The example dossier (values checked against the bundle) and its ``meta`` block."""
    bundle = bundle or default_bundle()
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    dossier: Dossier = {}
    for qid, value in data["answers"].items():
        q = bundle.questions.get(qid)
        if q is None:
            raise ExampleError(f"{path.name}: unknown question {qid}")
        if q.type is QType.COMMUNES:
            value = _communes(value)
        elif q.type is QType.GROUP:
            value = [{"_id": f"r{n}", **row} for n, row in enumerate(value, start=1)]
        if not is_valid_value(q, value):
            raise ExampleError(f"{path.name}: invalid value for {qid}: {value!r}")
        dossier[qid] = Answer(value=value, by="Exemple", at="2026-11-20T09:00:00Z")
    for qid in data.get("unknown", []):
        if qid not in bundle.questions:
            raise ExampleError(f"{path.name}: unknown question {qid}")
        dossier[qid] = Answer(value=None, status="unknown", by="Exemple")
    return dossier, data.get("meta", {})


def make_examples(out_dir: Path = OUT_DIR, *, pdf: bool = True) -> list[tuple[Path, float]]:
    """Write every document (and each action sheet) into ``out_dir``; (path, seconds) each."""
    bundle = default_bundle()
    dossier, meta = load_example(bundle=bundle)
    name = meta["cpts_name"]
    generated_on = dt.date.fromisoformat(meta["generated_on"])
    jobs: list[tuple[str, str | None]] = []
    for spec in catalog.documents():
        jobs.append((spec.id, None))
        if spec.per_action:
            rows = dossier["actions.sheets"].value
            jobs += [(spec.id, str(n)) for n in range(1, len(rows) + 1)]
    out: list[tuple[Path, float]] = []
    out_dir.mkdir(parents=True, exist_ok=True)
    want_pdf = pdf and soffice_path() is not None
    for doc_id, action in jobs:
        start = time.perf_counter()
        path = service.generate(
            bundle,
            dossier,
            doc_id,
            out_dir,
            cpts_name=name,
            action_id=action,
            generated_on=generated_on,
        )
        out.append((path, time.perf_counter() - start))
        if want_pdf:
            start = time.perf_counter()
            try:
                pdf_path = to_pdf(path, out_dir)
            except PdfConversionError as exc:
                print(f"PDF failed for {path.name}: {exc}", file=sys.stderr)
            else:
                out.append((pdf_path, time.perf_counter() - start))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT_DIR)
    parser.add_argument("--no-pdf", action="store_true", help="skip the LibreOffice conversion")
    args = parser.parse_args(argv)
    if not args.no_pdf and soffice_path() is None:
        print("LibreOffice (soffice) not found: .docx only", file=sys.stderr)
    for path, seconds in make_examples(args.out, pdf=not args.no_pdf):
        print(f"{path.name}  {path.stat().st_size // 1024} Kio  {seconds * 1000:.0f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
