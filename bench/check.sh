#!/usr/bin/env bash
# Benchmark `gongkai check` on synthetic sites of growing size: wall time and peak memory.
#
#   bench/check.sh [RUNS]        (default 5 runs per size, median reported)
#
# Target (issue: model and check): a 10,000-report site checked in under 1 s on 2 cores, with
# memory growing linearly in the number of reports. Sizes are generated once into $WORK.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${1:-5}"
WORK="${WORK:-/tmp/gongkai-bench-check}"
[ -x /usr/bin/time ] || { echo "needs GNU time: apt-get install -y time" >&2; exit 1; }
cargo build --release --quiet --bin gongkai --example gen_site
BIN=target/release/gongkai
mkdir -p "$WORK"
median() { sort -g | awk '{a[NR]=$1} END{print (NR%2)? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
echo "| reports | wall s (median of $RUNS) | peak RSS MiB | KiB per report |"
echo "|---:|---:|---:|---:|"
for n in 2500 5000 10000; do
  site="$WORK/site-$n"
  [ -d "$site" ] || target/release/examples/gen_site "$n" "$site" >/dev/null
  "$BIN" check "$site" >/dev/null   # warm the page cache
  : > "$WORK/runs.tsv"
  for ((r = 0; r < RUNS; r++)); do
    /usr/bin/time -f '%e %M' -o "$WORK/time.txt" "$BIN" check "$site" >/dev/null || true
    cat "$WORK/time.txt" >> "$WORK/runs.tsv"
  done
  wall=$(cut -d' ' -f1 "$WORK/runs.tsv" | median)
  rss=$(cut -d' ' -f2 "$WORK/runs.tsv" | median)
  awk -v n="$n" -v w="$wall" -v r="$rss" 'BEGIN{ printf "| %d | %.2f | %.1f | %.1f |\n", n, w, r/1024, r/n }'
done
