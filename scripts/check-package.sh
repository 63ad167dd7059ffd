#!/usr/bin/env bash
# Proves the Debian package on this machine, as CI does on a fresh one:
# builds it, lints it, installs it with apt, validates its desktop entry and
# AppStream metadata, drives the *installed* app to its first-run screen
# under Xvfb, uses the installed `enza` for a vault round trip, then purges
# the package and checks that none of its files is left and that the
# person's vault was not touched by the removal.
#
# It installs and removes the system package `enza`, so it stops at once if
# that package is already installed (someone's real Enza).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

if dpkg-query -W -f='${Status}' enza 2>/dev/null | grep -q "install ok installed"; then
  echo "check-package: the enza package is already installed here; this check installs and" >&2
  echo "purges it, so it stops rather than remove someone's Enza." >&2
  exit 1
fi
sudo_cmd=()
[ "$(id -u)" -ne 0 ] && sudo_cmd=(sudo)

deb=$(bash scripts/package.sh | tail -n 1)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "==> lintian"
lintian --fail-on error --info --tag-display-limit 0 "$deb" | tee "$work/lintian.txt"
echo "lintian: $(grep -c '^E:' "$work/lintian.txt" || true) errors, $(grep -c '^W:' "$work/lintian.txt" || true) warnings"

echo "==> apt install $deb"
DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -q "./$deb"
dpkg-query -L enza | sort > "$work/paths.txt"
while read -r path; do [ -d "$path" ] || echo "$path"; done < "$work/paths.txt" > "$work/files.txt"
echo "installed $(wc -l < "$work/files.txt") files; Depends: $(dpkg-query -W -f='${Depends}' enza)"

echo "==> desktop entry and AppStream metadata"
desktop=$(grep '^/usr/share/applications/.*\.desktop$' "$work/files.txt")
desktop-file-validate "$desktop"
grep -q '^Name\[ja\]=円座$' "$desktop"
grep -q '^Comment\[ja\]=' "$desktop"
appstreamcli validate --no-net --pedantic /usr/share/metainfo/app.enza.desktop.metainfo.xml
exec_line=$(sed -n 's/^Exec=//p' "$desktop")
[ "$(command -v "$exec_line")" = /usr/bin/enza-app ] || { echo "Exec=$exec_line is not the installed app" >&2; exit 1; }
for size in 16x16 24x24 32x32 48x48 64x64 128x128 256x256 512x512; do
  grep -q "^/usr/share/icons/hicolor/$size/apps/" "$work/files.txt" || { echo "no $size icon" >&2; exit 1; }
done

echo "==> the installed enza: version and a vault round trip"
version=$(/usr/bin/enza --version)
expected="enza $(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)"
[ "$version" = "$expected" ] || { echo "enza --version said '$version', not '$expected'" >&2; exit 1; }
echo "$version"
person=$work/person
mkdir -p "$person"
words="installed-package round trip 円座の約束"
(
  export HOME=$person ENZA_PASSPHRASE="a person's passphrase for the package check"
  unset XDG_DATA_HOME ENZA_VAULT_DIR
  # (Never /dev/null: enza will not make a vault whose recovery key is lost.)
  enza init > "$person/recovery-key.txt"
  enza reflection add "$words" --title "package check" > /dev/null
  enza reflection list | grep -qF "package check"
)
vault=$person/.local/share/app.enza.desktop/vault
[ -f "$vault/vault.db" ] || { echo "the vault is not in the default folder $vault" >&2; exit 1; }
if grep -rqaF "円座の約束" "$vault"; then echo "the vault holds the words in the clear" >&2; exit 1; fi

echo "==> the installed app as a person starts it (no WebDriver): its first view drawn"
# Under WebDriver WebKit keeps its default renderer (src-tauri/src/window.rs);
# started from the menu, the app draws without compositing: see that it does.
desktop_home=$work/desktop
mkdir -p "$desktop_home" target/screenshots
xvfb-run -a -s "-screen 0 1280x800x24" bash -c '
  HOME=$1 ENZA_STARTUP_REPORT=1 /usr/bin/enza-app > "$1/out.txt" 2> /dev/null &
  pid=$!
  for _ in $(seq 1 300); do grep -q "^enza-startup-ms" "$1/out.txt" && break; sleep 0.1; done
  sleep 1
  import -window root "$1/first-screen.png"
  kill "$pid"; wait "$pid" 2> /dev/null || true' _ "$desktop_home"
grep "^enza-startup-ms" "$desktop_home/out.txt" || { echo "the installed app drew no first view within 30 s" >&2; exit 1; }
colours=$(convert "$desktop_home/first-screen.png" -format %k info:)
[ "$colours" -gt 20 ] || { echo "the first screen is blank ($colours colours)" >&2; exit 1; }
cp "$desktop_home/first-screen.png" target/screenshots/installed-desktop-first-screen.png
echo "first view drawn; the screen holds $colours colours (target/screenshots/installed-desktop-first-screen.png)"

echo "==> the installed app, driven through WebDriver under Xvfb"
ENZA_APP_BIN=/usr/bin/enza-app xvfb-run -a -s "-screen 0 1280x800x24" \
  cargo test -q -p enza-e2e --test installed -- --ignored --test-threads=1

echo "==> apt purge enza"
(cd "$person" && find . -type f -exec sha256sum {} + | sort) > "$work/vault-before.txt"
DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get purge -y -q enza
if dpkg-query -W -f='${Status}' enza 2>/dev/null | grep -q "installed"; then
  echo "enza is still installed after purge" >&2; exit 1
fi
# Its folders that other packages share (/usr/bin, hicolor's, …) stay.
left=()
while read -r path; do
  if [ -e "$path" ] || [ -L "$path" ]; then left+=("$path"); fi
done < "$work/files.txt"
if [ ${#left[@]} -gt 0 ]; then echo "left after purge: ${left[*]}" >&2; exit 1; fi
(cd "$person" && find . -type f -exec sha256sum {} + | sort) > "$work/vault-after.txt"
diff "$work/vault-before.txt" "$work/vault-after.txt" || { echo "purge touched the person's files" >&2; exit 1; }
echo "purged: none of the package's $(wc -l < "$work/files.txt") files is left; the vault's $(wc -l < "$work/vault-after.txt") files are as they were"
echo "package check passed: $deb"
