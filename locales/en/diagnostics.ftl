# The findings (check, the serve overlay and the public report pages).
# One entry per message, arguments as { $name }; labels (rows, columns) come from src/schema/
# and are passed in as arguments.
# An entry with a .reader attribute: public report pages show readers the .reader text (no
# source lines, no rule ids).

diag-help-label = help:

## Files (F-FORMAT, F-STYLE, F-PATH)

file-empty = the file is empty
file-empty-help = a report starts with a `+++` line, its TOML front matter, and `+++`
file-bom = the file starts with a byte-order mark (BOM); it was ignored
file-bom-help = save the file as UTF-8 without BOM
file-not-utf8 = the file is not valid UTF-8 (byte { $byte })
file-not-utf8-help = save the file as UTF-8 (files saved as GBK/GB2312 must be converted)
file-crlf = the file has CRLF (Windows) line ends; they were read as LF
control-char-file = the file contains an invisible control character ({ $code }): it would break the feeds and the terminal
control-char-value = { $key } contains an invisible control character ({ $code }): it would break the feeds and the terminal
control-char-help = delete the character (it is often pasted from Word or a PDF); only tabs and line ends are allowed
path-outside-site = { $path } is a symbolic link to { $real }, outside the site: it is not followed (copy the files into the site instead)
file-too-big = the file is { $size } MiB; a report is at most { $limit } MiB
file-cannot-read = cannot read the file: { $error }
scan-no-content = no content/ folder in { $folder }
scan-no-content-help = a site has site.toml and content/<year>/<department-slug>.md; is this the site folder? (`gongkai init` creates a new site)
scan-cannot-read = cannot read: { $error }
scan-symlink = symbolic links are not followed: put the file itself in content/
scan-misplaced = a report must be at content/<year>/<department-slug>.md
scan-misplaced-help = move it into the folder of its year, e.g. content/2023/
scan-bad-slug = `{ $slug }` is not a valid department slug: use lowercase ASCII letters, digits and `-`
scan-bad-slug-help = rename the file to { $suggestion }.md
departments-bad-slug = [{ $slug }] is not a valid department slug: use lowercase ASCII letters, digits and `-`
departments-invalid = invalid departments file: { $error }
config-invalid = invalid site configuration: { $error }
config-bad-theme = theme `{ $theme }` is not a theme folder name

## Front matter and tables (F-FORMAT, R-SHAPE, R-NONNEG, S-YEAR)

type-string = a string
type-integer = an integer
type-decimal = a decimal number
type-boolean = a boolean
type-date = a date
type-array = an array
type-table = a table
within-front-matter = the front matter
within-active = [active] ({ $edition } edition)
front-missing = no front matter: a report must start with a line `+++`
front-missing-help = put the report's TOML front matter between two `+++` lines at the top
front-unclosed = the front matter is not closed: no second `+++` line
front-invalid-toml = invalid TOML in the front matter: { $error }
front-fullwidth = full-width digits (０–９) in the front matter: numbers must be written with ASCII digits
write-code = write `{ $code }`
write-without-quotes = write { $value } without quotes
unknown-key = unknown key `{ $key }` in { $within }
    .reader = the report has an entry that is not part of the national template; it was left out
did-you-mean = did you mean `{ $key }`?
expected-one-of = expected one of: { $keys }
cell-unreadable-int = { $what }: `{ $value }` is not a whole number we can read
cell-too-large = { $what } is { $value }: too large to be a count
cell-negative = { $what } is { $value }: a count cannot be negative
cell-fraction = { $what } is { $value }: a count must be a whole number
cell-text = { $what } is the text "{ $value }", not a number
cell-text-help = write the number; put any remark in [notes] ("" marks a blank cell)
cell-not-number = { $what } is { $kind }, expected a number
amount-negative = { $what } is { $value }: an amount cannot be negative
amount-invalid = { $what } is "{ $value }", expected a decimal number such as "190.45"
fullwidth-write = full-width digits: write "{ $value }"
meta-not-string = `{ $key }` is { $kind }, expected a string
year-missing = missing `year` in the front matter
year-missing-help = add `year = { $year }`
year-folder = the front matter says year = { $year } but the file is in the folder { $folder }
year-folder-help = move the file to the folder of its year, or correct `year`
year-not-four-digits = `year` is { $value }, not a four-digit year
year-not-integer = `year` is { $kind }, expected an integer
year-unquote = write year = { $year } without quotes
department-empty = `department` is empty
department-missing = missing `department` in the front matter
department-missing-help = add the body's full name, e.g. department = "杭州市拱墅区统计局"
edition-unknown = unknown edition `{ $edition }`
edition-one-of = edition is one of: "{ $editions }"
published-not-date = `published` is { $kind }, expected a date
published-help = write published = 2024-01-18
example-not-bool = `example` is { $kind }, expected true or false
origin-unknown = unknown origin `{ $origin }`
origin-one-of = origin is one of: "{ $origins }" (published: a record of a published document; authored: written here)
kept-as-published = kept as published: this report records a published document (origin = "published"), so its numbers stay as printed; the site shows this error and builds
table-missing = missing table { $heading } ([{ $key }]): the { $edition } edition has it
    .reader = the published report has no table in { $heading }
table-in-free-edition = [{ $key }]: a report in the free edition has no template tables
table-in-free-edition-help = set edition = "2019" or "2021" if the report follows the template
table-not-table = `{ $key }` is { $kind }, expected a table
rows-missing = [{ $table }] lacks { $count } { $count ->
    [one] row
   *[other] rows
} of the { $edition } edition: { $rows }
    .reader = { $heading } of the published report lacks { $count } { $count ->
        [one] row
       *[other] rows
    } of the { $edition } template
