# Sourced by run.sh and test.sh: create ./.venv and install the project (with the given extras)
# only when .venv is missing or pyproject.toml, or the extras asked for, changed since the last
# install. The stamp is the SHA-256 of pyproject.toml plus the extras.
ensure_venv() {
  local extras="$1"
  local stamp=".venv/.installed-$(printf '%s' "$extras" | tr -c 'a-z' '_')"
  local want
  want="$( (cat pyproject.toml; printf '%s' "$extras") | sha256sum | cut -d' ' -f1)"
  if [ -x .venv/bin/python ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
    return 0
  fi
  python3 -m venv .venv
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet -e ".${extras}"
  echo "$want" > "$stamp"
}
