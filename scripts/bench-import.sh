#!/usr/bin/env bash
# `make bench`: the import benchmark. Generates 1,000,000 rows x 12 realistic
# columns as UTF-8 CSV and as GBK CSV, and 200,000 rows as XLSX in four shapes
# (strings inline; a shared-strings table as Excel writes it; 100 columns; 90%
# empty cells), then measures each import beside its reference, in pairs run
# back to back (RUNS pairs, 5 by default), and prints per pair kind the median
# wall time of each side, the median of the paired ratios, and the peak memory:
#   kaifang UTF-8 CSV  / sqlite3 shell `.import`         goal <= 0.50x
#   kaifang GBK CSV    / kaifang UTF-8 CSV               goal <= 1.10x
#   kaifang XLSX       / bare calamine streaming+insert  goal <= 1.10x, < 64 MiB
# ("bare" is crates/kaifang-bench/src/bin/bare.rs: the parse and insert loop with
# nothing else). Wall time and peak memory (max RSS) come from /usr/bin/time. The
# machine is shared: compare ratios, not seconds.
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${BENCH_ROWS:-1000000}
runs=${BENCH_RUNS:-5}
dir=${BENCH_DIR:-.cache/bench}
mkdir -p "$dir"
command -v sqlite3 >/dev/null || { echo "make bench needs the sqlite3 shell (apt-get install sqlite3)" >&2; exit 1; }
cargo build --release -q -p kaifang-cli -p kaifang-bench
bin=target/release
if [ ! -f "$dir/bench_sparse.xlsx" ] || [ "$(cat "$dir/rows" 2>/dev/null)" != "$rows" ]; then
  echo "generating the benchmark files ($rows rows)…"
  "$bin/gen" "$rows" "$dir" >/dev/null
  echo "$rows" > "$dir/rows"
fi

measure() { # command… ; prints "seconds kb", or "refused 0" when it failed
  rm -f "$dir"/out.db "$dir"/out.db-wal "$dir"/out.db-shm
  /usr/bin/time -o "$dir/time.txt" -f '%x %e %M' "$@" >/dev/null 2>"$dir/stderr.txt" || true
  read -r status secs kb < <(tail -1 "$dir/time.txt")
  if [ "$status" != 0 ]; then
    echo "refused 0"
    grep -o 'code [a-z_]*' "$dir/stderr.txt" | head -1 >&2 || true
  else
    echo "$secs $kb"
  fi
}
kaifang() { measure "$bin/kaifang" --workspace "$dir/out.db" --as 基准 import "$1" --json; }

# name | reference command | kaifang command | goal ratio | goal MiB
pairs=(
  "UTF-8 CSV, 1M x 12 / sqlite3 .import|SQLITE|$dir/bench.csv|0.50|48"
  "GBK CSV / UTF-8 CSV (both kaifang)|KAIFANG $dir/bench.csv|$dir/bench_gbk.csv|1.10|48"
  "XLSX shared strings, 200k x 12 / bare|$bin/bare xlsx $dir/bench_sst.xlsx $dir/out.db|$dir/bench_sst.xlsx|1.10|64"
  "XLSX inline strings, 200k x 12 / bare|$bin/bare xlsx $dir/bench.xlsx $dir/out.db|$dir/bench.xlsx|1.10|64"
  "XLSX 100 columns, 200k rows / bare|$bin/bare xlsx $dir/bench_wide.xlsx $dir/out.db 100|$dir/bench_wide.xlsx|1.10|-"
  "XLSX 90% empty cells / bare|$bin/bare xlsx $dir/bench_sparse.xlsx $dir/out.db|$dir/bench_sparse.xlsx|1.10|-"
)

median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
maxof() { tr ' ' '\n' | grep -v '^$' | sort -g | tail -1; }

printf '%-40s %8s %8s %7s %6s %9s %9s %7s\n' "what (kaifang / reference)" "kaifang" "ref" "ratio" "goal" "MiB" "ref MiB" "goal"
for p in "${pairs[@]}"; do
  IFS='|' read -r name ref file goal goalmib <<<"$p"
  ks='' rs='' ratios='' km='' rm=''
  for ((r = 0; r < runs; r++)); do
    if [[ $ref == KAIFANG* ]]; then
      res_ref=$(kaifang "${ref#KAIFANG }")
    elif [[ $ref == SQLITE ]]; then
      res_ref=$(measure sqlite3 "$dir/out.db" ".import --csv $dir/bench.csv t")
    else
      # shellcheck disable=SC2086 # the reference is a command line
      res_ref=$(measure $ref)
    fi
    res_k=$(kaifang "$file")
    if [[ $res_k == refused* || $res_ref == refused* ]]; then
      ratios=refused
      break
    fi
    ks="$ks ${res_k% *}" rs="$rs ${res_ref% *}"
    km="$km ${res_k#* }" rm="$rm ${res_ref#* }"
    ratios="$ratios $(awk -v a="${res_k% *}" -v b="${res_ref% *}" 'BEGIN { printf "%.3f", a / b }')"
  done
  if [ "$ratios" = refused ]; then
    printf '%-40s %8s %8s %7s %6s\n' "$name" "${res_k% *}" "${res_ref% *}" "-" "$goal"
    continue
  fi
  printf '%-40s %8s %8s %7.2f %6s %9d %9d %7s\n' "$name" "$(echo "$ks" | median)" "$(echo "$rs" | median)" \
    "$(echo "$ratios" | median)" "$goal" "$(( $(echo "$km" | maxof) / 1024 ))" "$(( $(echo "$rm" | maxof) / 1024 ))" "$goalmib"
done
rm -f "$dir"/out.db*
echo
echo "ratio: median of $runs paired runs (kaifang's wall time / the reference's, run back to back); MiB: peak RSS"
