#!/usr/bin/env bash
# Install (into ./.venv) and start Compagnon CPTS: the Telegram bot when TELEGRAM_BOT_TOKEN
# is set, the terminal chat on the local SQLite database otherwise.
# The install runs only when .venv is missing or pyproject.toml changed since the last one
# (a hash stamp in .venv), so a second start takes about a second.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/ensure_venv.sh
ensure_venv ""
exec .venv/bin/cpts-bot run "$@"
