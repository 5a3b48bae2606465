#!/usr/bin/env bash
# End-to-end checks of a built site: HTML validity (Nu HTML checker), accessibility (axe-core
# in headless Chromium, 390 px viewport, normal and 大字 modes), and every report JSON against the
# published JSON Schema (Python's jsonschema). Exits non-zero on any HTML error, any
# serious/critical axe violation or any JSON that does not match its schema. The supervision
# pages (/jiandu/) are also checked at 1280 px, with their sorting and filtering script; one page
# of each reading kind at 1280 and 390 px for overflow, chart text size and sticky table labels.
#
#   tests/e2e/validate.sh [GONGKAI_BINARY]
#
# Needs: java (17+), node (18+), python3 with jsonschema, chromium at /usr/bin/chromium (or CHROMIUM=...), and
# `npm ci` run in tests/e2e (installs vnu-jar, axe-core, playwright-core from package-lock.json).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
BIN="${1:-$REPO/target/debug/gongkai}"
OUT="$(mktemp -d)/site"
trap 'rm -rf "$(dirname "$OUT")"' EXIT
[ -d "$HERE/node_modules" ] || (cd "$HERE" && npm ci --no-audit --no-fund)
"$BIN" build "$REPO" --output "$OUT" --base-url /
echo "== Nu HTML checker"
java -jar "$HERE/node_modules/vnu-jar/build/dist/vnu.jar" --errors-only --skip-non-html "$OUT"
echo "vnu: no errors"
echo "== axe-core"
node "$HERE/axe.mjs" "$OUT"
echo "== reading pages at 1280 and 390 px, normal and 大字: overflow, chart text, sticky labels, print"
node "$HERE/pages.mjs" "$OUT"
echo "== supervision pages: sorting and filtering under a sub-path, no overflow at 1280 and 390 px"
node "$HERE/jiandu.mjs" "$BIN" "$REPO"
echo "== report JSON against its JSON Schema"
python3 "$HERE/json_schema.py" "$OUT"
