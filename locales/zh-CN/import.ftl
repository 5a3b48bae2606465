# gongkai import：从已发布的年报中读到了什么、哪些没能读出，以及文件无法导入的原因。
# 表的序号、行和列的名称来自模板（schema）。

## 读取文件

imp-in-file = { $path }：{ $what }
imp-cannot-read = 无法读取 { $path }：{ $reason }
imp-too-large = { $path } 有 { $mb } MB，太大，不是一份年报
imp-not-utf8 = { $path } 不是 UTF-8 文本（可导入 .docx、.pdf 和 UTF-8 文本）
imp-cannot-open = 无法打开：{ $reason }
imp-docx-not-zip = 不是 Word .docx 文件（不是 zip 压缩包：{ $reason }）
imp-docx-no-document = 不是 Word .docx 文件（没有 word/document.xml）
imp-docx-cannot-read = 无法读取 word/document.xml：{ $reason }
imp-docx-bad-xml = word/document.xml 不是格式正确的 XML：{ $reason }
imp-doc-needs-converter = { $path }：读取旧版 Word .doc 文件需要 LibreOffice（Debian/Ubuntu：apt-get install libreoffice-writer-nogui）或 antiword（apt-get install antiword）；也可以用 Word 或 WPS 打开后另存为 .docx
imp-cannot-convert = 无法转换 { $path }：{ $reason }
imp-libreoffice-failed = { $path }：LibreOffice 无法转换这个 .doc 文件：{ $reason }
imp-no-docx-written = 没有生成 .docx 文件
imp-timeout = { $seconds } 秒后仍无结果
imp-antiword-failed = { $path }：antiword 无法读取：{ $reason }
imp-antiword-error = { $path }：antiword：{ $reason }
imp-pdf-no-text = { $path } 没有文字层，看来是扫描件（页面图片）。导入需要文字：请先做文字识别（OCR），或使用 Word 原件。
imp-needs-pdftotext = 读取 PDF 需要 poppler-utils 软件包中的 `{ $program }`（Debian/Ubuntu：apt-get install poppler-utils；macOS：brew install poppler）
imp-cannot-run-pdftotext = 无法运行 { $program }：{ $reason }
imp-pdftotext-failed = { $program } 无法读取 { $path }：{ $reason }
imp-wrong-encoding = 网页声明的编码是 { $encoding }，但内容不是 { $encoding } 编码：请从浏览器重新保存，或转换为 UTF-8
imp-unknown-encoding = 网页没有声明编码，内容既不是 UTF-8 也不是 GB18030/GBK：请转换为 UTF-8
imp-page-too-deep = 网页元素嵌套了 { $depth } 层（年报网页不超过 { $max } 层）：未导入
imp-table-too-large = 文件中的第 { $table } 个表格太大，不是年报的表格（{ $what }）：未导入
imp-too-many-rows = 超过 { $max } 行
imp-too-wide = 第 { $row } 行有 { $width } 列，超过 { $max } 列
imp-cell-too-long = 第 { $row } 行有一格 { $chars } 个字符，超过 { $max } 个
imp-too-many-bytes = 合并单元格在所覆盖的每一行展开后，文字超过 { $max } 字节

imp-file-incomplete = gongkai import：不完整。以下内容未能从原文件读出：
imp-origin-comment = 照已发布的原文录入：数字按原文保留（原文的错误也保留），网站照实标出，不阻止生成

## 表格

