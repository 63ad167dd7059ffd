#!/usr/bin/env bash
# Installs what Enza needs on Debian 12 / Ubuntu 22.04+ and nothing that is
# already there. `--test` adds what the test suite needs (Xvfb, the WebKit
# WebDriver, ImageMagick, tauri-driver, and the reference `age` tool that
# the sealed-notes interop test opens Enza's files with); `--package` what building and
# checking the Debian package needs besides the test tools (dpkg-dev,
# lintian, the desktop-file and AppStream validators, npm for Tauri's prebuilt
# bundler). Safe to run again.
set -euo pipefail

want_test=false
want_package=false
for arg in "$@"; do
  case "$arg" in
    --test) want_test=true ;;
    --package) want_package=true; want_test=true ;;
    *) echo "install-deps.sh: unknown option $arg" >&2; exit 2 ;;
  esac
done

packages=(build-essential pkg-config libssl-dev libwebkit2gtk-4.1-dev fonts-noto-cjk ca-certificates curl)
$want_test && packages+=(xvfb xauth webkit2gtk-driver imagemagick age)
# The advisory check installs cargo-audit into a venv.
$want_test && ! python3 -c 'import ensurepip, venv' 2>/dev/null && packages+=(python3-venv)
$want_package && packages+=(dpkg-dev fakeroot lintian desktop-file-utils appstream)
# npm (with Debian's nodejs) only where no node is installed: a node from
# elsewhere brings its own npm, and Debian's npm would conflict with it.
# ESLint (the tests) and Tauri's prebuilt bundler (the package) need it.
$want_test && ! command -v npm >/dev/null 2>&1 && packages+=(npm)

sudo_cmd=()
[ "$(id -u)" -ne 0 ] && sudo_cmd=(sudo)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "==> installing: ${missing[*]}"
  "${sudo_cmd[@]}" apt-get update -q
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# Rust: the toolchain from rustup (Debian's own rustc is too old for Tauri 2).
if ! command -v cargo >/dev/null 2>&1; then
  [ -x "$HOME/.cargo/bin/cargo" ] || {
    echo "==> installing the Rust toolchain with rustup"
    curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal
  }
  export PATH="$HOME/.cargo/bin:$PATH"
fi

if $want_test && ! command -v tauri-driver >/dev/null 2>&1 && [ ! -x "$HOME/.cargo/bin/tauri-driver" ]; then
  echo "==> installing tauri-driver"
  cargo install tauri-driver --locked
fi
