# 命令行：check、build、serve、import、new 的输出，操作错误，以及 --help 的文字。
# --help 的文字按约定命名：cli-<子命令> 是子命令的说明，cli-<子命令>-<参数> 是参数的说明。

label-error = 错误：
label-warning = 提示：
label-note = 说明：

## check

check-summary = 已检查 { $reports } 份报告：错误 { $errors } 项，提示 { $warnings } 项
check-explain-unknown = 没有规则“{ $rule }”。规则有：{ $rules }
check-explain-title = { $rule }（{ $severity }）
check-explain-what = 规则
check-explain-why = 为什么
check-explain-example = 例子

## build

build-flagged = { $count } 份有错误的报告连同校验发现的问题一起发布
build-done = 已把 { $reports } 份报告生成到 { $target }：{ $files } 个文件，{ $dirs } 个文件夹（{ $size } MB），用时 { $seconds } 秒
build-base-url-not-absolute = base_url「{ $base_url }」不是完整网址：订阅（Atom）和 sitemap.xml 需要以 https:// 开头的地址，这次没有生成它们（页面照常生成）。
    修改方法：在 site.toml 中写 base_url = "https://域名{ $path }"，或构建时加 --base-url https://域名{ $path }
build-changes = 与上次的输出相比：新写入 { $written } 个文件，{ $kept } 个未变（保留原文件及其修改时间，同步时不会重传），删除 { $removed } 个；全部文件的 SHA-256 清单：{ $manifest }
build-untouched = 原有的输出（如果有）未被改动
build-leftover-removed = 上次生成 { $target } 时被中断，留下的未完成文件夹已删除
build-progress = 正在生成 { $done }/{ $total }

## serve

serve-dev-build = 开发用的构建位于 { $folder }（退出时删除）
serve-serving = 正在 { $url } 提供 { $site }（按 Ctrl-C 停止）
serve-ready = { $page } 已在保存后 { $ms } 毫秒更新
serve-wrote = 写入 { $files } 个文件，用时 { $ms } 毫秒
serve-deferred = 又有新的保存：列出或汇总这些报告的页面随之一并重新生成
serve-not-rebuilt = 未重新生成：仍在提供上一次成功的构建
serve-first-summary = { $reports } 份报告，{ $files } 个文件有问题（错误 { $errors } 项，提示 { $warnings } 项）；逐条查看：gongkai check，或打开页面上的校验结果
serve-no-good-build = 网站尚未生成成功：改正上面的错误并保存，页面会自动更新
serve-stopping = 正在停止。
serve-exposed = 正在 { $addr } 上提供：网络上的其他机器可以看到这个尚未发布的站点
serve-watch-new-folder = 无法监视新建的文件夹：{ $reason }
serve-no-browser = 无法打开浏览器（{ $program }：{ $reason }）；请自行打开 { $url }
serve-overlay-title = gongkai：有错误（见下）。改正文件并保存后，页面会自动更新。
serve-overlay-refused = gongkai：预览显示全部能生成的页面，报告中的错误已在页面上标出；但 gongkai build 会因下列 { $count } 项错误拒绝生成网站。改正并保存后，页面会自动更新（gongkai check 逐条列出）。
serve-overlay-published = gongkai：刚保存的文件有错误，已在页面上标出；gongkai build 仍会连同错误一起发布（照原文录入的报告 origin = "published"，或 site.toml 设置了 publish_with_errors = true）。
serve-overlay-kept = gongkai：最近一次保存后无法生成（见下），这里显示的是上一次成功的构建。改正文件并保存后，页面会自动更新。
serve-overlay-nothing = gongkai：网站还没有生成过，下列错误使它无法生成。改正并保存后，页面会自动更新。
serve-would-refuse = 预览照常显示；但 gongkai build 会拒绝生成：{ $files } 个文件中有 { $errors } 项错误（gongkai check 逐条列出）
serve-overlay-others = 其他文件还有 { $count } 处问题（点击展开）
serve-watch = 无法监视 { $folder }：{ $reason }
serve-build-problem = 构建

## init

init-created = 已创建 { $path }
init-next = 下一步：cd { $dir } 后运行 gongkai serve（预览）、gongkai check（校验）、gongkai build（生成网站）
error-init-exists = { $paths } 已存在：init 不覆盖已有文件，什么也没有写（换一个空文件夹，或先移走这些文件）

## import

