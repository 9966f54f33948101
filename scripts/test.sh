#!/usr/bin/env bash
# Install (into ./.venv) with the test extras, lint, and run the whole test suite.
# The install runs only when .venv is missing or pyproject.toml changed (scripts/ensure_venv.sh).
# pytest exits non-zero when no test is collected, so an empty run is never green.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/ensure_venv.sh
ensure_venv "[test]"
.venv/bin/ruff check bot tests bench scripts
.venv/bin/mypy  # type check of bot/ (config in pyproject.toml)
exec .venv/bin/python -m pytest "$@"
