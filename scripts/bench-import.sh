#!/usr/bin/env bash
# `make bench`: the import benchmark of the import issue. Generates 1,000,000 rows
# x 12 realistic columns as UTF-8 CSV and as GBK CSV, and 200,000 rows as XLSX,
# then measures, side by side in the same run (median of 3, interleaved):
#   sqlite3 shell `.import`          the reference for CSV
#   bare csv + rusqlite loop         what parsing and inserting alone cost
#   kaifang import (UTF-8, GBK)      detection, type inference, profile included
#   bare calamine + rusqlite loop    the reference for XLSX
#   kaifang import (XLSX)
# Wall time and peak memory (max RSS) come from /usr/bin/time.
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${BENCH_ROWS:-1000000}
runs=${BENCH_RUNS:-3}
dir=${BENCH_DIR:-.cache/bench}
mkdir -p "$dir"
command -v sqlite3 >/dev/null || { echo "make bench needs the sqlite3 shell (apt-get install sqlite3)" >&2; exit 1; }
cargo build --release -q -p kaifang-cli -p kaifang-bench
bin=target/release
if [ ! -f "$dir/bench.csv" ] || [ "$(cat "$dir/rows" 2>/dev/null)" != "$rows" ]; then
  "$bin/gen" "$rows" "$dir" >/dev/null
  echo "$rows" > "$dir/rows"
fi

measure() { # command… ; prints "seconds kb"
  /usr/bin/time -o "$dir/time.txt" -f '%e %M' "$@" >/dev/null 2>&1
  tail -1 "$dir/time.txt"
}

declare -A secs mem
names=(sqlite3_csv bare_csv kaifang_utf8 kaifang_gbk bare_xlsx kaifang_xlsx)
for ((r = 0; r < runs; r++)); do
  for n in "${names[@]}"; do
    rm -f "$dir"/out.db "$dir"/out.db-wal "$dir"/out.db-shm
    case $n in
      sqlite3_csv) res=$(measure sqlite3 "$dir/out.db" ".import --csv $dir/bench.csv t") ;;
      bare_csv) res=$(measure "$bin/bare" csv "$dir/bench.csv" "$dir/out.db") ;;
      kaifang_utf8) res=$(measure "$bin/kaifang" --workspace "$dir/out.db" import "$dir/bench.csv" --json) ;;
      kaifang_gbk) res=$(measure "$bin/kaifang" --workspace "$dir/out.db" import "$dir/bench_gbk.csv" --json) ;;
      bare_xlsx) res=$(measure "$bin/bare" xlsx "$dir/bench.xlsx" "$dir/out.db") ;;
      kaifang_xlsx) res=$(measure "$bin/kaifang" --workspace "$dir/out.db" import "$dir/bench.xlsx" --json) ;;
    esac
    secs[$n]="${secs[$n]:-} ${res% *}"
    mem[$n]="${mem[$n]:-} ${res#* }"
  done
done
rm -f "$dir"/out.db*

median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
declare -A m
printf '%-14s %9s %11s\n' "run" "seconds" "peak MB"
for n in "${names[@]}"; do
  m[$n]=$(echo "${secs[$n]}" | median)
  peak=$(echo "${mem[$n]}" | tr ' ' '\n' | grep -v '^$' | sort -g | tail -1)
  printf '%-14s %9s %11s\n' "$n" "${m[$n]}" "$((peak / 1024))"
done
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
echo
echo "kaifang UTF-8 / sqlite3 .import : $(ratio "${m[kaifang_utf8]}" "${m[sqlite3_csv]}")  (target <= 1.00)"
echo "kaifang GBK / kaifang UTF-8     : $(ratio "${m[kaifang_gbk]}" "${m[kaifang_utf8]}")  (target <= 1.20)"
echo "kaifang XLSX / bare calamine    : $(ratio "${m[kaifang_xlsx]}" "${m[bare_xlsx]}")  (target <= 1.30)"
