# 校验结果的文字（check、serve 的提示层和公开的报告页）。
# 每条消息一个条目，参数用 { $名称 } 表示；行名、列名等标签来自 src/schema/，作为参数传入。
# 带 .reader 属性的条目：公开报告页向读者显示 .reader 的文字（不提源文件行号和规则编号）。

diag-help-label = 建议：

## 文件（F-FORMAT、F-STYLE、F-PATH）

file-empty = 文件是空的
file-empty-help = 报告以一行 +++ 开头，接着是 TOML 前言，再以一行 +++ 结束
file-bom = 文件开头有字节顺序标记（BOM），已忽略
file-bom-help = 请以 UTF-8（无 BOM）格式保存文件
file-not-utf8 = 文件不是有效的 UTF-8 编码（字节 { $byte }）
file-not-utf8-help = 请以 UTF-8 格式保存文件（以 GBK/GB2312 保存的文件需要转换）
file-crlf = 文件使用 CRLF（Windows）换行，已按 LF 读取
control-char-file = 文件中有不可见的控制字符（{ $code }）：它会破坏订阅源和终端显示
control-char-value = { $key } 中有不可见的控制字符（{ $code }）：它会破坏订阅源和终端显示
control-char-help = 删除该字符（常见于从 Word 或 PDF 粘贴的文字）；只允许制表符和换行
path-outside-site = { $path } 是指向站点之外 { $real } 的符号链接，不会被读取（请把文件复制到站点内）
file-too-big = 文件大小为 { $size } MiB，报告文件最大 { $limit } MiB
file-cannot-read = 无法读取文件：{ $error }
scan-no-content = { $folder } 中没有 content/ 文件夹
scan-no-content-help = 站点包含 site.toml 和 content/<年份>/<部门标识>.md；这是站点文件夹吗？（新建站点：gongkai init）
scan-cannot-read = 无法读取：{ $error }
scan-symlink = 不跟随符号链接：请把文件本身放在 content/ 中
scan-misplaced = 报告必须位于 content/<年份>/<部门标识>.md
scan-misplaced-help = 请移到所属年份的文件夹中，例如 content/2023/
scan-bad-slug = “{ $slug }”不是有效的部门标识：只能使用小写英文字母、数字和 -
scan-bad-slug-help = 请把文件改名为 { $suggestion }.md
departments-bad-slug = [{ $slug }] 不是有效的部门标识：只能使用小写英文字母、数字和 -
departments-invalid = 部门文件有误：{ $error }
config-invalid = 站点配置有误：{ $error }
config-bad-theme = “{ $theme }”不是主题文件夹的名称

## 前言和表格（F-FORMAT、R-SHAPE、R-NONNEG、S-YEAR）

type-string = 文本
type-integer = 整数
type-decimal = 小数
type-boolean = 布尔值
type-date = 日期
type-array = 数组
type-table = 表
within-front-matter = 前言
within-active = [active]（{ $edition }版）
front-missing = 缺少前言：报告必须以一行 +++ 开头
front-missing-help = 请在文件开头用两行 +++ 包围报告的 TOML 前言
front-unclosed = 前言没有结束：缺少第二行 +++
front-invalid-toml = 前言的 TOML 语法有误：{ $error }
front-fullwidth = 前言中有全角数字（０–９）：数字必须用半角数字书写
write-code = 请写作 { $code }
write-without-quotes = 请写作 { $value }，不加引号
unknown-key = { $within }中有未知的键“{ $key }”
    .reader = 报告中有一项内容不属于国家模板，未予采用