imp-table-not-found = 未找到表{ $table }（{ $title }）
imp-rows-found = 表{ $table }：读出模板 { $total } 行中的 { $found } 行
imp-row-not-found = 表{ $table }：未找到“{ $row }”行
imp-row-unmatched = 表{ $table }：有一行与模板的任何一行都对不上：“{ $line }”
imp-row-width = 表{ $table }：“{ $row }”行有 { $cells } 格，模板是 { $expected } 格
imp-cell = 表{ $table }：“{ $row }”行，{ $column }：{ $reason }
imp-column-unknown = 表三：无法判断这一行的各个数字属于哪一列：“{ $line }”
imp-empty-columns = 表三：“{ $line }”中 { $columns } 下没有数字（空白格还是断行？请核对原件；空白格写 `-`）
imp-numbers-under-row = 表三：“{ $row }”行下方的数字对不上模板的任何一行：“{ $line }”（窄列中的数字折行了？请核对原件）
imp-numbers-between-rows = 表三：“{ $above }”行与“{ $below }”行之间的数字对不上模板的任何一行：“{ $line }”（窄列中的数字折行了？这两行都未写入，请核对原件）
imp-numbers-over-row = 表三：“{ $row }”行上方的数字对不上模板的任何一行：“{ $line }”（窄列中的数字折行了？这一行未写入，请核对原件）
imp-numbers-between-labels = 表三：数字“{ $line }”印在“{ $above }”行与“{ $below }”行的标签之间，分不清属于哪一行：这两行都未写入，请核对原件
imp-other-one-row = 表三：“{ $label }”印成了一行（2019 年的样式）：其数字写入 { $key }.other，未印出的两行为空白
imp-review-found = 表四：{ $cells } 格
imp-review-cell = 表四：{ $group } { $column }：{ $reason }
imp-review-no-row = 表四：没有找到 { $width } 格的行（最长的一行有 { $best } 格）
imp-review-outside = 表四：{ $width } 格的那一行之外还有数字：“{ $line }”（窄列中的数字折行了？请核对原件）
imp-review-header = 表四：“{ $line }”的数字不在写有“{ $name }”的表头下

## 单元格

imp-not-amount = “{ $text }”不是金额
imp-not-whole = “{ $text }”不是整数
imp-leading-zero = “{ $text }”以 0 开头：几格数字连在一起、没有分隔？
imp-negative = “{ $text }”是负数

## 正文

imp-sections-found = 正文各部分：{ $sections }
imp-section-paragraphs = { $numeral }（{ $count } 段）
imp-section-not-found = 未找到“{ $heading }”部分
imp-needs-tesseract = 这个 PDF 是扫描件（没有文字层），需要用文字识别（OCR）软件 tesseract 和它的简体中文模型来读：Debian/Ubuntu 请运行 apt-get install tesseract-ocr tesseract-ocr-chi-sim；macOS 请运行 brew install tesseract tesseract-lang
imp-ocr-failed = 文字识别（tesseract）无法读取 { $path }：{ $reason }
imp-ocr-read = 扫描件：文字由 OCR 识别，表中数字只在所在行、列的合计核对无误时采用
imp-unconfirmed = 表{ $table }“{ $row }”：{ $cells } 未能由表格的合计核实（扫描件识别出的数字、PDF 中没有印出数字的格，以及表格有一行未能读懂时读出的数字，都只在所在行、列的合计对得上时采用），这一行未写入；请对照原件核对后填写

## External converters (src/import/external.rs)

imp-tool-not-installed = 程序未安装
imp-tool-too-much-output = 输出超过 { $mb } MB，已停止
imp-doc-not-word97 = { $path } 不是 Word 97–2003 .doc 文件（文件开头不是 Word 文件的标记；可能是改了扩展名的网页或 RTF）：请用 Word 或 WPS 打开后另存为 .docx
imp-doc-try-antiword = { $reason }；可安装 antiword 作为备用（Debian/Ubuntu：apt-get install antiword），或用 Word、WPS 打开后另存为 .docx
imp-doc-converters-failed = { $first }；{ $second }
imp-ocr-names = 单位名称、标题和正文由 OCR 识别，可能有错字（如“淮”识别成“准”）：请对照原件核对，单位名称可用 --department 指定
imp-ocr-year = 扫描件标题中识别出的年份 { $year } 在正文中没有再次出现，无法核实：请用 --year 指定年度
imp-ocr-label = 表三：扫描件中“{ $row }”行的行名识别不清（读作“{ $line }”），无法确定这些数字属于哪一行，这一行未写入；请对照原件核对后填写
imp-date-impossible = “{ $line }”不是一个存在的日期：未写入发布日期（published），请核对原件后手工填写
imp-pdf-cut = 表格比纸宽，打印时在页边被截断：“{ $line }”（请使用 Word 原件，或重新打印到页面以内）
imp-pdf-row-broken = 表{ $table }：行“{ $row }”跨页断开，其在下一页的部分未能读取，或须把两页上的数字拼成一个：不写入此表（请与原件核对）
imp-pdf-row-pieced = 表{ $table }：行“{ $row }”跨页断开，有数字被分在两页：已拼合，且仅在表内合计核对一致时才写入此表（请与原件核对）
imp-ruled = 表{ $table }：按 PDF 中绘出的单元格边框读取（每格按其框内所印读取）
imp-piece-not-read = 表{ $table }：窄单元格中折行的数字或备注有一段未能读入：“{ $line }”（表格未能按原样读取，请核对原件）
