#!/usr/bin/env bash
# Smoke check of the test portal: starts it with a 1 MB upload limit, publishes a
# dataset with extras and an uploaded resource through the plain action API (curl),
# downloads the resource and compares bytes, checks the errors our client relies on
# (403 bad/revoked token, 409 duplicate name, 409 upload too large), then stops it.
# Usage: tests/portal/smoke.sh   (exit 0 when every check passed)
set -uo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
CKAN="$HERE/ckan.sh"
TMP=$(mktemp -d)
trap '"$CKAN" stop; rm -rf "$TMP"' EXIT

"$CKAN" start --max-resource-mb 1 >/dev/null || { echo "smoke: the portal did not start" >&2; exit 1; }
# shellcheck disable=SC1091
source "$HERE/../../.cache/ckan/run/env"

passed=0 failed=0
ok() { echo "ok   $*"; passed=$((passed + 1)); }
bad() { echo "FAIL $*"; failed=$((failed + 1)); }
check() { # description, command...
  local what=$1; shift
  if "$@"; then ok "$what"; else bad "$what"; fi
}
# POST an action with a JSON body: api ACTION TOKEN JSON -> body in $TMP/out, status echoed
api() {
  curl -sS -o "$TMP/out" -w '%{http_code}' -X POST "$CKAN_URL/api/3/action/$1" \
    -H "Authorization: $2" -H 'Content-Type: application/json' --data-binary "$3"
}
jq_() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2], {"d": d}))' "$TMP/out" "$1"; }

name="smoke-$(date +%s)"

# 1. package_create with extras, by the org's editor
code=$(api package_create "$CKAN_TOKEN" "{\"name\":\"$name\",\"title\":\"Smoke 烟雾\",\"owner_org\":\"$CKAN_ORG\",
  \"extras\":[{\"key\":\"source\",\"value\":\"kaifang\"},{\"key\":\"编码\",\"value\":\"UTF-8 ✓\"}]}")
check "package_create → 200 (got $code)" test "$code" = 200
pkg_id=$(jq_ 'd["result"]["id"]')
code=$(api package_show "$CKAN_TOKEN" "{\"id\":\"$name\"}")
extras=$(jq_ 'sorted((e["key"], e["value"]) for e in d["result"]["extras"])')
check "package_show returns the extras ($extras)" \
  test "$extras" = "[('source', 'kaifang'), ('编码', 'UTF-8 ✓')]"

# 2. resource_create with a multipart upload, then download and compare bytes
head -c 3000 /dev/urandom > "$TMP/data.csv"
code=$(curl -sS -o "$TMP/out" -w '%{http_code}' -X POST "$CKAN_URL/api/3/action/resource_create" \
  -H "Authorization: $CKAN_TOKEN" -F "package_id=$pkg_id" -F "name=data.csv" -F "format=CSV" \
  -F "upload=@$TMP/data.csv")
check "resource_create (multipart upload) → 200 (got $code)" test "$code" = 200
url=$(jq_ 'd["result"]["url"]')
size=$(jq_ 'd["result"]["size"]')
check "resource size is 3000 (got $size)" test "$size" = 3000
check "download URL is under CKAN_URL ($url)" test "${url#"$CKAN_URL"/}" != "$url"
curl -sS -o "$TMP/back.csv" -H "Authorization: $CKAN_TOKEN" "$url"
check "downloaded bytes equal the uploaded ones" cmp -s "$TMP/data.csv" "$TMP/back.csv"

# 3. a bad token and a revoked token are refused with 403
code=$(api package_create "not-a-token" "{\"name\":\"$name-x\",\"owner_org\":\"$CKAN_ORG\"}")
check "bad token → 403 (got $code)" test "$code" = 403
api api_token_create "$CKAN_SYSADMIN_TOKEN" "{\"user\":\"$CKAN_USER\",\"name\":\"revoke-me\"}" >/dev/null
tok=$(jq_ 'd["result"]["token"]')
code=$(api package_show "$tok" "{\"id\":\"$name\"}")
check "fresh token works → 200 (got $code)" test "$code" = 200
code=$(api api_token_revoke "$CKAN_SYSADMIN_TOKEN" "{\"token\":\"$tok\"}")
check "api_token_revoke → 200 (got $code)" test "$code" = 200
code=$(api package_create "$tok" "{\"name\":\"$name-y\",\"owner_org\":\"$CKAN_ORG\"}")
check "revoked token → 403 (got $code)" test "$code" = 403

# 4. a duplicate name is a 409 validation error
code=$(api package_create "$CKAN_TOKEN" "{\"name\":\"$name\",\"owner_org\":\"$CKAN_ORG\"}")
msg=$(jq_ 'd["error"].get("name")')
check "duplicate name → 409 (got $code: $msg)" test "$code" = 409

# 5. an upload over ckan.max_resource_size (1 MB here) is a 409 "File upload too large"
head -c $((2 * 1024 * 1024)) /dev/urandom > "$TMP/big.bin"
code=$(curl -sS -o "$TMP/out" -w '%{http_code}' -X POST "$CKAN_URL/api/3/action/resource_create" \
  -H "Authorization: $CKAN_TOKEN" -F "package_id=$pkg_id" -F "name=big.bin" -F "upload=@$TMP/big.bin")
msg=$(jq_ 'd["error"].get("upload")')
check "too-large upload → 409 (got $code: $msg)" test "$code" = 409
check "  ... with 'File upload too large'" test "$msg" = "['File upload too large']"

# 6. the search stand-in sees the dataset
code=$(api package_search "$CKAN_TOKEN" "{\"q\":\"name:$name\"}")
count=$(jq_ 'd["result"]["count"]')
check "package_search finds it (count $count)" test "$count" = 1

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
