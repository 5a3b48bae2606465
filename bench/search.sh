#!/usr/bin/env bash
# The search index on a synthetic site: its size, what it adds to `gongkai build`, and the time
# from keystroke to results in headless Chromium (bench/search-latency.mjs).
#
#   bench/search.sh [N=10000] [RUNS=5]
#
#   WORK=/tmp/gongkai-bench   scratch space
# Needs: chromium, node, python3, and `npm ci` in tests/e2e.
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
N="${1:-10000}"; RUNS="${2:-5}"
WORK="${WORK:-/tmp/gongkai-bench}"
mkdir -p "$WORK"
cd "$REPO"
cargo build --release --quiet --bin gongkai --example gen_site
SITE="$WORK/site-$N"
OUT="$WORK/out-$N"
target/release/examples/gen_site "$N" "$SITE"
for i in 1 2 3; do
  /usr/bin/time -f "build: %e s, %M KiB peak" target/release/gongkai build "$SITE" --output "$OUT" 2>&1 | grep -E "^build:"
done
echo "index: $(du -sh "$OUT/sousuo" | cut -f1) in $(ls "$OUT/sousuo" | wc -l) files (of $(du -sh "$OUT" | cut -f1) for the site)"
echo "  meta.json: $(du -h "$OUT/sousuo/meta.json" | cut -f1)," \
  "shards: $(cat "$OUT"/sousuo/shard-*.json | wc -c) bytes in $(ls "$OUT"/sousuo/shard-*.json | wc -l) files," \
  "texts: $(cat "$OUT"/sousuo/text-*.json | wc -c) bytes in $(ls "$OUT"/sousuo/text-*.json | wc -l) files"
echo "  gzip -9 (as a server would send them): meta $(gzip -9c "$OUT/sousuo/meta.json" | wc -c) bytes," \
  "largest shard $(ls -S "$OUT"/sousuo/shard-*.json | head -1 | xargs gzip -9c | wc -c) bytes"
node bench/search-latency.mjs "$OUT" "$RUNS"