import-found = 找到：{ $what }
import-warning = 提示：{ $what }
import-missing = 缺少：{ $what }
import-error = 错误：{ $what }
import-no-year = 标题中没有找到年份：请用 --year 指定
import-no-department = 标题中没有找到部门名称：请用 --name 指定
import-year-override = 标题写的是 { $title_year } 年；使用 --year { $year }
import-header = 部门 { $department }，年份 { $year }，版式 { $edition }
import-incomplete = 内容不完整，未写入任何文件（--partial 会写入已读取的部分并标为不完整）
import-wrote = 已写入 { $path }
import-total = { $files } 个文件中有 { $complete } 个完整导入{ $dry_run ->
    [yes] （试运行：未写入任何文件）
   *[no] {""}
}
import-incomplete-short = 内容不完整：{ $first }
import-would-write = 将写入 { $path }：
import-would-copy = 将把原件复制到 { $path }
import-registered = { $dry_run ->
    [yes] 将在
   *[no] 已在
} { $path } 登记报告单位 [{ $slug }]：name = "{ $name }"，kind = "{ $kind }"（类别 kind 可改为 government、office、department、street、town 或 other）
import-alias = { $dry_run ->
    [yes] 将在
   *[no] 已在
} { $path } 为 [{ $slug }] 加上别名“{ $alias }”（原文印的名称）
import-cannot-register = 无法自动在 { $path } 中登记 [{ $slug }]（文件格式无法识别）：请手工加上这个单位
import-summary = 汇总：
import-row-imported = 已导入 → { $path }
import-row-would-import = 将导入 → { $path }
import-row-incomplete = 不完整（--partial）→ { $path }
import-row-refused = 拒绝：{ $why }
import-one-file-options = --slug、--name 和 --year 只适用于一个文件；请逐个导入

## new

new-wrote = 已写入 { $path }

## 操作错误

error-missing = { $path } 不存在
error-not-a-site = { $path } 不是站点文件夹
error-io = { $path }：{ $reason }
error-exists = { $path } 已存在：未写入（--force 会替换它）
error-bad-slug = “{ $slug }”不是有效的部门标识：只能使用小写英文字母、数字和 -
error-theme-missing = 找不到主题“{ $theme }”：站点中应有文件夹 themes/{ $theme }/
error-template = 模板错误：{ $detail }
error-render = 生成 { $job } 时出错：{ $error }
error-output-contains-site = { $path }：输出文件夹会包含或替换站点自己的文件
error-output-not-ours = { $path }：文件夹已存在，且不是 gongkai 写入的（没有 { $marker }）；请删除它或用 --output 另选一个
error-output-is-file = { $path }：这是一个文件，不是文件夹；未做任何改动：请为 --output（或 output_dir）指定一个文件夹
error-output-busy = { $path }：另一个 gongkai 正在生成这个输出文件夹（它持有锁 { $lock }）；本次未做任何改动，请等它结束后再生成
error-outside-site = { $detail }
error-not-built = 未生成：有 { $count } 项错误（在 site.toml 中设置 publish_with_errors = true，可连同校验发现的问题一起发布）
error-not-built-fix = 未生成：有 { $count } 项错误，请先改正
error-not-built-unpublishable = 未生成：有 { $count } 项错误出在无法发布的文件中（请改正；只是违反规则的报告会连同问题一起发布）
error-port-in-use = { $ip } 上的端口 { $port } 已被占用（另一个 gongkai serve？）；请用 --port { $next } 另选一个
error-listen = 无法在 { $addr } 上监听：{ $reason }
error-signals = 无法处理 Ctrl-C：{ $reason }
error-import = { $reason }
error-xlsx = 无法生成 Excel 工作簿：{ $reason }
error-nothing-to-import = 没有可导入的 .docx、.doc、.pdf、.html 或 .txt 文件
io-not-found = 文件或文件夹不存在
io-permission-denied = 没有权限
io-already-exists = 已经存在
io-storage-full = 磁盘已满
io-read-only = 文件系统是只读的

## --help

