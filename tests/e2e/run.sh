#!/usr/bin/env bash
# Runs the real-window tests: the desktop binary under Xvfb, driven through
# tauri-driver and WebKitWebDriver, inside a private D-Bus session with an unlocked
# gnome-keyring (the app uses the Secret Service for portal tokens).
# Usage: tests/e2e/run.sh /absolute/path/to/kaifang-desktop
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
app=${1:?usage: run.sh /absolute/path/to/kaifang-desktop}

out="$root/test-output/e2e"
rm -rf "$out" && mkdir -p "$out"
scratch=$(mktemp -d)
display=":$((90 + RANDOM % 100))"

cleanup() {
  [ -n "${xvfb_pid:-}" ] && kill "$xvfb_pid" 2>/dev/null || true
  # `make test` shares one portal between suites and stops it itself.
  [ -n "${KAIFANG_SHARED_CKAN:-}" ] || "$root/tests/portal/ckan.sh" stop >/dev/null 2>&1 || true
  rm -rf "$scratch"
}
trap cleanup EXIT

# The publishing journey publishes to a real CKAN on loopback (the same settings
# as the publishing tests, so a portal they left running is reused).
"$root/tests/portal/ckan.sh" setup >/dev/null
"$root/tests/portal/ckan.sh" start --max-resource-mb 5 >/dev/null
set -a
# shellcheck disable=SC1091
. "$root/.cache/ckan/run/env"
set +a

Xvfb "$display" -screen 0 1366x768x24 -nolisten tcp >"$out/xvfb.log" 2>&1 &
xvfb_pid=$!
for _ in $(seq 50); do [ -e "/tmp/.X11-unix/X${display#:}" ] && break; sleep 0.1; done

# WebKit and GTK write caches and settings under HOME and XDG folders: keep them
# out of the developer's own profile.
export HOME="$scratch/home" XDG_DATA_HOME="$scratch/data" XDG_CONFIG_HOME="$scratch/config" \
       XDG_CACHE_HOME="$scratch/cache" XDG_RUNTIME_DIR="$scratch/run"
mkdir -p "$HOME" "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"
export DISPLAY="$display" KAIFANG_APP="$app" KAIFANG_TEST_OUT="$out" KAIFANG_SCRATCH="$scratch"
# The app picks its language from the OS locale; the tests start in Chinese.
export LANG=zh_CN.UTF-8 LC_ALL= LC_MESSAGES=
export NO_AT_BRIDGE=1
# The tests' command-line steps act as this user unless they name one (--as):
# a change from the command line needs a user.
export KAIFANG_USER=测试脚本
export PATH="$root/.cache/tools/bin:$PATH"

dbus-run-session -- bash -c '
  set -euo pipefail
  echo -n kaifang-test | gnome-keyring-daemon --unlock --components=secrets >/dev/null
  tauri-driver --port 4444 --native-port 4445 >"$KAIFANG_TEST_OUT/tauri-driver.log" 2>&1 &
  driver=$!
  trap "kill $driver 2>/dev/null || true" EXIT
  for _ in $(seq 100); do
    (exec 3<>/dev/tcp/127.0.0.1/4444) 2>/dev/null && break
    sleep 0.1
  done
  # KAIFANG_E2E_FILES narrows a run to some files while working on them.
  node --test --test-concurrency=1 ${KAIFANG_E2E_FILES:-'"$here"'/*.test.mjs}
'
