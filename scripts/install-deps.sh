#!/usr/bin/env bash
# Installs what `make run` (argument: run), `make check` (check: the same packages,
# as the core links the same system libraries) or `make test` (test) needs on
# Debian 12 / Ubuntu 22.04+, and only what is missing, so a second call costs
# about a second. Tools that are not Debian packages go into .cache/ (ignored).
set -euo pipefail
cd "$(dirname "$0")/.."
what=${1:-run}

# Debian packages Tauri needs to build and run (checked on Debian 12), and a CJK
# font: a fresh Debian has none and the UI would show empty boxes.
run_pkgs=(libwebkit2gtk-4.1-dev build-essential file pkg-config libxdo-dev libssl-dev fonts-noto-cjk
          libayatana-appindicator3-dev librsvg2-dev)
# ... and what the tests add: a virtual display, the WebKit WebDriver, a session
# bus and a keyring for the Secret Service tests, ImageMagick for screenshots,
# PostgreSQL, Redis and curl for the test CKAN portal (tests/portal/ckan.sh).
test_pkgs=(xvfb webkit2gtk-driver dbus dbus-x11 gnome-keyring libsecret-1-dev
           postgresql redis-server curl)

# ... and what building the installers adds: the Windows cross toolchain and
# installer compiler, rpm, and 7-Zip and zip to check and pack them.
dist_pkgs=(mingw-w64 nsis rpm p7zip-full zip unzip x11-utils)
# ... and Wine, which runs the Windows programs in `make test-windows`.
windows_pkgs=(wine64)

pkgs=("${run_pkgs[@]}")
[ "$what" = test ] && pkgs+=("${test_pkgs[@]}" "${dist_pkgs[@]}" "${windows_pkgs[@]}")
[ "$what" = dist ] && pkgs+=("${dist_pkgs[@]}")

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing Debian packages: ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

need() { # command, how to get it
  command -v "$1" >/dev/null 2>&1 || { echo "Kaifang needs $1: $2" >&2; exit 1; }
}
need cargo "install Rust with rustup (https://rustup.rs), then open a new shell"
need node "install Node.js 20.19 or newer (with npm 11)"
need npm "install npm 11 (npm install -g npm@11)"

# Node modules, reinstalled only when the lock file changed since the last install.
if [ ! -f ui/node_modules/.package-lock.json ] || [ ui/package-lock.json -nt ui/node_modules/.package-lock.json ]; then
  echo "Installing the UI's node modules"
  (cd ui && npm ci --no-audit --no-fund --loglevel=error)
fi

if [ "$what" = test ] || [ "$what" = dist ]; then
  # The Windows target of the one Rust toolchain (offline once installed).
  rustup target list --installed 2>/dev/null | grep -qx x86_64-pc-windows-gnu ||
    rustup target add x86_64-pc-windows-gnu >/dev/null
fi

if [ "$what" = test ]; then
  # tauri-driver drives the real window through WebKitWebDriver. Pinned: 3.x is an alpha.
  if [ ! -x .cache/tools/bin/tauri-driver ]; then
    echo "Installing tauri-driver 2.1.0 into .cache/tools"
    cargo install tauri-driver --locked --version 2.1.0 --root .cache/tools --quiet
  fi
fi
