# gongkai import: what was found in a published report, what could not be read, and why a
# document cannot be imported. Table numerals, row and column labels come from the schema.

## Reading the document

imp-in-file = { $path }: { $what }
imp-cannot-read = cannot read { $path }: { $reason }
imp-too-large = { $path } is { $mb } MB: too large for a report
imp-not-utf8 = { $path } is not UTF-8 text (import reads .docx, .pdf and UTF-8 text)
imp-cannot-open = cannot open: { $reason }
imp-docx-not-zip = not a Word .docx file (not a zip archive: { $reason })
imp-docx-no-document = not a Word .docx file (no word/document.xml)
imp-docx-cannot-read = cannot read word/document.xml: { $reason }
imp-docx-bad-xml = word/document.xml is not well-formed XML: { $reason }
imp-doc-needs-converter = { $path }: reading an old Word .doc file needs LibreOffice (Debian/Ubuntu: apt-get install libreoffice-writer-nogui) or antiword (apt-get install antiword); or open it in Word or WPS and save it as .docx
imp-cannot-convert = cannot convert { $path }: { $reason }
imp-libreoffice-failed = { $path }: LibreOffice could not convert the .doc file: { $reason }
imp-no-docx-written = no .docx written
imp-timeout = no result after { $seconds } s
imp-antiword-failed = { $path }: antiword could not read it: { $reason }
imp-antiword-error = { $path }: antiword: { $reason }
imp-pdf-no-text = { $path } has no text layer: it looks like a scanned document (pictures of pages). Import needs the text: run OCR on it first or use the Word original.
imp-needs-pdftotext = reading a PDF needs `{ $program }` from the poppler-utils package (Debian/Ubuntu: apt-get install poppler-utils; macOS: brew install poppler)
imp-cannot-run-pdftotext = cannot run { $program }: { $reason }
imp-pdftotext-failed = { $program } could not read { $path }: { $reason }
imp-wrong-encoding = the page declares the encoding { $encoding } but its bytes are not { $encoding }: save it again from the browser, or convert it to UTF-8
imp-unknown-encoding = the page declares no encoding and is neither UTF-8 nor GB18030/GBK: convert it to UTF-8
imp-page-too-deep = the page nests its elements { $depth } deep (a report page stays under { $max }): not imported
imp-table-too-large = table { $table } of the document is too large to be a report table ({ $what }): not imported
imp-too-many-rows = more than { $max } rows
imp-too-wide = row { $row } is { $width } columns wide, more than { $max }
imp-cell-too-long = a cell in row { $row } has { $chars } characters, more than { $max }
imp-too-many-bytes = more than { $max } bytes of text once merged cells are repeated in every row they cover

imp-file-incomplete = gongkai import: INCOMPLETE. Not read from the document:
imp-origin-comment = a record of the published document: numbers kept as printed (its errors too), shown as found, never blocking the build

## Tables

imp-table-not-found = table { $table } ({ $title }) not found
imp-rows-found = table { $table }: { $found } of { $total } rows
imp-row-not-found = table { $table }: row “{ $row }” not found
imp-row-unmatched = table { $table }: a row could not be matched to the template: “{ $line }”
imp-row-width = table { $table }: row “{ $row }” has { $cells } cells, the template has { $expected }
imp-cell = table { $table }: row “{ $row }”, { $column }: { $reason }
imp-column-unknown = table 三: cannot tell which column each number of this line belongs to: “{ $line }”
imp-empty-columns = table 三: nothing printed under { $columns } in “{ $line }” (a blank cell or a cut line: check the original; write `-` for a blank)
imp-numbers-under-row = table 三: numbers under row “{ $row }” match no row of the template: “{ $line }” (a number wrapped in a narrow column? check the original)
imp-numbers-between-rows = table 三: numbers between rows “{ $above }” and “{ $below }” match no row of the template: “{ $line }” (a number wrapped in a narrow column? neither row is written: check the original)
imp-numbers-over-row = table 三: numbers above row “{ $row }” match no row of the template: “{ $line }” (a number wrapped in a narrow column? the row is not written: check the original)
imp-numbers-between-labels = table 三: the numbers “{ $line }” are printed between the labels of rows “{ $above }” and “{ $below }”, and which row they belong to cannot be told: neither row is written, check the original
imp-other-one-row = table 三: { $label } printed as one row (2019 style): its values are written as { $key }.other, the two rows not printed are blank
imp-review-found = table 四: { $cells } cells
imp-review-cell = table 四: { $group } { $column }: { $reason }
imp-review-no-row = table 四: no row of { $width } cells found (the longest has { $best })
imp-review-outside = table 四: numbers outside its row of { $width } cells: “{ $line }” (a number wrapped in a narrow column? check the original)
imp-review-header = table 四: the cells of “{ $line }” are not under a header naming { $name }

