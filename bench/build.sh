#!/usr/bin/env bash
# Benchmark `gongkai build` of N synthetic reports against Hugo (and Zola, with ZOLA=path) on the
# same content: interleaved rounds, medians, files and bytes written. A shortcut for
# `bench/run.py --skip-serve`, which writes the table into $WORK/BENCHMARKS-build.md (run
# `python3 bench/run.py` without it to rewrite BENCHMARKS.md with every measurement).
#
#   bench/build.sh [N=10000] [RUNS=3]
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORK="${WORK:-/tmp/gongkai-bench-run}"
mkdir -p "$WORK"
export WORK
exec python3 "$REPO/bench/run.py" --reports "${1:-10000}" --rounds "${2:-3}" --skip-serve \
  ${ZOLA:+--zola "$ZOLA"} --out "$WORK/BENCHMARKS-build.md"
