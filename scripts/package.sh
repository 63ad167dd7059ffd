#!/usr/bin/env bash
# Builds Enza's Debian package: the app (enza-app) and the `enza` command,
# release builds, bundled by Tauri's prebuilt bundler from npm (nothing to
# compile, no download at build time). Prints the .deb's path as its last line.
#
# Depends is what the two binaries really load: dpkg-shlibdeps reads their
# dynamic sections, and that list replaces the bundler's guess.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh --package >&2
export PATH="$HOME/.cargo/bin:$PATH"

out=target/package
mkdir -p "$out"

echo "==> release builds" >&2
cargo build --release -p enza-app --features custom-protocol >&2
cargo build --release -p enza-cli >&2

echo "==> Depends, from the binaries' shared libraries" >&2
shlib=$(mktemp -d)
trap 'rm -rf "$shlib"' EXIT
mkdir -p "$shlib/debian"
# dpkg-shlibdeps needs a control file to exist; it reads nothing from it here.
printf 'Source: enza\n\nPackage: enza\nArchitecture: any\n' > "$shlib/debian/control"
root=$PWD
depends=$(cd "$shlib" && dpkg-shlibdeps -O "$root/target/release/enza-app" "$root/target/release/enza" 2>/dev/null |
  sed -n 's/^shlibs:Depends=//p')
[ -n "$depends" ] || { echo "dpkg-shlibdeps found no libraries" >&2; exit 1; }
echo "    $depends" >&2
python3 - "$depends" > "$out/depends.json" <<'PY'
import json, sys
deps = [d.strip() for d in sys.argv[1].split(",") if d.strip()]
print(json.dumps({"bundle": {"linux": {"deb": {"depends": deps}}}}))
PY

echo "==> manual pages and changelog" >&2
for page in enza enza-app; do
  gzip -9n < "packaging/$page.1" > "$out/$page.1.gz"
done
gzip -9n < packaging/changelog > "$out/changelog.gz"

echo "==> Tauri's bundler" >&2
bundler=target/package/bundler
if [ ! -x "$bundler/node_modules/.bin/tauri" ]; then
  mkdir -p "$bundler"
  (cd "$bundler" && npm install --no-audit --no-fund --silent @tauri-apps/cli@2.12 >&2)
fi
rm -f target/release/bundle/deb/*.deb
(cd src-tauri && "$root/$bundler/node_modules/.bin/tauri" bundle --bundles deb --ci \
  --config ../packaging/tauri.deb.json --config "$root/$out/depends.json" >&2)

# Debian's own name for it: package_version_architecture.deb.
built=$(ls target/release/bundle/deb/*.deb)
deb=$out/$(dpkg-deb -f "$built" Package)_$(dpkg-deb -f "$built" Version)_$(dpkg-deb -f "$built" Architecture).deb
mv "$built" "$deb"
echo "==> built $deb ($(du -h "$deb" | cut -f1))" >&2
echo "$deb"
