#!/usr/bin/env bash
# Install (into ./.venv) with the test extras, lint, and run the whole test suite.
# pytest exits non-zero when no test is collected, so an empty run is never green.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e '.[test]'
.venv/bin/ruff check bot tests bench scripts
.venv/bin/mypy  # type check of bot/ (config in pyproject.toml)
exec .venv/bin/python -m pytest "$@"
