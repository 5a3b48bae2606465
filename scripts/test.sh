#!/usr/bin/env bash
# Install what the tests need, then run all of them. This is the README's test command and what
# CI runs (.ci/run); it must work on a fresh machine.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo test --all-targets --locked
