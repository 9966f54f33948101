#!/usr/bin/env bash
# Install (into ./.venv) and start Compagnon CPTS: the Telegram bot when TELEGRAM_BOT_TOKEN
# is set, the terminal chat on the local SQLite database otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e .
exec .venv/bin/cpts-bot run "$@"
