"""Render both versions of every draft document for the fictional example CPTS into examples/.

The dossier is data/examples/cpts_exemple.yaml (invented people and structures, real
communes of Haute-Loire whose INSEE code and population come from bot.rules.territory).
The file is read by ``bot.dossier_file`` (every value checked against its question's type), so
the example cannot drift from the interviews silently. ``examples/version-de-travail/`` and
``examples/version-a-envoyer/`` hold the two versions; ``verification-avant-depot.txt`` the
readiness report. PDFs are made too when LibreOffice is installed.

Run: .venv/bin/python scripts/make_examples.py [--no-pdf] [--out examples]
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.dialogs.loader import Bundle, default_bundle  # noqa: E402
from bot.dialogs.readiness import check, render_text  # noqa: E402
from bot.dialogs.schema import Dossier  # noqa: E402
from bot.documents import catalog, service  # noqa: E402
from bot.documents.pdf import PdfConversionError, soffice_path, to_pdf  # noqa: E402
from bot.dossier_file import load  # noqa: E402
from bot.paths import DATA_DIR, ROOT  # noqa: E402

EXAMPLE_FILE = DATA_DIR / "examples" / "cpts_exemple.yaml"
OUT_DIR = ROOT / "examples"
# one folder per version of the documents (service.Version)
VERSION_DIRS: dict[service.Version, str] = {
    "travail": "version-de-travail",
    "envoi": "version-a-envoyer",
}
REPORT_FILE = "verification-avant-depot.txt"


def load_example(path: Path = EXAMPLE_FILE, bundle: Bundle | None = None) -> tuple[Dossier, dict]:
    """The example dossier (values checked against the bundle) and its ``meta`` block."""
    loaded = load(path, bundle or default_bundle())
    meta: dict[str, Any] = {"cpts_name": loaded.cpts_name, "fictional": loaded.fictional}
    if loaded.generated_on is not None:
        meta["generated_on"] = loaded.generated_on.isoformat()
    return loaded.dossier, meta


def make_examples(out_dir: Path = OUT_DIR, *, pdf: bool = True) -> list[tuple[Path, float]]:
    """Both versions of every document (and each action sheet), and the readiness report."""
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
    start = time.perf_counter()
    report = out_dir / REPORT_FILE
    report.write_text(render_text(check(bundle, dossier), cpts_name=name) + "\n", encoding="utf-8")
    out.append((report, time.perf_counter() - start))
    want_pdf = pdf and soffice_path() is not None
    for version, folder in VERSION_DIRS.items():
        target = out_dir / folder
        for doc_id, action in jobs:
            start = time.perf_counter()
            path = service.generate(
                bundle,
                dossier,
                doc_id,
                target,
                cpts_name=name,
                action_id=action,
                generated_on=generated_on,
                version=version,
            )
            out.append((path, time.perf_counter() - start))
            if want_pdf:
                start = time.perf_counter()
                try:
                    pdf_path = to_pdf(path, target)
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
