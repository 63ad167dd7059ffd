#!/usr/bin/env bash
# ESLint over ui/ (eslint.config.mjs), with the versions pinned in
# tools/eslint/package-lock.json. Nothing it installs ships.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x tools/eslint/node_modules/.bin/eslint ]; then
  npm ci --prefix tools/eslint --no-audit --no-fund --loglevel=error
fi
tools/eslint/node_modules/.bin/eslint ui
