#!/usr/bin/env bash
# A county clerk's first day (issue 21), replayed as the README tells it, under a Chinese locale,
# in a fresh temporary folder:
#
#   1. install the command as the README says (`cargo install --locked --path .`), here with
#      --debug into a temporary root, reusing this checkout's build (a release install from
#      scratch takes too long for CI; the README's line is checked to be there and to work);
#   2. `gongkai init 我的站点`;
#   3. import the published reports of one body over two years (洪泽区 2023 and 2024, PDF, titled
#      differently: 洪泽区人民政府 / 淮安市洪泽区人民政府; 2023's table 四 has two published
#      errors) and another body's Word report: one slug for the body, registered once;
#   4. `gongkai serve`: an HTTP client fetches every page of the dev build (200, no 404 as the
#      first preview), the published errors marked on their page, and nothing on the terminal
#      or in an overlay asking to correct numbers kept as published;
#   5. `gongkai check --summary` counts the body published in both years;
#   6. `gongkai build` publishes (init's publish_with_errors = false notwithstanding).
#
#   tests/e2e/first_day.sh
#
# Needs: cargo, python3 (the HTTP client), pdftotext (poppler-utils).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
FIXTURES="$REPO/tests/fixtures/import"
WORK="$(mktemp -d)"
SERVE_PID=""
cleanup() {
  if [ -n "$SERVE_PID" ]; then kill -TERM "$SERVE_PID" 2>/dev/null || true; wait "$SERVE_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT
fail() { echo "first day: FAILED: $*" >&2; exit 1; }
# (bash warns when the machine lacks the locale's files; gongkai reads LANG all the same)
{ export LANG=zh_CN.UTF-8; unset LC_ALL LC_MESSAGES; } 2>/dev/null
export NO_COLOR=1

echo "== 1. install as the README says"
for readme in README.md README.zh-CN.md; do
  grep -q 'cargo install --locked --path \.' "$REPO/$readme" \
    || fail "$readme does not say how to install (cargo install --locked --path .)"
done
CARGO_TARGET_DIR="$REPO/target" cargo install --quiet --locked --debug --path "$REPO" \
  --root "$WORK/install" 2>&1 | grep -v '^warning: be sure to add' || true
[ -x "$WORK/install/bin/gongkai" ] || fail "cargo install wrote no $WORK/install/bin/gongkai"
export PATH="$WORK/install/bin:$PATH"
gongkai --version

echo "== 2. init"
cd "$WORK"
gongkai init 我的站点
cd 我的站点

echo "== 3. import two years of one body (PDF) and a Word report"
gongkai import "$FIXTURES/huaian-hongze-district-gov-2023.pdf" \
  "$FIXTURES/huaian-hongze-district-gov-2024.pdf" "$FIXTURES/huaian-city-gov-2024.docx" \
  | tee "$WORK/import.log"
slug_2023=$(grep -l '洪泽区人民政府' content/2023/*.md)
slug_2024=$(grep -l '洪泽区人民政府' content/2024/*.md)
[ "$(basename "$slug_2023")" = "$(basename "$slug_2024")" ] \
  || fail "one body, two slugs: $slug_2023 and $slug_2024"
slug=$(basename "$slug_2023" .md)
[ "$(grep -c "^\[$slug\]" content/departments.toml)" = 1 ] \
  || fail "[$slug] is not registered once in content/departments.toml"
grep -q '淮安市洪泽区人民政府' content/departments.toml \
  || fail "the 2024 title's name is not an alias of [$slug]"
grep -q '^origin = "published"' "content/2023/$slug.md" || fail "no origin = \"published\""
echo "one body, one slug: $slug"

echo "== 4. serve: every page of the preview"
gongkai serve --port 0 > "$WORK/serve.log" 2>&1 &
SERVE_PID=$!
for _ in $(seq 600); do
  grep -q 'http://' "$WORK/serve.log" && break
  kill -0 "$SERVE_PID" 2>/dev/null || { cat "$WORK/serve.log"; fail "serve exited"; }
  sleep 0.2
done
url=$(grep -o 'http://[^ ]*/' "$WORK/serve.log" | head -1)
dev=$(sed -n 's/^开发用的构建位于 \(.*\)（退出时删除）$/\1/p' "$WORK/serve.log")
[ -n "$url" ] && [ -d "$dev" ] || { cat "$WORK/serve.log"; fail "no URL or dev folder"; }
cat "$WORK/serve.log"
if grep -E '会拒绝|尚未生成|改正上面的错误|上一次成功' "$WORK/serve.log"; then
  fail "the terminal asks to correct numbers kept as published"
fi
(cd "$dev" && find . -name '*.html' | sed 's|^\./||' | sort) > "$WORK/pages.txt"
python3 - "$url" "$WORK/pages.txt" "$slug" <<'EOF'
import sys, urllib.request, urllib.error
url, pages, slug = sys.argv[1], open(sys.argv[2]).read().split(), sys.argv[3]
bad = []
for p in pages:
    path = p[: -len("index.html")] if p.endswith("index.html") else p
    try:
        with urllib.request.urlopen(url + urllib.parse.quote(path), timeout=60) as r:
            body = r.read().decode("utf-8")
            status = r.status
    except urllib.error.HTTPError as e:
        status, body = e.code, ""
    if status != 200:
        bad.append(f"{status} /{path}")
    elif 'id="gongkai-overlay"' in body:
        bad.append(f"overlay on /{path}")
    if path == f"2023/{slug}/" and "notice-error" not in body:
        bad.append(f"/{path}: the published errors are not marked")
if len(pages) < 10:
    bad.append(f"only {len(pages)} pages")
print(f"{len(pages)} pages fetched")
if bad:
    sys.exit("\n".join(bad))
EOF
kill -TERM "$SERVE_PID"; wait "$SERVE_PID" || true; SERVE_PID=""

echo "== 5. check --summary"
gongkai check --summary | tee "$WORK/summary.log" || true
for year in 2023 2024; do
  want=1; [ "$year" = 2024 ] && want=2
  row=$(grep "^$year  " "$WORK/summary.log") || fail "no $year row"
  read -r _ _ bodies published _ <<<"$row"
  [ "$bodies" = "$want" ] && [ "$published" = "$want" ] \
    || fail "$year: $bodies bodies, $published published (want $want and $want): $row"
done
if grep -E '^(2023|2024)年度 未发布：.*(洪泽|淮安)' "$WORK/summary.log"; then fail "an imported body counted as not published"; fi

echo "== 6. build"
gongkai build
[ -f public/index.html ] && [ -f "public/2023/$slug/index.html" ] || fail "nothing published"
grep -q 'notice-error' "public/2023/$slug/index.html" || fail "the published errors are not shown"
echo "first day: ok"
