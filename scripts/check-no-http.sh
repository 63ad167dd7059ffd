#!/usr/bin/env bash
# Fails if an HTTP client is anywhere in the dependency tree of what we ship
# (the core, the CLI and the app). Only the e2e tests, never shipped, speak
# HTTP — to the local WebDriver.
set -euo pipefail
cd "$(dirname "$0")/.."
tree=$(cargo tree -e normal,build -p enza-core -p enza-cli -p enza-app --prefix none)
found=$(echo "$tree" | grep -oE '^(reqwest|hyper|ureq|curl|isahc|attohttpc|surf) v[^ ]+' | sort -u || true)
if [ -n "$found" ]; then
  echo "HTTP client in the shipped dependency tree:"; echo "$found"; exit 1
fi
echo "none of reqwest, hyper, ureq, curl, isahc in $(echo "$tree" | sort -u | wc -l) crates"