cli-help-usage = 用法：
cli-help-commands = 命令：
cli-help-arguments = 参数：
cli-help-options = 选项：
cli-help-help = 显示帮助
cli-help-version = 显示版本
cli-lang = 界面语言：zh-CN（中文）或 en（英文）；默认按 LANG 等区域设置，否则为中文
cli = gongkai（公开）：生成、校验和预览政府信息公开工作年度报告的门户网站。
cli-check = 按国家模板校验站点的每一份报告（或一个报告文件）。
cli-check-path = 站点文件夹（含 site.toml 和 content/）或一个报告文件。
cli-check-format = 输出格式。
cli-check-deny_warnings = 有提示时也以非零状态退出。
cli-check-explain = 说明一条规则：规则是什么、为什么有这条规则、一个例子（如 --explain R-BAL）。
cli-check-summary = 按年度列出发布情况（单位数、已发布、按期、逾期、未发布、有错误），而不是逐条列出问题。
cli-import = 把已发布的报告（.docx、.doc、.pdf、.html、文本）导入为内容文件，原件保存在报告旁边。
cli-import-files = 文件，或含 .docx/.doc/.pdf/.html/.htm/.txt 文件的文件夹。
cli-import-into = 内容文件夹；报告写到 <into>/<年份>/<部门标识>.md。
cli-import-year = 报告年份（默认从标题中读取）。
cli-import-name = 部门名称（默认从标题中读取）；旧写法 --department 仍可用。
cli-import-slug = 部门标识，即 departments.toml 中的键（默认为名称的拼音）。
cli-import-force = 替换已有的内容文件。
cli-import-partial = 表格或行缺失时，也写入已读取的部分（标为不完整）。
cli-import-dry_run = 只显示将要写入的内容，不写入任何文件。
cli-new = 为新的一年生成报告框架：所有单元格为 0，上年结转取自上一年的结转下年度。
cli-new-year = 年份。
cli-new-slug = 部门标识，即 departments.toml 中的键；旧写法 --department 仍可用。
cli-new-into = 内容文件夹。
cli-new-force = 替换已有的内容文件。
cli-init = 新建站点：site.toml、content/departments.toml、一份能通过校验的示例报告和 .gitignore；不覆盖已有文件。
cli-init-dir = 新站点的文件夹（不存在时创建）。
cli-completions = 输出命令行自动补全脚本，例如 gongkai completions bash > ~/.local/share/bash-completion/completions/gongkai
cli-completions-shell = 命令行外壳：bash、zsh、fish、elvish 或 powershell。
cli-serve = 把站点生成到临时文件夹并提供预览，每次修改后重新生成并刷新页面。
cli-serve-site = 站点文件夹（含 site.toml 和 content/）。
cli-serve-port = 监听的端口（0：任意空闲端口）。
cli-serve-bind = 监听的地址；非本机地址会把站点暴露到网络上。
cli-serve-open = 在默认浏览器中打开站点。
cli-build = 生成门户网站：每份报告、年度和部门页面、数据下载和订阅源。
cli-build-site = 站点文件夹（含 site.toml 和 content/）。
cli-build-output = 输出文件夹（默认：site.toml 中的 output_dir，位于站点内）。
cli-build-base_url = 覆盖 site.toml 中的 base_url（如 https://example.gov.cn/nianbao/）。
error-config = site.toml 有误：未生成
cli-lang-unknown = 不支持语言“{ $lang }”：请用 zh-CN 或 en
error-unreadable = 无法读取 { $path }（请对它运行 gongkai check）
error-unknown-department = 没有报告 { $last }，departments.toml 中也没有“{ $slug }”：无法得知单位名称。请先在 content/departments.toml 末尾登记这个单位（三行：[{ $slug }]、name = "单位全称"、kind = "department"；kind 也可以是 government、office、street、town），再运行 gongkai new；或用 gongkai import 导入它已发布的报告，单位会自动登记
error-unknown-department-did-you-mean = 没有报告 { $last }，departments.toml 中也没有“{ $slug }”：您是不是要找“{ $suggestion }”？如果是新的单位，请先在 content/departments.toml 末尾登记（三行：[{ $slug }]、name = "单位全称"、kind = "department"），再运行 gongkai new
cli-help-default = ［默认：{ $value }］
cli-help-possible = ［可选：{ $values }］
job-department = 部门 { $slug } 的页面
cli-error-unknown-argument = 未知的参数“{ $arg }”
cli-error-invalid-value = 参数 { $arg } 的值“{ $value }”无效；可用的值：{ $valid }
cli-error-missing-argument = 缺少必需的参数：{ $arg }
cli-error-more = 更多信息请运行 --help
io-is-a-directory = 这是一个文件夹，不是文件
io-not-a-directory = 路径中有一部分不是文件夹
io-directory-not-empty = 文件夹不是空的
error-summary-needs-site = --summary 需要站点文件夹（含 site.toml 和 content/），不能是单个报告文件
error-internal = gongkai 内部错误（请报告此问题）：{ $detail }
cli-check-fix = 改正中文输入法打出的全角标点（，：；［］｛｝＝“”‘’（））和中文日期（2025年1月22日），只改引号和注释以外的字符，不改动数字；然后校验。
cli-check-dry_run = 与 --fix 一起使用：只显示将要改正的行，不写入任何文件。
check-fixed = 已改正 { $count } 处全角标点或中文日期（{ $files } 个文件）
check-fix-dry-run = 可以改正 { $count } 处全角标点或中文日期（{ $files } 个文件）；未写入：去掉 --dry-run 即可改正
check-fix-none = 没有需要改正的全角标点或中文日期
import-internal-error = gongkai 读取这个文件时出现内部错误（已跳过，其他文件照常导入）：请把这个文件和上面的提示发给 gongkai 的维护者
import-source-refused = 原文件 { $file } 不是可以随报告发布的类型（只允许 { $allowed }），未保存为原件
error-output-inside-theme = { $path }：输出文件夹在站点的 static/、templates/ 或 themes/ 之内，每次生成都会把上一次的输出当作网站文件再发布一遍：请把输出放在这些文件夹之外（例如 public/）
