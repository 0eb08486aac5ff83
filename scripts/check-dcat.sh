#!/usr/bin/env bash
# Part of `make test`: the harvestable catalogue (`kaifang export --catalog
# --format dcat`) against the outside tools that judge it.
#  * Every page, in Turtle and in JSON-LD, is validated with pyshacl against the
#    SEMIC DCAT-AP 3.0.1 SHACL shapes (tests/dcat/shapes, with the EU vocabularies
#    it uses in tests/dcat/vocabularies.ttl): zero violations.
#  * ckanext-dcat's RDF parser (DCAT-AP 3 profile, the one a CKAN harvester
#    runs) reads it, following hydra:next across pages, into packages whose
#    fields equal Kaifang's own CKAN package export (tests/dcat/roundtrip.py).
#  * A dataset edited after approval leaves the catalogue and its files the
#    folder; the other keeps its URIs.
# The workspace: an open list with personal data and every metadata field, a
# dataset open on conditions with quotes, backslashes and line breaks in its
# text, a draft that must not appear, and the office's Excel choice on.
# pyshacl goes into .cache/dcat-venv; ckanext-dcat into the portal test
# virtualenv (tests/portal/ckan.sh setup).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
venv=.cache/dcat-venv
pkgs=(pyshacl==0.40.1 rdflib==7.6.0)
if [ ! -f "$venv/.kaifang-installed" ] || [ "$(cat "$venv/.kaifang-installed")" != "${pkgs[*]}" ]; then
  echo "Installing pyshacl into $venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check "${pkgs[@]}"
  echo "${pkgs[*]}" >"$venv/.kaifang-installed"
fi
tests/portal/ckan.sh setup
ckan_py=$root/.cache/ckan/venv/bin/python
k=$root/target/debug/kaifang
[ -x "$k" ] || cargo build -q -p kaifang-cli
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
export KAIFANG_WORKSPACE=$d/ws.sqlite3 KAIFANG_LANG=en PYTHONDONTWRITEBYTECODE=1
P='门前大桥下游过一群鸭'
base=https://data.example-county.gov.cn/open
fail() { echo "check-dcat: FAILED: $*" >&2; exit 1; }

