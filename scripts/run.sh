#!/usr/bin/env bash
# Installs what is missing, builds Enza (release) and opens its window.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
export PATH="$HOME/.cargo/bin:$PATH"
cargo build --release -p enza-app --features custom-protocol
exec ./target/release/enza-app