rows-missing-help = every row of the template must be given; write "" for a cell left blank
active-not-table = `active.{ $row }` is { $kind }, expected an inline table
active-field-missing = `active.{ $row }` lacks `{ $key }` ({ $label })
other-row-2019 = the 2019 edition prints （六）其他处理 as one row: `other = [...]`
other-row-2021 = the 2021 edition splits （六）其他处理 into other.no_correction, other.fee_unpaid and other.other
row-other-edition = `applications.{ $row }` is not a row of the { $edition } edition
    .reader = table 三 of the report has a row that is not part of the { $edition } template; it was left out
row-unknown = unknown row `{ $row }` in [applications]
    .reader = table 三 of the report has a row that is not part of the national template; it was left out
applications-not-array = `applications.{ $row }` is { $kind }, expected an array of 7 values
applications-width = { $row } has { $count } values; a row of table 三 has 7 ({ $columns }), or 6 with { $total } omitted
n-values = { $count } values
a-kind = { $kind }
review-width = { $group } has { $found }; a group of table 四 has 5 values ({ $columns })
notes-not-table = `notes` is { $kind }, expected a table
note-not-a-cell = [notes]: `{ $path }` is not a cell of the { $edition } edition
note-not-string = the note on `{ $path }` is { $kind }, expected a string
source-not-plain = source "{ $source }" must be a file name beside the report, not a path
source-not-found = source file "{ $source }" not found in { $folder }/

## Table arithmetic (R-COL, R-BAL, R-SUM, R-T4, R-EMPTY, R-BLANK, S-REGS)

cell-blank = blank
r-col = { $row } 总计 is { $total } but { $terms } = { $sum }
r-bal = column { $column }: { $new_label } { $new } + { $carried_label } { $carried } = { $received } but { $total_label } { $total } + { $forward_label } { $forward } = { $handled }
r-sum = column { $column }: { $total_label } is { $total } but the { $rows } result rows add up to { $sum }{ $terms ->
    [none] {""}
   *[other] {" "}({ $terms })
}
r-t4 = { $group } 总计 is { $total } but { $terms } = { $sum }
r-empty = every cell of [{ $table }] is blank: an unfilled template
    .reader = every cell of { $heading } is blank: the published report left this table unfilled
r-blank = { $row }: { $count } blank { $count ->
    [one] cell
   *[other] cells
} ({ $cells }), counted as 0
    .reader = { $heading }, row { $row }: { $count } { $count ->
        [one] cell was
       *[other] cells were
    } left blank in the published report ({ $cells }), counted as 0
s-regs = a body of kind { $kind } reports { $row } { $field } = { $value }: only provincial and 设区的市 governments make 规章
s-regs-help = were these 行政规范性文件? or is the body's kind in content/departments.toml wrong?

## Across years, edition (S-YEAR, X-CARRY, X-INFORCE, X-EDITION)

s-year-duplicate = { $department } has more than one { $year } report: this file and { $others }
    .reader = { $department } has more than one { $year } report
s-year-duplicate-help = keep one file per department and year
x-carry = { $row } { $column } is { $value } but the { $prev_year } report carried { $prev_value } forward ({ $prev_row }, { $prev_file })
    .reader = { $row } { $column } is { $value } but the { $prev_year } report carried { $prev_value } forward ({ $prev_row })
x-inforce = { $row } { $in_force_label } is { $value } but { $prev_year } had { $prev_value }, + { $issued_label } { $issued } − { $repealed_label } { $repealed } = { $expected }
x-inforce-help = documents can also lapse without being repealed: a hint only
x-edition = edition "{ $edition }" in a { $year } report: that year's reports use the { $expected } edition
    .reader = this { $year } report follows the { $edition } template; that year's reports use the { $expected } edition

## Narrative (S-SECTIONS, N-TEXT, N-YEAR)

section-missing = section { $heading } is missing
    .reader = the report has no section { $heading }
section-missing-help = add a heading `## { $heading }` with its text
section-empty = section { $heading } is empty
n-text = the narrative says “{ $quote }” but { $figure } is { $value }
n-year-period = the statistical period starts in { $stated }, but this is the { $year } report
n-year-plan = plans for next year are dated { $stated } (“{ $quote }”); the { $year } report's plans are for { $next }
n-year-opening = section 一 opens with { $stated }, but this is the { $year } report
list-separator = ,{" "}

## Publication date (S-PUBLISHED)

s-published = the { $year } report has no publication date (published): nobody can tell whether it met the deadline of { $deadline }
    .reader = this { $year } report does not say when it was published: nobody can tell whether it met the deadline of { $deadline }
s-published-help = give the publication date in the front matter, e.g. published = { $example }

## Registered bodies (S-BODY, S-REGION)

s-body = the body "{ $department }" (slug { $slug }) is not registered in content/departments.toml
    .reader = the body that published this report is not yet in this site's list of bodies
s-body-help = add these three lines at the end of content/departments.toml (with the right kind): [{ $slug }], name = "{ $name }", kind = "{ $kind }"; gongkai import registers the bodies it imports
s-body-elsewhere-help = this body is registered as [{ $other }]: rename the file to content/{ $year }/{ $other }.md, one slug for a body in every year
s-region = site.toml's region = "{ $region }" is no region of a body in content/departments.toml: every body is listed as elsewhere and the totals are empty
s-region-help = the regions in departments.toml: { $regions }; set region to one of them, or change the bodies' region in departments.toml too

## TOML syntax errors (the parser's explanation; common ones have their own entry)

toml-duplicate-key = { $original }
toml-unquoted-string = { $original }
toml-unclosed-string = { $original }
toml-unclosed-table = { $original }
toml-unclosed-array = { $original }
toml-unexpected = { $original }