KAIFANG_USER= "$k" user add 老李 --role steward --passphrase-stdin <<<"$P" >/dev/null
printf '%s\n%s\n%s\n' "$P" "$P" "$P" | KAIFANG_USER=老李 "$k" user add 小王 --role clerk --passphrase-stdin >/dev/null
KAIFANG_USER=老李 "$k" portal xlsx on --passphrase-stdin <<<"$P" >/dev/null
export KAIFANG_USER=小王
set_meta() { # dataset, field, value ...
  local id=$1; shift
  while [ $# -gt 0 ]; do "$k" meta set "$id" "$1" "$2" >/dev/null; shift 2; done
}
"$k" import tests/fixtures/import/subsidy_gbk.csv >/dev/null
set_meta 1 description '2024年城乡最低生活保障金发放情况（姓名、身份证号已按规定处理）。' \
  resource_code 'MZ-DB/2024-01' provider 某某县民政局 theme social_security industry S \
  keywords '低保,社会救助' open_type unconditional frequency monthly license cc-by \
  temporal_start 2024-01-01 temporal_end 2024-12-31 spatial_code 130534 spatial_name 某某县 \
  contact_name 某某县民政局社会救助股 contact_phone '0312-1234567' contact_email jiuzhu@example-county.gov.cn \
  use_cases '低保政策研究'
"$k" import tests/fixtures/import/pipe.txt >/dev/null
set_meta 2 title '村（社区）"代码"\对照表' description $'第一行说明，含"引号"和\\反斜杠。\n第二行：按申请提供。' \
  provider 某某县民政局 theme government open_type conditional \
  open_conditions $'仅限科研和政务用途；\n需提交申请并签署使用协议。' contact_name 区划地名股 \
  contact_email diming@example-county.gov.cn frequency irregular license cc-zero
"$k" import tests/fixtures/import/schools.ods >/dev/null
set_meta 3 description 草稿 provider 某某县教育局 open_type unconditional frequency yearly
for id in 1 2; do
  "$k" submit "$id" --risk-reason "名单依规定公开，已经科室负责人确认" >/dev/null
  KAIFANG_USER=老李 "$k" approve "$id" --passphrase-stdin <<<"$P" >/dev/null
done
expect() { # ids... -> a file holding their CKAN package exports as one JSON list
  local out=$d/expected.json files=()
  for id in "$@"; do
    "$k" export "$id" --format ckan --out "$d/pkg-$id.json" >/dev/null
    files+=("$d/pkg-$id.json")
  done
  python3 - "$out" "${files[@]}" <<'PY'
import json, sys
docs = [json.load(open(f, encoding="utf-8")) for f in sys.argv[2:]]
json.dump(docs, open(sys.argv[1], "w", encoding="utf-8"), ensure_ascii=False)
PY
  echo "$out"
}
validate() { # dir, what, expected packages
  local pages
  mapfile -t pages < <(ls "$1"/catalog*.ttl "$1"/catalog*.jsonld 2>/dev/null | sort -V)
  [ ${#pages[@]} -gt 0 ] || fail "no catalogue page in $1"
  "$venv/bin/python" tests/dcat/validate.py "${pages[@]}" || fail "$2: DCAT-AP 3 violations (above)"
  "$ckan_py" tests/dcat/roundtrip.py "$1" "$base" "$3" || fail "$2: the ckanext-dcat round trip (above)"
  echo "check-dcat: ok: $2"
}

# Turtle, in small pages so that the paging is exercised too.
"$k" export --catalog --format dcat --serialization turtle --base-url "$base/" --page-bytes 12000 --out "$d/ttl" >/dev/null
n=$(ls "$d/ttl"/catalog*.ttl | wc -l)
[ "$n" -ge 2 ] || fail "expected several Turtle pages at 12000 bytes, got $n"
exp=$(expect 1 2)
validate "$d/ttl" "Turtle, $n pages, 2 datasets (open with an Excel copy, conditional), a draft left out" "$exp"
# JSON-LD, one page, the base URL remembered.
"$k" export --catalog --format dcat --serialization jsonld --out "$d/jsonld" >/dev/null
validate "$d/jsonld" "JSON-LD, one page" "$exp"
grep -q "$base/dataset/" "$d/jsonld/catalog.jsonld" || fail "the remembered base URL is not used"
"$k" export --catalog --format dcat --serialization jsonld --page-bytes 12000 --out "$d/jsonld-pages" >/dev/null
n=$(ls "$d/jsonld-pages"/catalog*.jsonld | wc -l)
[ "$n" -ge 2 ] || fail "expected several JSON-LD pages at 12000 bytes, got $n"
validate "$d/jsonld-pages" "JSON-LD, $n pages" "$exp"
# The fixture's first row: an ID number and a phone number, neither public.
grep -rq '11010519491231002X\|13800000000' "$d/ttl/files" "$d/jsonld" && fail "personal data reached a public file"

# One dataset's DCAT document (the metadata tab's export) is DCAT-AP 3 too.
mkdir "$d/one"
"$k" export 1 --format dcat --out "$d/one/dataset-1.jsonld" >/dev/null
"$k" export 2 --format dcat --out "$d/one/dataset-2.jsonld" >/dev/null
"$venv/bin/python" tests/dcat/validate.py "$d/one"/*.jsonld || fail "one dataset's DCAT document: violations (above)"
echo "check-dcat: ok: one dataset's DCAT document (open, conditional)"

# An edit voids the approval of dataset 1: it leaves, and its files with it.
book=$(ls "$d"/ttl/files/*/mz-db-2024-01.xlsx 2>/dev/null || true)
[ -n "$book" ] || fail "dataset 1's files are not where the catalogue says"
uid1=$(basename "$(dirname "$book")")
"$k" meta set 1 description '改过的说明' >/dev/null
"$k" export --catalog --format dcat --serialization turtle --out "$d/ttl" >/dev/null
[ ! -e "$d/ttl/files/$uid1" ] || fail "a withdrawn dataset's files stayed"
! grep -q "$uid1" "$d/ttl"/catalog*.ttl || fail "a withdrawn dataset stayed in the catalogue"
validate "$d/ttl" "after dataset 1 was edited: it is withdrawn, its files removed" "$(expect 2)"
# And the round trip can fail: a package the catalogue does not hold is missed.
if "$ckan_py" tests/dcat/roundtrip.py "$d/ttl" "$base" "$(expect 1 2)" >/dev/null 2>&1; then
  fail "the round trip did not notice a dataset missing from the catalogue"
fi
echo "check-dcat: ok: the round trip notices a missing dataset"