did-you-mean = 是不是“{ $key }”？
expected-one-of = 可用的键：{ $keys }
cell-unreadable-int = { $what }：“{ $value }”不是可以读取的整数
cell-too-large = { $what }为 { $value }：数值太大，不可能是件数
cell-negative = { $what }为 { $value }：件数不能是负数
cell-fraction = { $what }为 { $value }：件数必须是整数
cell-text = { $what }是文字“{ $value }”，不是数字
cell-text-help = 请填写数字；说明文字放在 [notes] 中（"" 表示空白单元格）
cell-not-number = { $what }是{ $kind }，应为数字
amount-negative = { $what }为 { $value }：金额不能是负数
amount-invalid = { $what }为“{ $value }”，应为小数，例如 "190.45"
fullwidth-write = 这是全角数字：请写作 "{ $value }"
meta-not-string = “{ $key }”是{ $kind }，应为文本
year-missing = 前言中缺少 year（年份）
year-missing-help = 请加上 year = { $year }
year-folder = 前言写的是 year = { $year }，但文件在 { $folder } 文件夹中
year-folder-help = 请把文件移到所属年份的文件夹，或改正 year
year-not-four-digits = year 为 { $value }，不是四位数的年份
year-not-integer = year 是{ $kind }，应为整数
year-unquote = 请写作 year = { $year }，不加引号
department-empty = department（部门名称）是空的
department-missing = 前言中缺少 department（部门名称）
department-missing-help = 请填写机关全称，例如 department = "杭州市拱墅区统计局"
edition-unknown = 未知的版式“{ $edition }”
edition-one-of = 版式为以下之一："{ $editions }"
published-not-date = published（发布日期）是{ $kind }，应为日期
published-help = 请写作 published = 2024-01-18
example-not-bool = example 是{ $kind }，应为 true 或 false
origin-unknown = 未知的来源 origin = “{ $origin }”
origin-one-of = origin 为以下之一："{ $origins }"（published：照已发布的原文录入；authored：在本站编写）
kept-as-published = 照原文保留：这份报告录自已发布的原文（origin = "published"），数字不要改；网站照实标出这项错误，不影响生成
table-missing = 缺少表格{ $heading }（[{ $key }]）：{ $edition }版有这张表
    .reader = 原报告“{ $heading }”部分没有表格
table-in-free-edition = [{ $key }]：自由格式（free）的报告没有模板表格
table-in-free-edition-help = 如果报告采用国家模板，请设置 edition = "2019" 或 "2021"
table-not-table = “{ $key }”是{ $kind }，应为表
rows-missing = [{ $table }] 缺少{ $edition }版的 { $count } 行：{ $rows }
    .reader = 原报告的{ $heading }缺少国家模板（{ $edition }版）中的 { $count } 行
rows-missing-help = 模板的每一行都必须填写；空白单元格写作 ""
active-not-table = “active.{ $row }”是{ $kind }，应为内联表
active-field-missing = “active.{ $row }”缺少“{ $key }”（{ $label }）
other-row-2019 = 2019版把（六）其他处理印作一行：other = [...]
other-row-2021 = 2021版把（六）其他处理分为 other.no_correction、other.fee_unpaid 和 other.other 三行
row-other-edition = “applications.{ $row }”不是{ $edition }版的行
    .reader = 报告的表三中有一行不属于{ $edition }版国家模板，未予采用
row-unknown = [applications] 中有未知的行“{ $row }”
    .reader = 报告的表三中有一行不属于国家模板，未予采用
applications-not-array = “applications.{ $row }”是{ $kind }，应为 7 个数值的数组
applications-width = { $row }有 { $count } 个数值；表三每行有 7 个（{ $columns }），或省略{ $total }后 6 个
n-values = { $count } 个数值
a-kind = 一个{ $kind }
review-width = { $group }有{ $found }；表四每组有 5 个数值（{ $columns }）
notes-not-table = notes 是{ $kind }，应为表
note-not-a-cell = [notes]：“{ $path }”不是{ $edition }版的单元格
note-not-string = “{ $path }”的注释是{ $kind }，应为文本
source-not-plain = source "{ $source }" 必须是报告旁边的文件名，不能是路径
source-not-found = 在 { $folder }/ 中找不到原文件 "{ $source }"

## 表格的勾稽关系（R-COL、R-BAL、R-SUM、R-T4、R-EMPTY、R-BLANK、S-REGS）
# 这些文字同时显示在公开的报告页上，要让读者看得懂：哪张表、哪一行哪一列、哪些数字对不上。

cell-blank = 空白
r-col = 表三“{ $row }”一行：总计为 { $total }，但六类申请人合计 { $terms } = { $sum }
r-bal = 表三“{ $column }”一列：{ $new_label } { $new } + { $carried_label } { $carried } = { $received }，但{ $total_label } { $total } + { $forward_label } { $forward } = { $handled }
r-sum = 表三“{ $column }”一列：{ $total_label }为 { $total }，但 { $rows } 项办理结果合计为 { $sum }{ $terms ->
    [none] {""}
   *[other] （{ $terms }）
}
r-t4 = 表四“{ $group }”：总计为 { $total }，但 { $terms } = { $sum }
r-empty = { $heading }的所有单元格都是空白：像是未填写的模板
    .reader = { $heading }的所有单元格都是空白，原报告未填写这张表
