#!/usr/bin/env bash
# Install what the tests need, then run all of them. This is the README's test command and what
# CI runs (.ci/run); it must work on a fresh machine of this kind (Debian, Rust, Node.js, root).
#
#   1. cargo test: unit and integration tests (real binary, real HTTP, real published reports,
#      the PDF importer through pdftotext, the deploy commands of docs/deploy.md through rsync,
#      nginx and awscli against a local S3 server);
#   2. end-to-end checks of the built demo portal in tests/e2e: the Nu HTML checker (no error),
#      axe-core in headless Chromium (no serious or critical violation), and every report JSON
#      against the published JSON Schema;
#   3. search in a real browser: Chinese phrases, filters, result links, 1280/390 px, axe, no JS;
#   4. the dev server in a real browser: live reload, the error overlay, stylesheet swaps;
#   5. a clerk's first day (tests/e2e/first_day.sh): install, init, import two years of one body,
#      every page of serve over HTTP, check --summary, build.
set -euo pipefail
cd "$(dirname "$0")/.."

# System packages: pdftotext (PDF import), LibreOffice and antiword (.doc import), Chromium (browser tests), Java (Nu HTML checker).
need_apt=()
command -v pdftotext >/dev/null || need_apt+=(poppler-utils)
# Scanned PDFs (图片版) are read by OCR: tesseract with its Simplified Chinese model.
command -v tesseract >/dev/null || need_apt+=(tesseract-ocr)
ls /usr/share/tesseract-ocr/*/tessdata/chi_sim.traineddata >/dev/null 2>&1 || need_apt+=(tesseract-ocr-chi-sim)
[ -x "${CHROMIUM:-/usr/bin/chromium}" ] || need_apt+=(chromium)
command -v java >/dev/null || need_apt+=(default-jre-headless)
command -v node >/dev/null || need_apt+=(nodejs npm)
command -v python3 >/dev/null || need_apt+=(python3 python3-pip)
# Legacy Word .doc import: LibreOffice Writer (the converter used first) and antiword (the
# fallback). Checked by converting a real .doc: `soffice` exists without Writer too.
scripts/doc-converts.sh || need_apt+=(libreoffice-writer-nogui)
command -v antiword >/dev/null || need_apt+=(antiword)
# Chinese fonts, so the browser checks measure pages as a Chinese reader sees them.
fc-list :lang=zh 2>/dev/null | grep -q . || need_apt+=(fonts-noto-cjk)
# Deploy tests (tests/deploy.rs run docs/deploy.md's commands): rsync, and nginx for its server block.
command -v rsync >/dev/null || need_apt+=(rsync)
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || need_apt+=(nginx)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "== installing ${need_apt[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

# `aws s3 sync` against a local S3-compatible server (moto, S3 only: not moto[server]'s other services).
if ! command -v aws >/dev/null || ! command -v moto_server >/dev/null; then
  echo "== installing awscli and moto (S3)"
  pkgs=(awscli "moto[s3]" flask flask-cors)
  python3 -m pip install --quiet "${pkgs[@]}" || python3 -m pip install --quiet --break-system-packages "${pkgs[@]}"
  if command -v pyenv >/dev/null; then pyenv rehash; fi  # pyenv's shims for the new commands
fi
export PATH="$PATH:/usr/sbin"

echo "== cargo test"
cargo test --all-targets --locked

echo "== end-to-end: HTML validity, accessibility and data schema of the built demo portal"
(cd tests/e2e && npm ci --no-audit --no-fund --loglevel=error)
python3 -c "import jsonschema" 2>/dev/null || python3 -m pip install --quiet jsonschema \
  || python3 -m pip install --quiet --break-system-packages jsonschema
cargo build --locked --quiet
tests/e2e/validate.sh target/debug/gongkai

echo "== end-to-end: a clerk's first day (install as the README says, init, import, serve, check --summary, build)"
tests/e2e/first_day.sh

echo "== end-to-end: search on the demo under a sub-path, served by python3 -m http.server"
node tests/e2e/search.mjs target/debug/gongkai .

echo "== end-to-end: the dev server in a real browser"
node tests/e2e/serve.mjs target/debug/gongkai .

echo "== end-to-end: 在线填报 (the editor of serve) in a real browser"
node tests/e2e/editor.mjs target/debug/gongkai .
