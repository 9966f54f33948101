"""``cpts-bot verifier`` and ``cpts-bot documents``: a facilitator's tools over a dossier file.

A URPS or CPAM facilitator helping several teams gets a dossier file from each (the JSON of
/export, or a YAML like ``data/examples/cpts_exemple.yaml``), checks it before filing and
renders every document from it, without the chat. Exit codes: 0 fine, 1 something
« bloquant » (verifier) or a document that failed to render (documents), 2 a bad file.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import TextIO

from bot.dialogs.loader import default_bundle
from bot.dialogs.readiness import check, render_text
from bot.documents import catalog, service
from bot.dossier_file import DossierFile, DossierFileError, load, strings

EXIT_OK, EXIT_BLOCKING, EXIT_BAD_FILE = 0, 1, 2
REPORT_FILE = "verification-avant-depot.txt"


def _load(path: str, err: TextIO) -> DossierFile | None:
    try:
        return load(path, default_bundle())
    except DossierFileError as exc:
        print(exc, file=err)
        return None


def run_verifier(path: str, *, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Print the readiness report; 0 when nothing is « bloquant », 1 otherwise, 2 bad file."""
    out, err = out or sys.stdout, err or sys.stderr
    loaded = _load(path, err)
    if loaded is None:
        return EXIT_BAD_FILE
    report = check(default_bundle(), loaded.dossier)
    print(render_text(report, cpts_name=loaded.cpts_name), file=out)
    return EXIT_BLOCKING if report.blocking else EXIT_OK


def render_all(
    loaded: DossierFile, version: service.Version, generated_on: dt.date
) -> list[tuple[str, bytes]]:
    """(file name, .docx bytes) of every document and one sheet per action, in memory."""
    bundle = default_bundle()
    files: list[tuple[str, bytes]] = []
    for spec in catalog.documents():
        actions: list[str | None] = [None]
        if spec.per_action:
            rows = loaded.dossier.get("actions.sheets")
            count = len(rows.value) if rows is not None and isinstance(rows.value, list) else 0
            actions += [str(n) for n in range(1, count + 1)]
        for action in actions:
            data = service.render_document(
                bundle,
                loaded.dossier,
                spec.id,
                cpts_name=loaded.cpts_name,
                action_id=action,
                generated_on=generated_on,
                version=version,
            )
            number = int(action) if action is not None else None
            files.append((f"{catalog.file_stem(spec, loaded.cpts_name, number)}.docx", data))
    return files


def run_documents(
    path: str,
    out_dir: str,
    version: service.Version = "travail",
    *,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    """Render every document into ``out_dir``; nothing is written unless all succeed."""
    out, err = out or sys.stdout, err or sys.stderr
    target = Path(out_dir)
    if target.exists() and not target.is_dir():
        print(strings()("out_not_dir", path=str(target)), file=err)
        return EXIT_BAD_FILE
    loaded = _load(path, err)
    if loaded is None:
        return EXIT_BAD_FILE
    generated_on = loaded.generated_on or dt.date.today()
    try:
        files = render_all(loaded, version, generated_on)
    except Exception as exc:  # noqa: BLE001 - any rendering failure: report it, write nothing
        print(strings()("render_failed", doc=type(exc).__name__, reason=exc), file=err)
        return EXIT_BLOCKING
    report = render_text(check(default_bundle(), loaded.dossier), cpts_name=loaded.cpts_name)
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for name, data in files:
        (target / name).write_bytes(data)
        written.append(name)
    if version == "travail":
        (target / REPORT_FILE).write_text(report + "\n", encoding="utf-8")
        written.append(REPORT_FILE)
    print(strings()("written", count=len(written), path=str(target), version=version), file=out)
    for name in written:
        print(f"  {name}", file=out)
    return EXIT_OK