r-blank = { $heading }“{ $row }”：{ $count } 个单元格空白（{ $cells }），按 0 计算
    .reader = { $heading }“{ $row }”一行有 { $count } 个单元格在原报告中空白（{ $cells }），按 0 计算
s-regs = 机关类型为“{ $kind }”，却填报了{ $row }{ $field } { $value } 件：只有省级和设区的市级人民政府制定规章
s-regs-help = 这些是不是行政规范性文件？或者 content/departments.toml 中的机关类型有误？

## 与上年的比较、版式（S-YEAR、X-CARRY、X-INFORCE、X-EDITION）

s-year-duplicate = { $department }有不止一份 { $year } 年度的报告：本文件和 { $others }
    .reader = { $department }有不止一份 { $year } 年度的报告
s-year-duplicate-help = 每个部门每年只保留一个文件
x-carry = 表三“{ $column }”一列：{ $row }为 { $value }，但 { $prev_year } 年度报告的{ $prev_row }为 { $prev_value }（{ $prev_file }）
    .reader = 表三“{ $column }”一列：{ $row }为 { $value }，但上一年度（{ $prev_year } 年）报告的{ $prev_row }为 { $prev_value }
x-inforce = 表二“{ $row }”：{ $in_force_label }为 { $value }，但 { $prev_year } 年为 { $prev_value }，加{ $issued_label } { $issued }、减{ $repealed_label } { $repealed }，应为 { $expected }
x-inforce-help = 文件也可能未经废止而自然失效：仅作提示
x-edition = { $year } 年度的报告标为“{ $edition }”版：该年度的报告使用 { $expected } 版
    .reader = 这份 { $year } 年度的报告采用 { $edition } 版模板，该年度应使用 { $expected } 版

## 正文（S-SECTIONS、N-TEXT、N-YEAR）

section-missing = 缺少第{ $heading }部分
    .reader = 报告缺少“{ $heading }”部分
section-missing-help = 请加上标题 “## { $heading }” 和正文
section-empty = “{ $heading }”部分是空的
n-text = 正文写的是“{ $quote }”，但{ $figure }为 { $value }
n-year-period = 统计期限从 { $stated } 年开始，但这是 { $year } 年度的报告
n-year-plan = 下一年度的计划写成了 { $stated } 年（“{ $quote }”）：{ $year } 年度报告的计划应是 { $next } 年的
n-year-opening = 第一部分以 { $stated } 年开头，但这是 { $year } 年度的报告
list-separator = 、

## 发布日期（S-PUBLISHED）

s-published = { $year }年度报告没有填写发布日期（published），无法判断是否在{ $deadline }的期限前发布
    .reader = 这份{ $year }年度报告没有注明发布日期，无法判断是否在{ $deadline }的期限前发布
s-published-help = 在前言中写明发布日期，例如 published = { $example }

## 报告单位的登记（S-BODY、S-REGION）

s-body = 报告单位“{ $department }”（代号 { $slug }）没有登记在 content/departments.toml 中
    .reader = 本报告的发布单位尚未登记在本站的单位名录中
s-body-help = 在 content/departments.toml 末尾加上这三行（类别 kind 按实际填写）：[{ $slug }]、name = "{ $name }"、kind = "{ $kind }"；gongkai import 导入时会自动登记
s-body-elsewhere-help = 这个单位已登记为 [{ $other }]：请把文件改名为 content/{ $year }/{ $other }.md，同一单位各年度用同一个代号
s-region = site.toml 的 region = "{ $region }" 不是 content/departments.toml 中任何单位所属的地区：本站单位都会列为“其他地区”，合计为空
s-region-help = departments.toml 中的地区有：{ $regions }；请把 region 改成其中之一，或同时修改 departments.toml 中单位的 region

## TOML 语法错误（解析器的说明，常见的几种译成中文）

toml-duplicate-key = 同一个键写了两次
toml-unquoted-string = 文字必须加引号
toml-unclosed-string = 引号没有成对
toml-unclosed-table = 表名缺少右方括号 ]
toml-unclosed-array = 数组缺少右方括号 ]
toml-unexpected = 这里不应再有键或值（一行只写一个“键 = 值”）
