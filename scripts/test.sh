#!/usr/bin/env bash
# Installs what is missing and runs every test: first the fast ones (core and
# CLI, no WebKit needed), then the app's own, then the end-to-end tests that
# drive the real window under Xvfb. Screenshots land in target/screenshots/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh --test
export PATH="$HOME/.cargo/bin:$PATH"

echo "==> formatting"
cargo fmt --all --check

echo "==> no HTTP client in what we ship"
bash scripts/check-no-http.sh

echo "==> dependencies against the RustSec advisory database"
bash scripts/audit.sh

echo "==> clippy"
cargo clippy --workspace --all-targets -- -D warnings

echo "==> ESLint over the UI"
bash scripts/lint-ui.sh

echo "==> core and CLI tests"
cargo test -p enza-core -p enza-cli

echo "==> app unit tests and build"
cargo test -p enza-app
cargo build -p enza-app

echo "==> end-to-end tests (real window, Xvfb, WebDriver)"
xvfb-run -a -s "-screen 0 1280x800x24" cargo test -p enza-e2e -- --test-threads=1
