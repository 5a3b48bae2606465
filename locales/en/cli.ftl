# The command line: the output of check, build, serve, import and new, operational errors, and
# the --help texts. Help texts are named by convention: cli-<command> is a command's about text,
# cli-<command>-<argument> an argument's help.

label-error = error:{" "}
label-warning = warning:{" "}
label-note = note:{" "}

## check

check-summary = checked { $reports } { $reports ->
    [one] report
   *[other] reports
}: { $errors } { $errors ->
    [one] error
   *[other] errors
}, { $warnings } { $warnings ->
    [one] warning
   *[other] warnings
}
check-explain-unknown = there is no rule `{ $rule }`. The rules are: { $rules }
check-explain-title = { $rule } ({ $severity })
check-explain-what = The rule
check-explain-why = Why
check-explain-example = Example

## build

build-flagged = { $count } { $count ->
    [one] report
   *[other] reports
} with errors published with their findings shown
build-done = built { $reports } { $reports ->
    [one] report
   *[other] reports
} into { $target }: { $files } files in { $dirs } folders ({ $size } MB) in { $seconds }s
build-base-url-not-absolute = base_url "{ $base_url }" is not a full address: the Atom feeds and sitemap.xml need one starting with https://, so they were not written (the pages were).
    To fix: write base_url = "https://your.domain{ $path }" in site.toml, or build with --base-url https://your.domain{ $path }
build-changes = compared with the previous output: { $written } { $written ->
    [one] file
   *[other] files
} written, { $kept } unchanged (kept with their modification time, so a sync sends them no more), { $removed } removed; SHA-256 list of every file: { $manifest }
build-untouched = the previous output (if any) was left untouched
build-leftover-removed = an earlier build of { $target } was interrupted; the unfinished folder it left was removed
build-progress = rendering { $done }/{ $total }

## serve

serve-dev-build = Dev build in { $folder } (removed on exit)
serve-serving = Serving { $site } at { $url } (Ctrl-C to stop)
serve-ready = { $page } ready { $ms } ms after the save
serve-wrote = wrote { $files } file(s) in { $ms } ms
serve-deferred = a newer save arrived: the pages that list or sum these reports are rebuilt with it
serve-not-rebuilt = not rebuilt: still serving the last good build
serve-first-summary = { $reports } { $reports ->
    [one] report
   *[other] reports
}, { $files } { $files ->
    [one] file
   *[other] files
} with findings ({ $errors } { $errors ->
    [one] error
   *[other] errors
}, { $warnings } { $warnings ->
    [one] warning
   *[other] warnings
}); `gongkai check` lists them, the pages show them
serve-no-good-build = nothing built yet: fix the errors above and save; the page updates by itself
serve-stopping = Stopping.
serve-exposed = serving on { $addr }: other machines on the network can see this unpublished site
serve-watch-new-folder = cannot watch a new folder: { $reason }
serve-no-browser = cannot open a browser ({ $program }: { $reason }); open { $url } yourself
serve-overlay-title = gongkai: errors (below). Fix the file and save: the page updates by itself.
serve-overlay-refused = gongkai: the preview shows every page it can, with the reports' errors marked; but gongkai build would refuse to build the site for the { $count } { $count ->
    [one] error
   *[other] errors
} below. Fix and save: the page updates by itself (gongkai check lists them).
serve-overlay-published = gongkai: the file just saved has errors, marked on its page; gongkai build still publishes it with them (a report kept as published, origin = "published", or publish_with_errors = true in site.toml).
serve-overlay-kept = gongkai: the last save cannot be built (below); this is the last good build. Fix the file and save: the page updates by itself.
serve-overlay-nothing = gongkai: nothing has been built yet; the errors below stop it. Fix and save: the page updates by itself.
serve-would-refuse = shown in the preview anyway; but gongkai build would refuse: { $errors } { $errors ->
    [one] error
   *[other] errors
} in { $files } { $files ->
    [one] file
   *[other] files
} (gongkai check lists them)
serve-overlay-others = { $count ->
    [one] { $count } more problem in other files (click to show)
   *[other] { $count } more problems in other files (click to show)
}
serve-watch = cannot watch { $folder }: { $reason }
serve-build-problem = build

## init

init-created = created { $path }
init-next = next: cd { $dir }, then gongkai serve (preview), gongkai check (validate), gongkai build (the site)
error-init-exists = already there: { $paths }. init never overwrites: nothing was written (use an empty folder, or move these files away)

