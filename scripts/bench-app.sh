#!/usr/bin/env bash
# Start-up and memory of the release app beside a bare Tauri window
# (bench/bare-window), both built here by the same command and profile, under
# Xvfb. Run by hand, not by CI: timings on a shared machine belong in a
# benchmark, not a test.
#
#   bash scripts/bench-app.sh [RUNS]          # start-up, RUNS each (default 10)
#   ENZA_BENCH_MEMORY=1 bash scripts/bench-app.sh   # also memory after use
#
# Start-up is measured from inside: each app notes the time at the top of
# main, its page reports the frame that shows its first view, and the app
# prints `enza-startup-ms N` (ENZA_STARTUP_REPORT=1). Memory is the PSS of the
# app and its WebKit processes (/proc/PID/smaps_rollup), 2 s after that.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-10}

if [ -z "${DISPLAY:-}" ]; then
  exec xvfb-run -a -s "-screen 0 1280x800x24" bash "$0" "$@"
fi
export PATH="$HOME/.cargo/bin:$PATH"

echo "==> release builds" >&2
cargo build --release -q -p enza-app --features custom-protocol
cargo build --release -q -p enza-bare-window --features custom-protocol
cargo build --release -q -p enza-cli
enza_app=$PWD/target/release/enza-app
bare=$PWD/target/release/enza-bare-window
cli=$PWD/target/release/enza

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# PSS in KiB of a process and all its descendants (the WebKit processes).
pss_tree() {
  local total=0 pid
  for pid in $1 $(descendants "$1"); do
    local kb
    kb=$(awk '/^Pss:/ {print $2}' "/proc/$pid/smaps_rollup" 2>/dev/null || echo 0)
    total=$((total + ${kb:-0}))
  done
  echo "$total"
}
descendants() {
  local child
  for child in $(cat /proc/"$1"/task/*/children 2>/dev/null); do
    echo "$child"
    descendants "$child"
  done
}

# A fresh home for one run: the app's data, config and cache folders are new,
# as on a first start after installing.
fresh_home() {
  local home=$work/home-$RANDOM$RANDOM
  mkdir -p "$home"/{data,config,cache,runtime}
  chmod 700 "$home/runtime"
  echo "$home"
}

# Starts BIN with HOME's folders, waits for its start-up mark; prints
# "MS PSS_KIB [PHASE=MS …]". VAULT (optional) is the vault folder to open.
one_run() {
  local bin=$1 home=$2 vault=${3:-$2/vault} out=$2/out.txt
  env "${run_env[@]}" HOME=$home XDG_DATA_HOME=$home/data XDG_CONFIG_HOME=$home/config XDG_CACHE_HOME=$home/cache \
    XDG_RUNTIME_DIR=$home/runtime ENZA_VAULT_DIR=$vault ENZA_STARTUP_REPORT=1 \
    "$bin" > "$out" 2>/dev/null &
  local pid=$! line="" i
  for i in $(seq 1 400); do
    line=$(sed -n 's/^enza-startup-ms //p' "$out" | head -n 1)
    [ -n "$line" ] && break
    sleep 0.05
  done
  sleep 2
  local pss
  pss=$(pss_tree "$pid")
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  sleep 0.5
  # The total, the PSS, then Enza's phases (name=ms …) where it gave them.
  [ -n "$line" ] || line=timeout
  echo "${line%% *} $pss ${line#* }"
}

# min / median / max of the numbers on stdin.
summary() {
  sort -n | awk '{a[NR]=$1} END {
    if (NR == 0) { print "no data"; exit }
    m = (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2
    printf "%8.1f %8.1f %8.1f", a[1], m, a[NR] }'
}

# measure LABEL BIN [VAULT_TO_COPY]; run_env holds extra VAR=VALUE for the runs.
run_env=()
measure() {
  local label=$1 bin=$2 vault_src=${3:-}
  local times=$work/$label.ms mems=$work/$label.pss
  : > "$times"; : > "$mems"
  for _ in $(seq 1 "$runs"); do
    local home vault=""
    home=$(fresh_home)
    if [ -n "$vault_src" ]; then
      vault=$home/vault
      cp -r "$vault_src" "$vault"
    fi
    read -r ms pss phases < <(one_run "$bin" "$home" "${vault:-$home/vault}")
    echo "$ms" >> "$times"
    echo "$pss" >> "$mems"
    echo "$phases" >> "$work/$label.phases"
  done
  printf "%-28s %s   %s\n" "$label" "$(summary < "$times")" \
    "$(awk '{print $1/1024}' "$mems" | summary)"
}

# Where Enza's start-up went: the median of each phase it reported.
phases() {
  local file="$work/$1.phases" name
  printf "  %-26s" "$1:"
  for name in webview modules status load render paint; do
    printf " %s %s" "$name" "$(grep -o "$name=[0-9.]*" "$file" | cut -d= -f2 | summary | awk '{printf "%.0f", $2}')"
  done
  echo " (median ms)"
}

# A vault to unlock: the everyday start is the unlock screen.
ENZA_PASSPHRASE="bench passphrase, not secret" "$cli" --vault "$work/seed-vault" init > "$work/seed-recovery-key.txt"

echo
echo "start → first view drawn (ms), and PSS 2 s after (MiB), over $runs runs each"
printf "%-28s %8s %8s %8s   %8s %8s %8s\n" "" "min" "median" "max" "min" "median" "max"
# The bare window as Tauri makes it, and with the rendering Enza chooses
# (src-tauri/src/window.rs: compositing off): the fair yardstick.
measure "bare window, Tauri default" "$bare"
run_env=(WEBKIT_DISABLE_COMPOSITING_MODE=1)
measure "bare window, as Enza draws" "$bare"
run_env=()
measure "Enza, first run" "$enza_app"
measure "Enza, unlock screen" "$enza_app" "$work/seed-vault"

echo
echo "where Enza's start went: window and WebKit until the page's navigation"
echo "starts (webview), HTML, CSS and app.js's modules (modules), the app's"
echo "state (status), strings and the first view's module (load), drawing the"
echo "view (render), the frame after it (paint)"
phases "Enza, first run"
phases "Enza, unlock screen"

median_of() { awk -v div="$2" '{print $1/div}' "$work/$1" | summary | awk '{print $2}'; }
echo
for screen in "first run" "unlock screen"; do
  for bare_label in "bare window, as Enza draws" "bare window, Tauri default"; do
    awk -v s="$screen" -v b="$bare_label" \
      -v e="$(median_of "Enza, $screen.ms" 1)" -v bm="$(median_of "$bare_label.ms" 1)" \
      -v ep="$(median_of "Enza, $screen.pss" 1024)" -v bp="$(median_of "$bare_label.pss" 1024)" 'BEGIN {
      printf "Enza, %s, against the %s: start %.0f ms = %.2f×, PSS %.1f MiB = %.2f×\n", s, b, e, e / bm, ep, ep / bp }'
  done
done
echo "(targets: start ≤ 500 ms and ≤ 1.5×, PSS ≤ 1.1×, against the bare window as Enza draws)"

if [ "${ENZA_BENCH_MEMORY:-}" = "1" ]; then
  echo
  echo "==> memory after use (the real app driven through WebDriver; takes about 25 minutes)"
  cargo build -q -p enza-cli
  ENZA_APP_BIN=$enza_app cargo test -q --release -p enza-e2e --test bench_memory -- --ignored --nocapture
fi
