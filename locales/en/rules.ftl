# The validation rules (format-spec part C). One entry per rule: rule-<rule id>, with:
#   .summary  what the rule is (about page, report page, check --explain)
#   .why      why the rule exists (check --explain)
#   .example  an example (check --explain)
# Rule ids and levels are in src/schema/rules.rs; a new rule needs one entry here and one in
# locales/zh-CN/rules.ftl.

severity-error = error
severity-warning = warning

rule-F-FORMAT =
    .summary = The file can be read: UTF-8, TOML front matter between +++ lines, valid TOML, a sensible size
    .why = A file that cannot be read cannot be checked or published. Usual causes: saved as GBK, a missing +++ line, a TOML syntax error, or a PDF renamed to .md.
    .example = A file whose first line is not +++ gets "no front matter". Put a +++ line at the top, the front matter, then another +++ line.
rule-F-STYLE =
    .summary = The file is UTF-8 without BOM with LF line ends; a BOM or CRLF is read, with a warning
    .why = A BOM or CRLF line ends do not stop reading, but they make meaningless differences in version control and trip other tools.
    .example = A file saved by Windows Notepad has a BOM: save it again as "UTF-8 without BOM".
rule-F-PATH =
    .summary = The file is at content/<year>/<slug>.md; a slug has lowercase letters, digits and hyphens only
    .why = The year and the department come from the file's place, and so does its URL; a file in the wrong place cannot be filed under the right year and body.
    .example = content/拱墅区统计局.md is not in a year folder: move it to content/2023/gongshu-tongjiju.md.
rule-R-BAL =
    .summary = Every column of table 三: 本年新收 + 上年结转 = 总计 + 结转下年度 (the template's own balance)
    .why = Every application received is either handled or carried forward: the national template balances table 三 this way, so a difference means a number is wrong.
    .example = Column 自然人: 本年新收 10 + 上年结转 2 = 12, but 总计 11 + 结转下年度 0 = 11, one short.
rule-R-COL =
    .summary = Every row of table 三: 总计 = the six applicant columns
    .why = The 总计 column is the sum of the six applicant columns; a difference means one of them or the total is wrong.
    .example = Row 本年新收: 自然人 5 + 商业企业 1 + others 0 = 6, but 总计 is 7.
rule-R-SUM =
    .summary = Every column of table 三: （七）总计 = the sum of all result rows (21 in the 2021 edition, 19 in 2019)
    .why = The total of the results is the sum of the result rows; a difference means a result is missing or counted twice.
    .example = Column 总计: 予以公开 3 + 部分公开 1 = 4, but （七）总计 is 5.
rule-R-T4 =
    .summary = Table 四: every 总计 = 维持 + 纠正 + 其他 + 尚未审结
    .why = The total of reviews and lawsuits is the sum of their four outcomes; a difference means an outcome or the total is wrong.
    .example = 行政复议: 维持 10 + 纠正 1 + 其他 0 + 尚未审结 0 = 11, but 总计 is 0.
rule-R-NONNEG =
    .summary = Every count is a whole number ≥ 0 (the 2019 edition's 本年增/减 may be negative); fees are decimals ≥ 0
    .why = A count cannot be negative or fractional; such a number is a typing mistake.
    .example = 本年新收 is -1: write the real count.
rule-R-SHAPE =
    .summary = Rows, keys and the number of values per row match the edition; an unknown key is an error
    .why = Every row must match the national template to be checked and compared; a misspelt key loses a whole row of numbers.
    .example = carried_ovr instead of carried_over: use the template's key.
rule-R-EMPTY =
    .summary = A whole table is blank (an unfilled template published as a report)
    .why = A table with every cell blank is usually the unfilled template published as the report.
    .example = Every cell of table 三 is "": fill in the real numbers, 0 where there are none.
rule-R-BLANK =
    .summary = A cell is blank (counted as 0)
    .why = The published report left a cell empty; it is counted as 0 and shown blank, but the original should be checked.
    .example = A cell of table 三 is "": if the report means 0, write 0.
rule-S-SECTIONS =
    .summary = Reports of the 2019 and 2021 editions have sections 一, 五 and 六, not empty
    .why = The national template requires the overview, the main problems and improvements, and other matters.
    .example = 五、存在的主要问题及改进情况 is missing: add the heading and its text.
rule-S-YEAR =
    .summary = The year in the front matter matches the folder; one report per department and year
    .why = Reports are filed by year: a mismatched year, or two reports of one body for one year, leaves readers unsure which counts.
    .example = A file in content/2023/ says year = 2022: correct the year or move the file.
rule-X-CARRY =
    .summary = This year's 上年结转 equals the same body's 结转下年度继续办理 of last year, column by column
    .why = What last year carried forward is what this year carried over; a difference means one of the two years is wrong.
    .example = 2022 carried forward 3 applications, but 2023 says 2 were carried over.
rule-X-EDITION =
    .summary = The edition fits the year
    .why = Reports from 2021 on use the 2021 template, 2019 and 2020 the 2019 one; with the wrong edition the table rows do not match.
    .example = A 2023 report says edition = "2019": check which template the published report used.
rule-X-INFORCE =
    .summary = Documents in force = last year's + issued − repealed (documents may also lapse: a hint only)
    .why = The count in force should follow from last year's and this year's changes; documents can also lapse, so this is a warning.
    .example = 10 in force last year, 2 issued and 1 repealed should give 11, but the report says 12.
rule-N-TEXT =
    .summary = Counts stated in the narrative ("共收到…申请N件", "上年结转M件", "行政复议N件") agree with the tables
    .why = Readers compare the text with the tables; when they differ, the report contradicts itself.
    .example = The text says 17 applications were received; 本年新收 总计 in table 三 is 15.
rule-N-YEAR =
    .summary = The narrative does not date this year's plans or figures with another year (a 2023 report planning "2023年我局将继续")
    .why = When last year's report is reused, years are often left unchanged; plans should point to the next year.
    .example = A 2023 report says "2023年我局将继续加强……": it should be 2024.
rule-S-REGS =
    .summary = Streets, towns and departments do not make 规章 (only provincial and city governments do)
    .why = Only provincial governments and governments of cities with districts make 规章; a department reporting 规章 most likely put 行政规范性文件 in the wrong row.
    .example = A district statistics bureau reports 2 规章 issued in table 二: they belong in the 行政规范性文件 row.
rule-S-PUBLISHED =
    .summary = Once the deadline (《条例》 art. 50: 31 January of the next year; 31 March for 2018 and before) has passed, a report gives its publication date, or nobody can tell whether it was on time
    .why = The regulations set a deadline for the annual report; without a publication date, neither the supervising office nor the public can tell whether it was met.
    .example = A 2023 report still has no published after 31 January 2024: write published = 2024-01-20 as the published report says.
rule-S-BODY =
    .summary = Every report's body is registered in content/departments.toml (on a site that has the file)
    .why = The register gives a body its name, kind and region, and keeps one slug for the body across years; an unregistered body's reports may be taken for another body, and are not counted by kind and region.
    .example = The body of the imported content/2024/hongzequ-renminzhengfu.md is not registered: add [hongzequ-renminzhengfu] name = "洪泽区人民政府" kind = "government" at the end of departments.toml.
rule-S-REGION =
    .summary = site.toml's region is the region of at least one body in content/departments.toml
    .why = Totals add only the bodies of the site's region; when the region matches none in the register, the site's own bodies are listed as elsewhere and every total is empty.
    .example = site.toml's region was renamed "淮安市洪泽区" while the bodies in departments.toml still say region = "洪泽区": use the same name in both.
