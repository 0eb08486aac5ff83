#!/usr/bin/env bash
# `make dist`: every installer into dist/, with SHA-256 sums beside them.
#   Linux: .deb and .rpm from Tauri's bundler (desktop entry, icons, and the
#          `kaifang` CLI in /usr/bin).
#   Windows x64: cross-built with the GNU target and Debian's mingw-w64, packed by
#          packaging/windows/kaifang.nsi with Debian's makensis (per-user install).
# The version comes from the workspace Cargo.toml, the one source of truth.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
scripts/install-deps.sh dist
version=$(cargo metadata --no-deps --format-version 1 | python3 -c 'import json,sys; print(next(p["version"] for p in json.load(sys.stdin)["packages"] if p["name"]=="kaifang-desktop"))')
rm -rf dist && mkdir -p dist

echo "== Linux packages (version $version)"
# `make dist` has just built the UI (KAIFANG_UI_BUILT); run alone, build it here.
[ -n "${KAIFANG_UI_BUILT:-}" ] || (cd ui && npm run --silent build)
cargo build --release -q -p kaifang-cli
# The UI was built just above: no beforeBuildCommand (it would run from the wrong folder).
(cd src-tauri && ../ui/node_modules/.bin/tauri build --bundles deb,rpm --ci --config '{"build":{"beforeBuildCommand":""}}' >/dev/null)
cp target/release/bundle/deb/*_"$version"_*.deb target/release/bundle/rpm/*-"$version"-*.rpm dist/

echo "== Windows x64"
win=x86_64-pc-windows-gnu
cargo build --release -q --target $win -p kaifang-cli
cargo build --release -q --target $win -p kaifang-desktop --features custom-protocol
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
cp target/$win/release/kaifang-desktop.exe target/$win/release/kaifang.exe "$stage/"
# webview2-com-sys copies the x64 loader next to the exe; it ships beside it.
loader=target/$win/release/WebView2Loader.dll
[ -f "$loader" ] || { echo "WebView2Loader.dll was not found in target/$win/release" >&2; exit 1; }
cp "$loader" "$stage/"
cp icons/icon.ico "$stage/"
makensis -V2 -DVERSION="$version" -DSRC="$stage" -DOUT="$root/dist/Kaifang_${version}_x64-setup.exe" packaging/windows/kaifang.nsi
# The bare programs too, for portable use (put kaifang.portable beside them).
(cd "$stage" && zip -q -9 "$root/dist/Kaifang_${version}_x64-portable.zip" kaifang-desktop.exe kaifang.exe WebView2Loader.dll)

(cd dist && sha256sum -- * > SHA256SUMS)
echo "== dist/"
ls -l dist
