#!/usr/bin/env bash
# Benchmark `gongkai build` on a synthetic 10,000-report site against Hugo building the same
# content, with the shared harness (bench.sh: medians of RUNS builds, peak RSS, peer/gongkai ratio).
#
#   bench/build.sh [N=10000] [RUNS=3]
#
#   HARNESS=../shared/bench   folder with bench.sh and to-peers.py (default: ../shared/bench)
#   WORK=/tmp/gongkai-bench   scratch space
# Needs: hugo and GNU time (`apt-get install -y hugo time`), python3 (for to-peers.py).
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
N="${1:-10000}"; RUNS="${2:-3}"
HARNESS="${HARNESS:-$REPO/../shared/bench}"
export WORK="${WORK:-/tmp/gongkai-bench}"
mkdir -p "$WORK"
cd "$REPO"
cargo build --release --quiet --bin gongkai --example gen_site
SITE="$WORK/site-$N"
target/release/examples/gen_site "$N" "$SITE"
target/release/gongkai check "$SITE" | tail -1
GONGKAI="$REPO/target/release/gongkai" bash "$HARNESS/bench.sh" "$SITE" "$RUNS"
