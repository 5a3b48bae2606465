#!/usr/bin/env bash
# Install what the tests need, then run all of them. This is the README's test command and what
# CI runs (.ci/run); it must work on a fresh machine.
set -euo pipefail
cd "$(dirname "$0")/.."
# pdftotext (poppler-utils) for the PDF importer tests: they fail, not skip, without it.
need_apt=()
command -v pdftotext >/dev/null || need_apt+=(poppler-utils)
if [ ${#need_apt[@]} -gt 0 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}"
fi

cargo test --all-targets --locked
