"""Where the repository's data and templates live.

The project is installed in editable mode (see README), so the data folders are
found next to the package rather than copied into site-packages.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data"
TEMPLATES_DIR = ROOT / "templates"
INTERVIEWS_DIR = Path(__file__).resolve().parent / "dialogs" / "interviews"
