#!/usr/bin/env bash
# `make bench-publish`: the publishing benchmark of the publishing issue, against
# the real CKAN of tests/portal. In the same run, on the same files:
#   kaifang publish --all-approved     50 small datasets (masked CSV + dictionary each)
#   ckanapi load datasets --upload-resources -p 4   CKAN's own bulk loader, the reference
# and then one dataset whose public CSV is ~200 MB, for peak memory while uploading.
# Wall time and peak memory (max RSS) come from /usr/bin/time. Median of 3 runs.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
# Portal tokens live in the Secret Service: run inside a private session bus with
# an unlocked gnome-keyring.
if [ -z "${KAIFANG_BENCH_IN_BUS:-}" ]; then
  export KAIFANG_BENCH_IN_BUS=1 XDG_DATA_HOME="$root/.cache/bench-publish-xdg" XDG_RUNTIME_DIR="$(mktemp -d)"
  mkdir -p "$XDG_DATA_HOME" && chmod 700 "$XDG_RUNTIME_DIR"
  exec dbus-run-session -- bash -c 'echo -n bench | gnome-keyring-daemon --unlock --components=secrets >/dev/null; exec "$0" "$@"' "$0" "$@"
fi
runs=${BENCH_RUNS:-3}
n=${BENCH_DATASETS:-50}
big_rows=${BENCH_BIG_ROWS:-3500000}
dir=$root/.cache/bench-publish
rm -rf "$dir" && mkdir -p "$dir"
cargo build --release -q -p kaifang-cli
k=$root/target/release/kaifang

tests/portal/ckan.sh setup >/dev/null
tests/portal/ckan.sh start --max-resource-mb 400 >/dev/null
http_pid=
cleanup() {
  [ -n "$http_pid" ] && kill "$http_pid" 2>/dev/null || true
  tests/portal/ckan.sh stop >/dev/null 2>&1 || true
}
trap cleanup EXIT
set -a; . .cache/ckan/run/env; set +a
export PATH="$root/.cache/ckan/venv/bin:$PATH" KAIFANG_LANG=en
pass=门前大桥下游过一群鸭

# One workspace with n approved datasets (a few hundred rows each).
prepare() { # workspace prefix rows count
  local ws=$1 prefix=$2 rows=$3 count=$4
  export KAIFANG_WORKSPACE=$ws
  # The first user is the steward; each passphrase comes on standard input.
  printf '%s\n' "$pass" | "$k" user add steward --role steward --passphrase-stdin >/dev/null
  printf '%s\n%s\n' "$pass" "$pass" | "$k" --as steward user add clerk --role clerk --passphrase-stdin >/dev/null
  for i in $(seq 1 "$count"); do
    python3 - "$dir/src-$prefix-$i.csv" "$rows" "$i" <<'PY'
import sys
path, rows, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
with open(path, "w", encoding="utf-8") as f:
    f.write("序号,姓名,联系电话,身份证号,金额,地址\n")
    for r in range(rows):
        f.write(f"{r+1},张{r % 97}{seed},1{(3800000000 + r * 7919 + seed) % 10**10:010d},"
                f"110105194912310{(r + seed) % 10}2X,{(r * 13 + seed) % 1000}.50,城关镇{seed}街{r}号\n")
PY
    "$k" --as clerk import "$dir/src-$prefix-$i.csv" --name "$prefix $i" >/dev/null
    for fv in "title $prefix-$i" "description 基准测试数据" "provider 县民政局" "theme social_security" \
              "open_type unconditional" "frequency monthly"; do
      set -- $fv; "$k" --as clerk meta set "$i" "$1" "$2" >/dev/null
    done
    "$k" --as clerk submit "$i" >/dev/null
    printf '%s\n' "$pass" | "$k" --as steward approve "$i" --passphrase-stdin >/dev/null
  done
}

measure() { /usr/bin/time -o "$dir/time.txt" -f '%e %M' "$@" >"$dir/out.txt" 2>&1 || { cat "$dir/out.txt" >&2; exit 1; }; tail -1 "$dir/time.txt"; }
median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# ckanapi fetches each resource's url: serve the files it uploads.
(cd "$dir" && exec python3 -m http.server 18765 --bind 127.0.0.1 >/dev/null 2>&1) &
http_pid=$!

declare -a ks ke refs refm
for ((r = 1; r <= runs; r++)); do
  tests/portal/ckan.sh reset >/dev/null
  ws="$dir/ws-$r.sqlite3"
  prepare "$ws" "bench$r" 300 "$n"
  export KAIFANG_WORKSPACE=$ws
  printf '%s\n%s\n' "$pass" "$CKAN_TOKEN" | "$k" --as steward portal add county --url "$CKAN_URL" --org "$CKAN_ORG" --passphrase-stdin >/dev/null
  res=$(measure "$k" --as steward publish --all-approved --concurrency 4)
  ks+=("${res% *}"); ke+=("${res#* }")
  # The same files for the reference: each dataset's masked CSV and dictionary as Kaifang uploaded them.
  : > "$dir/ref-$r.jsonl"
  for i in $(seq 1 "$n"); do
    "$k" export "$i" --format csv --out "$dir/ref-$r-$i.csv" >/dev/null
    printf '{"name":"ref%s-%s","title":"ref %s","owner_org":"%s","notes":"基准测试数据","resources":[{"id":"%s","name":"data","format":"CSV","url_type":"upload","url":"http://127.0.0.1:18765/ref-%s-%s.csv"}]}\n' \
      "$r" "$i" "$i" "$CKAN_ORG" "$(python3 -c 'import uuid;print(uuid.uuid4())')" "$r" "$i" >> "$dir/ref-$r.jsonl"
  done
  res=$(measure ckanapi load datasets -I "$dir/ref-$r.jsonl" --upload-resources -p 4 -r "$CKAN_URL" -a "$CKAN_TOKEN")
  refs+=("${res% *}"); refm+=("${res#* }")
  echo "run $r: kaifang ${ks[-1]} s (${ke[-1]} KB), ckanapi ${refs[-1]} s (${refm[-1]} KB)"
done
kt=$(echo "${ks[*]}" | median); rt=$(echo "${refs[*]}" | median)
echo "50 datasets: kaifang $kt s, ckanapi $rt s, ratio $(python3 -c "print(round($kt/$rt, 2))")"

# One large dataset: peak memory while uploading a ~200 MB public CSV.
[ -n "${BENCH_SKIP_LARGE:-}" ] && exit 0
tests/portal/ckan.sh reset >/dev/null
ws="$dir/ws-big.sqlite3"
prepare "$ws" big "$big_rows" 1
export KAIFANG_WORKSPACE=$ws
printf '%s\n%s\n' "$pass" "$CKAN_TOKEN" | "$k" --as steward portal add county --url "$CKAN_URL" --org "$CKAN_ORG" --passphrase-stdin >/dev/null
size=$("$k" export 1 --format csv --out "$dir/big.csv" >/dev/null && stat -c %s "$dir/big.csv")
res=$(measure "$k" --as steward publish --all-approved)
echo "large: public CSV $((size / 1048576)) MB uploaded in ${res% *} s, peak memory $(( ${res#* } / 1024 )) MB"