## import

import-found = found: { $what }
import-warning = warning: { $what }
import-missing = missing: { $what }
import-error = error: { $what }
import-no-year = no year found in the title: give it with --year
import-no-department = no department found in the title: give it with --name
import-year-override = the title says { $title_year }; --year { $year } is used
import-header = department { $department }, year { $year }, edition { $edition }
import-incomplete = incomplete, nothing written (--partial writes what was read, marked incomplete)
import-wrote = wrote { $path }
import-total = { $complete } of { $files } files imported completely{ $dry_run ->
    [yes] {" "}(dry run: nothing written)
   *[no] {""}
}
import-incomplete-short = incomplete: { $first }
import-would-write = would write { $path }:
import-would-copy = would copy the original to { $path }
import-registered = { $dry_run ->
    [yes] would register
   *[no] registered
} the body [{ $slug }] in { $path }: name = "{ $name }", kind = "{ $kind }" (kind may be changed to government, office, department, street, town or other)
import-alias = { $dry_run ->
    [yes] would add
   *[no] added
} the alias "{ $alias }" (the name this document prints) to [{ $slug }] in { $path }
import-cannot-register = cannot register [{ $slug }] in { $path } by itself (a layout it does not know): add the body by hand
import-summary = summary:
import-row-imported = imported → { $path }
import-row-would-import = would import → { $path }
import-row-incomplete = INCOMPLETE (--partial) → { $path }
import-row-refused = refused: { $why }
import-one-file-options = --slug, --name and --year apply to one file; import the files one by one

## new

new-wrote = wrote { $path }

## Operational errors

error-missing = { $path } does not exist
error-not-a-site = { $path } is not a site folder
error-io = { $path }: { $reason }
error-exists = { $path } exists: nothing written (--force replaces it)
error-bad-slug = `{ $slug }` is not a valid department slug: use lowercase ASCII letters, digits and `-`
error-theme-missing = theme `{ $theme }` not found: expected a folder themes/{ $theme }/ in the site
error-template = template error: { $detail }
error-render = while rendering { $job }: { $error }
error-output-contains-site = { $path }: the output folder would contain or replace the site's own files
error-output-not-ours = { $path }: the folder exists and was not written by gongkai (no { $marker }); remove it or choose another --output
error-output-is-file = { $path }: this is a file, not a folder; nothing was changed: choose a folder for --output (or output_dir)
error-output-busy = { $path }: another gongkai build is writing this output folder (it holds { $lock }); nothing was changed: build again when it has finished
error-outside-site = { $detail }
error-not-built = not built: { $count } { $count ->
    [one] error
   *[other] errors
} (set `publish_with_errors = true` in site.toml to publish reports with their findings shown)
error-not-built-unpublishable = not built: { $count } { $count ->
    [one] error
   *[other] errors
} in files that cannot be published (fix them; reports that only break rules are published with their findings)
error-not-built-fix = not built: { $count } { $count ->
    [one] error
   *[other] errors
}; fix { $count ->
    [one] it
   *[other] them
} first
error-port-in-use = port { $port } on { $ip } is already in use (another `gongkai serve`?); choose another with --port { $next }
error-listen = cannot listen on { $addr }: { $reason }
error-signals = cannot handle Ctrl-C: { $reason }
error-import = { $reason }
error-xlsx = cannot write the Excel workbook: { $reason }
error-nothing-to-import = no .docx, .doc, .pdf, .html or .txt file to import
io-not-found = No such file or directory
io-permission-denied = Permission denied
io-already-exists = already exists
io-storage-full = no space left on the device
io-read-only = read-only file system

## --help

