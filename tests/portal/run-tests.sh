#!/usr/bin/env bash
# Runs the publishing tests against a real CKAN 2.11 on loopback: starts the
# portal (tests/portal/ckan.sh), gives the tests a private session bus with an
# unlocked gnome-keyring (portal tokens live in the Secret Service), runs them,
# and stops everything it started. With KAIFANG_SHARED_CKAN=1 (`make test`), the
# portal already running is used and left running for the next suite.
# Usage: tests/portal/run-tests.sh [cargo test arguments]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$root"

stop_ckan='"$here/ckan.sh" stop >/dev/null 2>&1 || true;'
[ -n "${KAIFANG_SHARED_CKAN:-}" ] && stop_ckan=''
"$here/ckan.sh" setup
# A small upload limit, so that "file too large" is met with a 6 MB file. A
# portal already running with it is reused.
"$here/ckan.sh" start --max-resource-mb 5 >/dev/null
trap "$stop_ckan" EXIT
set -a
# shellcheck disable=SC1091
. "$root/.cache/ckan/run/env"
set +a

scratch=$(mktemp -d)
trap "$stop_ckan"' rm -rf "$scratch"' EXIT
# The keyring files go to a scratch folder, not the developer's own keyring.
export XDG_DATA_HOME="$scratch/data" XDG_RUNTIME_DIR="$scratch/run"
mkdir -p "$XDG_DATA_HOME" "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"

dbus-run-session -- bash -c '
  set -euo pipefail
  echo -n kaifang-test | gnome-keyring-daemon --unlock --components=secrets >/dev/null
  cargo test -p kaifang-core --features portal-tests --test portal "$@" -- --test-threads=1
  # The publishing part of the crash campaign (the CLI killed mid-publish).
  if [ $# -eq 0 ]; then
    cargo test -p kaifang-cli --features portal-tests --test crash_publish -- --nocapture
  fi
' bash "$@"
