#!/usr/bin/env bash
# Part of `make test`: the data packages `kaifang export --format datapackage`
# writes are valid for Frictionless (`frictionless validate`), as a folder and
# as a zip: a list with a withheld, a masked and a generalised column, and a
# statistics table whose suppressed cells are published as the marker.
# Frictionless is installed once into .cache/frictionless-venv (PyPI).
set -euo pipefail
cd "$(dirname "$0")/.."
venv=.cache/frictionless-venv
if [ ! -x "$venv/bin/frictionless" ]; then
  echo "Installing frictionless into $venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check 'frictionless==5.18.1'
fi
k=$PWD/target/debug/kaifang
[ -x "$k" ] || cargo build -q -p kaifang-cli
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
export KAIFANG_WORKSPACE=$d/ws.sqlite3 KAIFANG_USER=检查 KAIFANG_LANG=en
validate() { # descriptor, what
  if ! "$venv/bin/frictionless" validate "$1" >"$d/report.txt" 2>&1; then
    cat "$d/report.txt" >&2
    echo "check-datapackage: FAILED: $2" >&2
    exit 1
  fi
  echo "check-datapackage: ok: $2"
}

"$k" import tests/fixtures/import/subsidy_gbk.csv >/dev/null
"$k" meta column 1 身份证号 --open no >/dev/null
"$k" policy coarsen 1 家庭住址 place:town >/dev/null
"$k" export 1 --format datapackage --out "$d/list" >/dev/null
validate "$d/list/datapackage.json" "a list (withheld, masked and generalised columns), as a folder"
"$k" export 1 --format datapackage --out "$d/list.zip" >/dev/null
mkdir "$d/unzipped" && (cd "$d/unzipped" && unzip -q ../list.zip)
validate "$d/unzipped/datapackage.json" "the same, as a zip"

printf '村,A类,B类,C类,合计\n东村,10,2,8,20\n西村,7,9,6,22\n南村,5,4,11,20\n合计,22,15,25,62\n' >"$d/各村救助人次.csv"
"$k" import --totals-as-data "$d/各村救助人次.csv" >/dev/null
"$k" suppress 2 --rule freq:3 >/dev/null
"$k" export 2 --format datapackage --out "$d/table" >/dev/null
grep -q '东村,10,\*,\*,20' "$d/table/"*.csv || { echo "check-datapackage: the table is not suppressed" >&2; exit 1; }
validate "$d/table/datapackage.json" "a statistics table with suppressed cells (the marker is a missing value)"
