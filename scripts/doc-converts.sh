#!/usr/bin/env bash
# Exit 0 when LibreOffice converts a real Word 97 .doc here (what `gongkai import` does with a
# .doc), non-zero otherwise. `soffice` on PATH is not enough: a LibreOffice without Writer
# (libreoffice-core-nogui alone, say) starts, prints English errors and writes nothing.
# scripts/test.sh installs libreoffice-writer-nogui when this fails.
set -u
cd "$(dirname "$0")/.."
command -v soffice >/dev/null || exit 1
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
timeout 180 soffice "-env:UserInstallation=file://$scratch/profile" --headless --norestore \
  --convert-to docx --outdir "$scratch" tests/fixtures/import/doc/gongshu-tongjiju-2023.doc \
  >/dev/null 2>&1
[ -s "$scratch/gongshu-tongjiju-2023.docx" ]
