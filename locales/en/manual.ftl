# The words of the generated parts of the user manual (docs/manual/): table headers, type names,
# and each key of site.toml, departments.toml and a report's front matter with its Chinese label
# and meaning. The keys themselves, their defaults and whether they are required are read from the
# code (src/manual/generate.rs); a key the code has and this file lacks, or the reverse, fails the
# tests. One entry per key: manual-<file>-<key> = its Chinese label (as the clerk sees it), .doc =
# its meaning; a key with no default (optional, absent unless written) also has .type and .default.

manual-col-rule = Rule
manual-col-level = Level
manual-col-what = Meaning
manual-col-key = Key
manual-col-label = Chinese label
manual-col-type = Type
manual-col-default = Default
manual-col-value = Value
manual-col-regulations = Can make 规章 (rule S-REGS)
manual-col-edition = Edition
manual-col-years = Report years
manual-col-deadline = Publication deadline
manual-col-block = Clause
manual-col-written = Written as
manual-col-columns = Columns
manual-col-group = Group
manual-rule-why = Why
manual-rule-example = Example
manual-years-from = { $year } and later
manual-years-until = { $year } and earlier
manual-years-between = { $first }–{ $last }
manual-deadline = { $month }/{ $day } of the next year
manual-type-text = text
manual-type-bool = true or false
manual-type-integer = integer
manual-type-text-list = list of texts
manual-type-count = integer ≥ 0
manual-type-signed = integer, may be negative
manual-type-decimal = amount, text or number kept as written
manual-type-free-text = text, kept as written
manual-required = required
manual-empty = empty
manual-kind-regulations = yes
manual-kind-no-regulations = no (规章 reported draw a warning)
manual-kind-default = default
manual-applications-columns = Each row is written as 7 numbers, in the order of these columns (or the first 6 only: 总计 is then computed, and shown as computed):
manual-review-columns = Each group is written as 5 numbers, in the order of these columns:
manual-col-section = Section
manual-section-narrative = narrative: a ## heading containing { $words }, up to the next ## heading
manual-section-table = { $table }: the [{ $key }] table of the front matter

manual-site-title = 站点标题
    .doc = The portal's name, in every page's header and the browser tab.
manual-site-description = 站点简介
    .doc = One line under the title on the home page.
manual-site-base_url = 网站地址
    .doc = The full address where the portal is published, e.g. "https://www.example.gov.cn/nianbao/". Page links use only its path; the feeds and the sitemap need the full address, and a build warns when only a path is given.
manual-site-region = 所在地区
    .type = text
    .default = none (regions not told apart)
    .doc = The site's region, e.g. "示例市云溪区". Bodies whose region in departments.toml differs are listed apart and never added into the site's totals.
manual-site-language = 网站语言
    .doc = The language of the public site: "zh-CN" (Chinese) or "en" (English).
manual-site-theme = 主题
    .doc = The theme's name; "default" is the built-in theme, another name is the site's themes/NAME/ folder. Letters, digits, - and _ only.
manual-site-output_dir = 输出文件夹
    .doc = The folder `gongkai build` writes the site into (relative to the site's folder); `gongkai build --output` overrides it for one build.
manual-site-publish_with_errors = 带错误发布
    .doc = false: a report with errors fails the build and the site stays as it was; true: it is published with its findings listed on its page.
manual-site-supervision_in_navigation = 导航中显示发布情况
    .doc = Whether every page's navigation shows 发布情况 (the supervision pages). They are built, and linked from the about page, either way.

manual-dept-name = 单位名称
    .doc = The body's full name, for listings and titles; the department written in a year's report wins for that year.
manual-dept-kind = 单位类别
    .doc = The kind of body, one of the values below; streets, towns and government departments make no 规章 (rule S-REGS).
manual-dept-aliases = 曾用名
    .doc = Names before a 机构改革, shown on the body's page of reports and used by import to recognise the body.
manual-dept-region = 所属地区
    .type = text
    .default = none (the site's region)
    .doc = The body's region; a body whose region differs from site.toml's region is listed apart and never added into totals.
manual-dept-order = 排列顺序
    .type = integer
    .default = none (after the bodies that have one)
    .doc = The body's place in listings, smaller first.
manual-dept-since = 起始年度
    .type = integer (a year)
    .default = none (the year of its first report)
    .doc = The first year a report is expected (the year the body was set up); a later year without a report counts as 未发布 on the supervision pages.
manual-dept-until = 终止年度
    .type = integer (a year)
    .default = none (up to the latest year)
    .doc = The last year a report is expected (the body was abolished or merged); later years do not count as 未发布.

manual-report-department = 单位名称
    .type = text
    .default = required
    .doc = The full name of the body publishing the report, as the report writes it.
manual-report-year = 报告年度
    .type = four-digit integer
    .default = required
    .doc = The report's year; must equal the name of its folder (rule S-YEAR).
manual-report-edition = 格式版本
    .type = text: "2021", "2019" or "free"
    .default = from the year (see Editions)
    .doc = The layout of the national template the report uses. Needed only when the report really uses another layout.
manual-report-published = 发布日期
    .type = a date, e.g. 2024-01-18 (no quotes)
    .default = none
    .doc = The day the report was published; missing once the deadline has passed, it draws a warning (rule S-PUBLISHED).
manual-report-title = 标题
    .type = text
    .default = “department + year + 年政府信息公开工作年度报告”
    .doc = The report's title, needed only when it differs from the default.
manual-report-source = 原件
    .type = text (a file name)
    .default = none
    .doc = The file name of the original (Word, PDF or web page), kept beside the report file; the report's page links to it.
manual-report-example = 示例数据
    .type = true or false
    .default = false
    .doc = true marks synthetic example data, labelled as such on the page.
manual-report-notes = 单元格备注
    .type = a table: a cell's key path to a text
    .default = none
    .doc = Remarks in the [notes] table, printed beside their cell, e.g. "active.normative_docs.issued" = "其中修订16件".
manual-report-origin = 来源
    .type = text: "published" or "authored"
    .default = "authored" (written here)
    .doc = "published": a record of a published document (written by `gongkai import`): its errors are shown, but never stop the build or the preview; without it, or "authored": written on this site, and its errors stop the build unless site.toml says publish_with_errors = true.
