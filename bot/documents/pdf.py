"""Optional .docx → PDF conversion with a headless LibreOffice.

Each conversion gets its own throw-away LibreOffice user profile
(``-env:UserInstallation``): two conversions sharing the default profile block each
other or fail silently. The call blocks (seconds): from async code, run it with
``asyncio.to_thread``.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

# Where LibreOffice installs its launcher when it is not on PATH.
KNOWN_LOCATIONS: tuple[str, ...] = (
    "/usr/bin/soffice",
    "/usr/lib/libreoffice/program/soffice",
    "/opt/libreoffice/program/soffice",
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
)


class PdfConversionError(RuntimeError):
    """LibreOffice is missing, failed, timed out or produced no PDF."""


def soffice_path() -> str | None:
    """The LibreOffice launcher (``soffice`` or ``libreoffice`` on PATH, else a known place)."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    return next((p for p in KNOWN_LOCATIONS if os.access(p, os.X_OK)), None)


def to_pdf(docx: Path, out_dir: Path, timeout: float = 120) -> Path:
    """Convert ``docx`` into ``out_dir/<stem>.pdf`` and return that path."""
    soffice = soffice_path()
    if soffice is None:
        raise PdfConversionError(
            "LibreOffice (soffice) is not installed or not on PATH: cannot convert to PDF"
        )
    docx = docx.resolve()
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir.resolve() / f"{docx.stem}.pdf"
    with tempfile.TemporaryDirectory(prefix="cpts-soffice-") as profile:
        command = [
            soffice,
            f"-env:UserInstallation={Path(profile).as_uri()}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out_dir.resolve()),
            str(docx),
        ]
        # Own process group: on timeout, kill soffice.bin too, not only the launcher.
        proc = subprocess.Popen(
            command,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        try:
            stdout, stderr = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            raise PdfConversionError(
                f"LibreOffice timed out after {timeout:g} s converting {docx.name}"
            ) from None
    if proc.returncode != 0 or not target.is_file():
        detail = (stderr or stdout).decode(errors="replace").strip()[-500:]
        raise PdfConversionError(
            f"LibreOffice failed converting {docx.name} (exit {proc.returncode}): {detail}"
        )
    return target
