#!/usr/bin/env bash
# Benchmark `gongkai check` on synthetic sites of growing size: wall time with a warm and with a
# cold page cache, and peak memory.
#
#   bench/check.sh [RUNS]        (default 5 runs per size, median reported)
#   SIZES="10000 100000" bench/check.sh
#
# Targets (issue 14): 100,000 reports checked in under 3 s with a cold page cache, on 2 cores;
# memory growing linearly in the number of reports. The cold runs drop the page cache
# (`sync; echo 3 > /proc/sys/vm/drop_caches`), which needs root: without it the column says "—".
# Sizes are generated once into $WORK (100,000 reports take about 0.4 GB); `KEEP=0` deletes them
# afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${1:-5}"
SIZES="${SIZES:-2500 10000 100000}"
WORK="${WORK:-/tmp/gongkai-bench-check}"
[ -x /usr/bin/time ] || { echo "needs GNU time: apt-get install -y time" >&2; exit 1; }
cargo build --release --quiet --bin gongkai --example gen_site
BIN=target/release/gongkai
mkdir -p "$WORK"
median() { sort -g | awk '{a[NR]=$1} END{print (NR%2)? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
drop_caches() { sync && { echo 3 > /proc/sys/vm/drop_caches; } 2>/dev/null; }
# Time RUNS runs of `check` into $WORK/runs.tsv (wall seconds, peak KiB); `cold` drops the page
# cache before each.
runs() {
  local site="$1" cold="$2"
  : > "$WORK/runs.tsv"
  for ((r = 0; r < RUNS; r++)); do
    [ "$cold" = cold ] && drop_caches
    /usr/bin/time -f '%e %M' -o "$WORK/time.txt" "$BIN" check "$site" >/dev/null || true
    cat "$WORK/time.txt" >> "$WORK/runs.tsv"
  done
}
echo "| reports | warm wall s (median of $RUNS) | cold wall s | peak RSS MiB | KiB per report |"
echo "|---:|---:|---:|---:|---:|"
for n in $SIZES; do
  site="$WORK/site-$n"
  [ -d "$site" ] || target/release/examples/gen_site "$n" "$site" >/dev/null
  cold="—"
  if drop_caches; then
    runs "$site" cold
    cold=$(cut -d' ' -f1 "$WORK/runs.tsv" | median)
  fi
  "$BIN" check "$site" >/dev/null || true   # warm the page cache
  runs "$site" warm
  wall=$(cut -d' ' -f1 "$WORK/runs.tsv" | median)
  rss=$(cut -d' ' -f2 "$WORK/runs.tsv" | median)
  awk -v n="$n" -v w="$wall" -v c="$cold" -v r="$rss" \
    'BEGIN{ printf "| %d | %.2f | %s | %.1f | %.1f |\n", n, w, (c == "—") ? c : sprintf("%.2f", c), r/1024, r/n }'
  if [ "${KEEP:-1}" = 0 ]; then rm -rf "$site"; fi
done
