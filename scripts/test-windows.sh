#!/usr/bin/env bash
# `make test-windows` (part of `make test`): the Windows programs under Wine.
# Cross-builds the Windows CLI and desktop program (already built by `make dist`),
# builds the two test helpers with mingw-w64 (the ProcessPrng stub Debian 12's
# Wine 8 lacks, and a program that holds a file open as Excel does), prepares a
# fresh Wine prefix, and runs tests/windows/journey.py: the journey compared step
# by step with the Linux CLI, the Windows habits, the desktop program without
# WebView2 and the installer. The report goes to target/tmp/windows-report.md.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
scripts/install-deps.sh test

win=x86_64-pc-windows-gnu
cargo build --release -q --target $win -p kaifang-cli -p kaifang-desktop --features kaifang-desktop/custom-protocol
cargo build -q -p kaifang-cli
version=$(cargo metadata --no-deps --format-version 1 | python3 -c 'import json,sys; print(next(p["version"] for p in json.load(sys.stdin)["packages"] if p["name"]=="kaifang-desktop"))')

scratch=$(mktemp -d)
wine=/usr/lib/wine/wine64
wineserver=/usr/lib/wine/wineserver64
export WINEPREFIX="$scratch/prefix" WINEDEBUG=-all WINEARCH=win64
# No Mono or Gecko installers (no network for them, and nothing here needs them).
export WINEDLLOVERRIDES="mscoree,mshtml="
stop_ckan='"$root/tests/portal/ckan.sh" stop >/dev/null 2>&1 || true;'
[ -n "${KAIFANG_SHARED_CKAN:-}" ] && stop_ckan=''
cleanup() {
  "$wineserver" -k 2>/dev/null || true
  eval "$stop_ckan"
  rm -rf "$scratch"
}
trap cleanup EXIT

echo "== the test helpers (mingw-w64)"
x86_64-w64-mingw32-gcc -shared -O2 -o "$scratch/bcryptprimitives.dll" \
  tests/windows/bcryptprimitives.c tests/windows/bcryptprimitives.def -ladvapi32
x86_64-w64-mingw32-gcc -municode -O2 -o "$scratch/hold.exe" tests/windows/hold.c

echo "== a fresh Wine prefix"
"$wine" wineboot -i >/dev/null 2>&1 || true
"$wineserver" -w
cp "$scratch/bcryptprimitives.dll" "$WINEPREFIX/drive_c/windows/system32/"
# One server for the whole run: each program starts in a fraction of a second.
"$wineserver" -p
# Wine starts its background services with the first program; they inherit its
# output, so that first program's output goes nowhere.
"$wine" "target/$win/release/kaifang.exe" --version >/dev/null 2>&1 </dev/null

echo "== the loopback CKAN"
tests/portal/ckan.sh setup >/dev/null
tests/portal/ckan.sh start --max-resource-mb 5 >/dev/null
set -a
# shellcheck disable=SC1091
. "$root/.cache/ckan/run/env"
set +a

# The Linux CLI keeps its portal token in the Secret Service: a private bus and
# an unlocked gnome-keyring, as the publishing tests have.
export XDG_DATA_HOME="$scratch/data" XDG_RUNTIME_DIR="$scratch/run"
mkdir -p "$XDG_DATA_HOME" "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
export KAIFANG_WINE="$wine" KAIFANG_WINESERVER="$wineserver" \
       KAIFANG_WIN_CLI="$root/target/$win/release/kaifang.exe" \
       KAIFANG_WIN_DESKTOP="$root/target/$win/release/kaifang-desktop.exe" \
       KAIFANG_HOLD="$scratch/hold.exe" KAIFANG_LINUX_CLI="$root/target/debug/kaifang" \
       KAIFANG_SCRATCH="$scratch/work" KAIFANG_WINDOWS_REPORT="$root/target/tmp/windows-report.md"
installer="$root/dist/Kaifang_${version}_x64-setup.exe"
[ -f "$installer" ] && export KAIFANG_INSTALLER="$installer"

echo "== the journey"
dbus-run-session -- bash -c '
  set -euo pipefail
  echo -n kaifang-test | gnome-keyring-daemon --unlock --components=secrets >/dev/null
  python3 tests/windows/journey.py
'
