#!/bin/sh
# Seed each target's corpus with the real reports kept under tests/ (run from the repository root).
set -e
mkdir -p fuzz/corpus/report_parser fuzz/corpus/narrative fuzz/corpus/import_text fuzz/corpus/import_word fuzz/corpus/import_html fuzz/corpus/import_numbering fuzz/corpus/import_styles
for f in tests/sites/real/content/*/*.md; do
    cp "$f" "fuzz/corpus/report_parser/$(echo "$f" | tr / _)"
    # The narrative target reads the body after the front matter.
    awk 'n>=2{print} /^\+\+\+$/{n++}' "$f" > "fuzz/corpus/narrative/$(echo "$f" | tr / _)"
done
cp tests/fixtures/import/*.txt fuzz/corpus/import_text/
for f in tests/fixtures/import/*.docx; do
    unzip -p "$f" word/document.xml > "fuzz/corpus/import_word/$(basename "$f" .docx).xml"
    unzip -p "$f" word/numbering.xml > "fuzz/corpus/import_numbering/$(basename "$f" .docx).xml" 2>/dev/null || true
    unzip -p "$f" word/styles.xml > "fuzz/corpus/import_styles/$(basename "$f" .docx).xml" 2>/dev/null || true
done
for f in tests/fixtures/import/html/*.html; do
    cp "$f" fuzz/corpus/import_html/
done