## Cells

imp-not-amount = `{ $text }` is not an amount
imp-not-whole = `{ $text }` is not a whole number
imp-leading-zero = `{ $text }` starts with 0: several cells run together without a separator?
imp-negative = `{ $text }` is negative

## Narrative

imp-sections-found = narrative sections { $sections }
imp-section-paragraphs = { $numeral } ({ $count } paragraphs)
imp-section-not-found = section { $heading } not found
imp-needs-tesseract = this PDF is a scan (it has no text layer) and is read by OCR, which needs tesseract and its Simplified Chinese model: on Debian/Ubuntu run apt-get install tesseract-ocr tesseract-ocr-chi-sim; on macOS brew install tesseract tesseract-lang
imp-ocr-failed = OCR (tesseract) cannot read { $path }: { $reason }
imp-ocr-read = scan: text read by OCR; numbers of the tables taken only where the totals of their row or column agree
imp-unconfirmed = table { $table } “{ $row }”: { $cells } not confirmed by the table's totals (numbers read from a scan, cells with no number printed in a PDF, and numbers read from a table with a line not understood are taken only where the sums of their row and column agree), the row is not written; check it against the original

## External converters (src/import/external.rs)

imp-tool-not-installed = the program is not installed
imp-tool-too-much-output = printed more than { $mb } MB: stopped
imp-doc-not-word97 = { $path } is not a Word 97–2003 .doc file (it does not start with Word's mark; perhaps a web page or RTF renamed): open it in Word or WPS and save it as .docx
imp-doc-try-antiword = { $reason }; installing antiword gives a fallback (Debian/Ubuntu: apt-get install antiword), or open it in Word or WPS and save it as .docx
imp-doc-converters-failed = { $first }; { $second }
imp-ocr-names = the body's name, the title and the narrative were read by OCR and may hold misread characters (淮 as 准): check them against the original; --department gives the name
imp-ocr-year = the year { $year } read by OCR in the scan's title is stated nowhere else in the text, so it cannot be confirmed: give the year with --year
imp-ocr-label = table 三: the label of row “{ $row }” is not read clearly in the scan (read as “{ $line }”), so its numbers cannot be tied to the row and it is not written; check it against the original
imp-date-impossible = “{ $line }” is not a day that exists: no publication date (published) written; check the original and write it by hand
imp-pdf-cut = cut at the edge of the paper when printed (a table wider than the page): “{ $line }” (use the Word original, or a print that fits the page)
imp-pdf-row-broken = table { $table }: row “{ $row }” runs over a page break, and its rest on the next page was not read or would piece a number together from two pages: the table is not written (check it against the original)
imp-pdf-row-pieced = table { $table }: row “{ $row }” runs over a page break with a number split between the two pages: its numbers were joined and the table written only where its sums confirm every cell (check it against the original)
imp-ruled = table { $table }: read by the cell borders the PDF draws (each cell as printed in its box)
imp-piece-not-read = table { $table }: a piece of a number or remark wrapped in a narrow cell was not read: “{ $line }” (the table is not read as printed; check the original)