cli-help-usage = Usage:{" "}
cli-help-commands = Commands:
cli-help-arguments = Arguments:
cli-help-options = Options:
cli-help-help = Print help
cli-help-version = Print version
cli-lang = Language of messages: zh-CN (Chinese) or en (English); default from the locale (LANG…), else Chinese
cli = gongkai (公开): build, check and serve portals of 政府信息公开工作年度报告.
cli-check = Validate every report of a site (or one report file) against the national template.
cli-check-path = A site folder (with site.toml and content/) or one report file.
cli-check-format = Output format.
cli-check-deny_warnings = Exit non-zero on warnings too.
cli-check-explain = Explain a rule: what it checks, why it exists, an example (e.g. --explain R-BAL).
cli-check-summary = Print the overview per year (bodies, published, late, missing, with errors) instead of every finding.
cli-import = Import published reports (.docx, .doc, .pdf, .html, text) into content files, each with its original document beside it.
cli-import-files = Files, or folders of .docx/.doc/.pdf/.html/.htm/.txt files.
cli-import-into = The content folder; reports go to <into>/<year>/<slug>.md.
cli-import-year = The report year (default: from the title).
cli-import-name = The department's name (default: from the title); --department is the older spelling.
cli-import-slug = The department slug, its key in departments.toml (default: pinyin of the name).
cli-import-force = Replace an existing content file.
cli-import-partial = Write what could be read even when a table or row is missing (marked incomplete).
cli-import-dry_run = Print what would be written; write nothing.
cli-new = Create a report skeleton for a year: all cells 0, 上年结转 from last year's 结转下年度.
cli-new-year = The year.
cli-new-slug = The department slug, its key in departments.toml; --department is the older spelling.
cli-new-into = The content folder.
cli-new-force = Replace an existing content file.
cli-init = Create a new site: site.toml, content/departments.toml, an example report that passes check, and a .gitignore; never overwrites.
cli-init-dir = The folder of the new site (created if missing).
cli-completions = Print a shell completion script, e.g. gongkai completions bash > ~/.local/share/bash-completion/completions/gongkai
cli-completions-shell = The shell: bash, zsh, fish, elvish or powershell.
cli-serve = Build the site into a temporary folder, serve it, and rebuild and reload on every edit.
cli-serve-site = The site folder (with site.toml and content/).
cli-serve-port = The port to listen on (0: any free port).
cli-serve-bind = The address to listen on; anything but loopback exposes the site to the network.
cli-serve-open = Open the site in the default browser.
cli-build = Build the portal: every report, year and department page, data downloads and feeds.
cli-build-site = The site folder (with site.toml and content/).
cli-build-output = Output folder (default: `output_dir` of site.toml, inside the site).
cli-build-base_url = Override `base_url` of site.toml (e.g. https://example.gov.cn/nianbao/).
error-config = site.toml cannot be used: nothing built
cli-lang-unknown = unsupported language `{ $lang }`: use zh-CN or en
error-unreadable = { $path } cannot be read (run `gongkai check` on it)
error-unknown-department = no report { $last } and no `{ $slug }` in departments.toml: cannot tell the body's name. Register the body first, at the end of content/departments.toml (three lines: [{ $slug }], name = "full name", kind = "department"; kind may also be government, office, street or town), then run gongkai new again; or import one of its published reports with gongkai import, which registers it
error-unknown-department-did-you-mean = no report { $last } and no `{ $slug }` in departments.toml: did you mean `{ $suggestion }`? If it is a new body, register it first at the end of content/departments.toml (three lines: [{ $slug }], name = "full name", kind = "department"), then run gongkai new again
cli-help-default = {" "}[default: { $value }]
cli-help-possible = {" "}[possible values: { $values }]
job-department = department { $slug }
cli-error-unknown-argument = unexpected argument '{ $arg }' found
cli-error-invalid-value = invalid value '{ $value }' for '{ $arg }'; possible values: { $valid }
cli-error-missing-argument = the following required arguments were not provided: { $arg }
cli-error-more = For more information, try '--help'.
io-is-a-directory = Is a directory
io-not-a-directory = Not a directory
io-directory-not-empty = Directory not empty
error-summary-needs-site = --summary needs a site folder (with site.toml and content/), not one report file
error-internal = internal error in gongkai (please report it): { $detail }
cli-check-fix = Rewrite full-width punctuation typed with a Chinese input method (，：；［］｛｝＝“”‘’（）) and Chinese dates (2025年1月22日) outside strings and comments, never a number; then check.
cli-check-dry_run = With --fix: show the lines that would change, write nothing.
check-fixed = fixed { $count } full-width characters or Chinese dates ({ $files } files)
check-fix-dry-run = { $count } full-width characters or Chinese dates can be fixed ({ $files } files); nothing written: run without --dry-run to fix them
check-fix-none = no full-width punctuation or Chinese dates to fix
import-internal-error = gongkai failed inside while reading this file (skipped; the other files are imported as usual): please send the file and the message above to gongkai's maintainers
import-source-refused = the original { $file } is not a type that may be published with the report (only { $allowed }): not kept as the original
error-output-inside-theme = { $path }: the output folder is inside the site's static/, templates/ or themes/, so every build would publish the previous output again: put it outside them (public/, for example)
