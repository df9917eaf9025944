#!/usr/bin/env bash
# Regenerate requirements.lock from a fresh venv holding exactly what pyproject.toml asks for
# (runtime + test extras) plus the bench-only packages listed here.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
python3 -m venv "$tmp/venv"
"$tmp/venv/bin/pip" install -q --disable-pip-version-check ".[test]" dateparser==1.5.0
{
  echo "# Pinned dependencies of newsgraph and its tests (regenerate: scripts/lock.sh)."
  "$tmp/venv/bin/pip" freeze --exclude-editable | grep -v -i -E "^(newsgraph|en.core.web)"
} > requirements.lock
rm -rf "$tmp"
echo "wrote requirements.lock"
