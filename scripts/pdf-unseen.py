#!/usr/bin/env python3
"""Reports nobody has seen, printed to PDF and imported by `gongkai import` (issue 23).

scripts/pdf-corpus.py prints the five shared fixture reports; an importer tuned to their labels,
numbers and layouts passes it and may still fail on the next report. This script makes N new
reports from a seed (bodies, years, numbers of every magnitude, blank cells and cells printed
"-" or "/", remarks beside numbers, tables whose totals add up and some whose totals do not,
narrative with Latin digits and Chinese punctuation), prints each, imports the print and compares
it cell by cell with what was printed, and the narrative character by character.

Printers and variants (each report gets one form, chosen from the seed):
  word      the blank 2021 template (tests/fixtures/import/template-2021-blank.docx) filled in,
            its fonts set (CJK: Noto Serif/Sans CJK SC, AR PL UMing CN, WenQuanYi Zen Hei;
            Latin digits: Liberation Serif/Sans, DejaVu Serif/Sans), font sizes, column widths
            (narrow columns wrap labels and numbers), some with tables 三 and 四 in a landscape
            section; printed by LibreOffice (`soffice --convert-to pdf`, a profile of its own).
  html      a portal article page (site header, breadcrumb, title, 发布时间 line, the report with
            the template's tables as HTML, footer) printed by Chromium (`--print-to-pdf`) on A4,
            A5 or A4 landscape at 70-130 %, with or without the browser's running heads.
  scan      some of the prints above rasterised at 150-300 dpi, turned by under 1.5°, with noise
            (pdf-corpus.py's scan): read by OCR.

The labels of the tables are never written here: both printers take them from the template's
own Word file (its cells, spans and merged rows), so the one schema stays in src/schema/ and the
template.

Each print's expected content file (our content format, format-spec part B) is written beside
it from the generator's data: a printed blank, "-" or "/" is `""`, a remark ("22（其中修订16件）")
is the number and a `[notes]` entry, a total that does not add up is kept as printed.

Each print is imported with --partial (pdf-corpus.py's `judge`) and is one of
  exact     every cell, note, department, year and edition as printed;
  refused   the import names what it could not read; every cell it wrote is as printed;
  WRONG     a written cell differs from the print (each such cell is listed).
The narrative of each section is compared by its counted characters (CJK, ASCII letters and
digits): same, more (every printed character in order, and something else besides, e.g. the
portal's footer), or lost (a printed character missing or out of order).

  scripts/pdf-unseen.py [-n 60] [--seed 1] [--out /tmp/pdfgen-corpus] [--gongkai BIN]
                        [--scans 6] [--only NAME-PART] [--keep] [--print-only] [--plain-table-two]

A seed always gives the same reports (each from its own random stream), so a finding names a
print by seed and number and `--only s2-008` makes it again. Variations added later only apply
from a later seed: seed 3 on, remarks in any cell of tables 三 and 四, ASCII brackets, numbers
aligned top or bottom in the portal page; seed 5 on, thousands separators ("12,345") and numbers
aligned right or left in the Word cells. `--plain-table-two` drops table 二's remarks (they refuse
a whole print while pdf-findings 01 is open).

Pillow (for scans) is Debian's python3-pil: run the scans with /usr/bin/python3.
Results: OUT/results.md (and stdout); prints, expected files and import logs under OUT.
"""

import argparse
import collections
import html as htmlmod
import importlib.util
import json
import random
import re
import shutil
import sys
import time
import tomllib
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "tests" / "fixtures" / "import" / "template-2021-blank.docx"

# pdf-corpus.py's printers, scan and judge (its file name has a dash: loaded by path).
_spec = importlib.util.spec_from_file_location("pdf_corpus", Path(__file__).with_name("pdf-corpus.py"))
corpus = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(corpus)

CJK_FONTS = ["Noto Serif CJK SC", "Noto Sans CJK SC", "AR PL UMing CN", "WenQuanYi Zen Hei"]
LATIN_FONTS = ["Liberation Serif", "Liberation Sans", "DejaVu Serif", "DejaVu Sans"]

# The content format's keys (format-spec B), in the template's row order.
ACTIVE_KEYS = [("regulations", ["issued", "repealed", "in_force"]),
               ("normative_docs", ["issued", "repealed", "in_force"]),
               ("licensing", None), ("punishment", None), ("coercion", None), ("fees", None)]
RESULT_KEYS = ["disclosed", "partial",
               "withheld.state_secret", "withheld.law_forbidden", "withheld.security_stability",
               "withheld.third_party", "withheld.internal_affairs", "withheld.process_info",
               "withheld.enforcement_file", "withheld.admin_query",
               "unavailable.not_held", "unavailable.needs_creation", "unavailable.unclear",
               "not_processed.petition", "not_processed.duplicate", "not_processed.publication",
               "not_processed.excessive", "not_processed.confirmation",
               "other.no_correction", "other.fee_unpaid", "other.other"]
APP_KEYS = ["new", "carried_over"] + RESULT_KEYS + ["total", "carried_forward"]
REVIEW_KEYS = ["review", "litigation_direct", "litigation_after_review"]


# ---------------------------------------------------------------------------------------------
# The report: who, when, what numbers, what each cell prints.

class Cell:
    """One printed cell: what the page shows, and what the content file must hold."""

    def __init__(self, value, printed=None, note=None):
        self.value = value          # int, a decimal string, or "" (blank)
        self.printed = str(value) if printed is None else printed
        self.note = note            # the remark printed beside the number

    def toml(self):
        return json.dumps(self.value, ensure_ascii=False) if isinstance(self.value, str) else str(self.value)


# Places that exist (province, city, its counties and districts); the bodies are made up.
PLACES = [("安徽省", "宣城市", ["泾县", "宣州区", "广德市"]), ("江西省", "抚州市", ["宜黄县", "临川区"]),
          ("湖南省", "常德市", ["桃源县", "武陵区"]), ("四川省", "绵阳市", ["梓潼县", "涪城区"]),
          ("河北省", "邢台市", ["临城县", "襄都区"]), ("山西省", "长治市", ["沁源县", "潞州区"]),
          ("广西壮族自治区", "玉林市", ["北流市", "玉州区"]), ("内蒙古自治区", "赤峰市", ["宁城县", "红山区"]),
          ("福建省", "三明市", ["尤溪县", "三元区"]), ("贵州省", "遵义市", ["湄潭县", "汇川区"]),
          ("湖北省", "黄冈市", ["英山县", "黄州区"]), ("江苏省", "泰州市", ["兴化市", "海陵区"])]
BUREAUS = ["财政局", "统计局", "自然资源和规划局", "市场监督管理局", "住房和城乡建设局", "农业农村局",
           "交通运输局", "教育体育局", "人力资源和社会保障局", "应急管理局", "医疗保障局"]
COMMITTEES = ["发展和改革委员会", "卫生健康委员会", "民族宗教事务委员会", "教育委员会"]
OFFICES = ["人民政府办公室", "人民政府研究室", "机关事务管理办公室", "人民防空办公室"]
STREETS = ["城关街道", "东城街道", "新华路街道", "人民路街道", "滨江街道", "白沙洲街道", "凤凰山街道"]


def body(rng):
    """(name, kind, self-reference "我县"/"我局"/…) of a new body: short ("泾县财政局") or
    long ("安徽省宣城市泾县财政局")."""
    kind = rng.choice(["gov", "gov", "bureau", "office", "street", "committee"])
    province, city, counties = rng.choice(PLACES)
    county = rng.choice(counties)
    long = rng.random()
    # The local place, with its city (and province) before it or not.
    place = rng.choice([county, county, city]) if kind != "street" else county
    pre = "" if long < 0.5 else (city if long < 0.8 else province + city)
    if place == city:
        pre = "" if long < 0.8 else province
    where = pre + place
    if kind == "gov":
        return where + "人民政府", "government", "我" + place[-1]
    if kind == "bureau":
        return where + rng.choice(BUREAUS), "department", "我局"
    if kind == "committee":
        return where + rng.choice(COMMITTEES), "department", "我委"
    if kind == "office":
        return where + rng.choice(OFFICES), "office", "我办"
    return where + rng.choice(STREETS) + "办事处", "street", "本街道"


def magnitude(rng, scale):
    """A count of the report's scale: 0, a single digit, up to 4-5 digits."""
    if scale == "zero":
        return 0
    hi = {"tiny": 9, "small": 99, "medium": 999, "large": 12345, "huge": 99999}[scale]
    r = rng.random()
    if r < 0.25:
        return 0
    if r < 0.45:
        return rng.randint(1, 9)
    return rng.randint(0, hi)


def spread(rng, n, k, weights):
    """n split over k parts by weights (most parts 0)."""
    parts = [0] * k
    total = sum(weights)
    for _ in range(min(n, 2000)):
        x = rng.random() * total
        for i, w in enumerate(weights):
            x -= w
            if x <= 0:
                parts[i] += 1
                break
    if n > 2000:  # large counts: scale the shares up, the rest to the largest part
        parts = [p * n // 2000 for p in parts]
        parts[max(range(k), key=lambda i: parts[i])] += n - sum(parts)
    return parts


def numbers(rng):
    """Tables 二, 三 and 四 as consistent counts: {key: [int]} (fees a decimal string)."""
    scale = rng.choice(["zero", "tiny", "small", "small", "medium", "large", "huge"])
    active = {}
    for key, fields in ACTIVE_KEYS:
        if key == "fees":
            active[key] = [rng.choice(["0", "0", "12.5", "1563.27", "96171.6", "0.0325", "3",
                                       str(rng.randint(1, 99999)) + "." + str(rng.randint(1, 99))])]
        elif fields:
            issued, repealed = magnitude(rng, "tiny"), magnitude(rng, "tiny")
            active[key] = [issued, repealed, issued + magnitude(rng, "small")]
        else:
            active[key] = [magnitude(rng, rng.choice(["small", "large", "huge"]))]
    # Table 三, column by column: new + carried over = results + carried forward.
    col_weight = [10, 3, 0.3, 0.3, 0.8, 0.6]
    apps = {k: [0] * 7 for k in APP_KEYS}
    res_weight = [20, 6] + [0.3, 0.5, 0.3, 0.8, 0.6, 1, 0.4, 0.5] + [6, 2, 0.8] + [2, 1, 0.2, 0.2, 0.3] + [1, 0.2, 2]
    for c in range(6):
        if rng.random() > col_weight[c] / 10 + 0.2:
            continue
        new = magnitude(rng, scale) if c == 0 else magnitude(rng, scale) // rng.choice([1, 5, 20])
        co = rng.choice([0, 0, rng.randint(0, max(1, new // 10))])
        fwd = rng.choice([0, 0, rng.randint(0, max(0, (new + co) // 8))])
        done = new + co - fwd
        parts = spread(rng, done, len(RESULT_KEYS), res_weight)
        apps["new"][c], apps["carried_over"][c], apps["carried_forward"][c] = new, co, fwd
        for k, v in zip(RESULT_KEYS, parts):
            apps[k][c] = v
        apps["total"][c] = done
    for row in apps.values():
        row[6] = sum(row[:6])
    review = {}
    for k in REVIEW_KEYS:
        hi = rng.choice([0, 3, 20, 400])
        row = [rng.randint(0, hi) if rng.random() < 0.6 else 0 for _ in range(4)]
        review[k] = row + [sum(row)]
    return active, apps, review


def misprint(rng, active, apps, review):
    """Some published tables do not add up: one total printed off (kept as printed). What was
    changed, in words."""
    kind = rng.choice(["R-COL", "R-SUM", "R-BAL", "R-T4"])
    d = rng.choice([1, 2, 10, -1, 3])
    if kind == "R-COL":
        key = rng.choice([k for k in APP_KEYS if apps[k][6] > 1] or ["new"])
        apps[key][6] = max(0, apps[key][6] + d)
        return f"{kind}: applications.{key} 总计 printed {apps[key][6]}"
    if kind == "R-SUM":
        c = rng.randrange(7)
        apps["total"][c] = max(0, apps["total"][c] + d)
        return f"{kind}: applications.total[{c}] printed {apps['total'][c]}"
    if kind == "R-BAL":
        c = rng.randrange(7)
        apps["carried_forward"][c] = max(0, apps["carried_forward"][c] + abs(d))
        return f"{kind}: applications.carried_forward[{c}] printed {apps['carried_forward'][c]}"
    key = rng.choice(REVIEW_KEYS)
    review[key][4] = max(0, review[key][4] + d)
    return f"{kind}: review_litigation.{key} 总计 printed {review[key][4]}"


def cells_of(rng, active, apps, review):
    """Each table's numbers as printed cells: blanks, dashes, slashes and remarks chosen by the
    seed. The blanking mode in words."""
    mode = rng.choice(["none", "none", "zeros-blank", "zeros-dash", "zeros-slash", "some-blank",
                       "total-blank"])
    a = {k: [Cell(v) for v in vals] for k, vals in active.items()}
    t = {k: [Cell(v) for v in vals] for k, vals in apps.items()}
    r = {k: [Cell(v) for v in vals] for k, vals in review.items()}
    mark = {"zeros-blank": "", "zeros-dash": "-", "zeros-slash": "/"}.get(mode)
    if mark is not None:
        for row in t.values():
            for c in row:
                if c.value == 0:
                    c.value, c.printed = "", mark
        if rng.random() < 0.5:  # table 四 the same way
            for row in r.values():
                for c in row:
                    if c.value == 0:
                        c.value, c.printed = "", mark
    elif mode == "some-blank":
        for _ in range(rng.randint(1, 8)):
            c = rng.choice(t[rng.choice(APP_KEYS)])
            c.value, c.printed = "", rng.choice(["", "", "-", "/"])
    elif mode == "total-blank":
        for key in rng.choice([["carried_forward"], RESULT_KEYS]):
            t[key][6].value, t[key][6].printed = "", ""
    # Remarks beside a number of table 二 (sometimes of 三).
    for _ in range(rng.choice([0, 0, 1, 2])):
        key = rng.choice(["regulations", "normative_docs", "licensing", "punishment"])
        i = rng.randrange(len(a[key]))
        c = a[key][i]
        n = rng.randint(2, 40)
        c.value = n
        m = rng.randint(1, n - 1)
        c.note = rng.choice(["其中修订{m}件", "含废止{m}件", "其中简易程序{m}件", "其中{m}件为联合发文"]).format(m=m)
        c.printed = f"{n}（{c.note}）"
    if rng.random() < 0.15:
        c = t["new"][0]
        if isinstance(c.value, int) and c.value > 2:
            m = rng.randint(1, c.value - 1)
            c.note = f"其中网上申请{m}件"
            c.printed = f"{c.value}（{c.note}）"
    return mode, a, t, r


def more_remarks(rng, active, apps, review):
    """Remarks in any cell of tables 三 and 四, and ASCII brackets in some of table 二's (seed 3
    on: seeds 1 and 2 stay as the findings name them). A remark in a narrow cell wraps over
    several lines beside the row's numbers: the digits in it must never be taken for the cell's
    number (pdf-findings 07)."""
    for c in (c for row in active.values() for c in row if c.note):
        if rng.random() < 0.3:
            c.printed = f"{c.value}({c.note})"
    cells = [c for row in list(apps.values()) + list(review.values()) for c in row
             if isinstance(c.value, int) and c.value > 1 and not c.note]
    for c in rng.sample(cells, min(len(cells), rng.choice([0, 1, 1, 2, 3]))):
        m = rng.randint(1, c.value - 1)
        c.note = rng.choice(["其中网上申请{m}件", "含来信{m}件", "其中{m}件已办结", "涉及{m}人"]).format(m=m)
        c.printed = f"{c.value}（{c.note}）"


def thousands(rng, active, apps):
    """Seed 5 on: in one report of four, counts of 1,000 and more printed with a thousands
    separator ("12,345"), as some offices type them. The cell is still the number; two cells
    "12" and "345" would be wrong."""
    if rng.random() < 0.25:
        for row in list(active.values()) + list(apps.values()):
            for c in row:
                if isinstance(c.value, int) and c.value >= 1000 and not c.note:
                    c.printed = f"{c.value:,}"


def narrative(rng, name, me, year, apps):
    """The report's narrative: (preamble, {section: [(is_subheading, text)]})."""
    y = year
    new = apps["new"][6].value if isinstance(apps["new"][6].value, int) else 0
    co = apps["carried_over"][6].value if isinstance(apps["carried_over"][6].value, int) else 0
    n1, n2, n3 = rng.randint(20, 9999), rng.randint(0, 300), rng.randint(0, 60)
    pre = (f"本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和《国务院办公厅政府信息与政务公开"
           f"办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知》（国办公开办函〔2021〕30号）"
           f"要求编制。本报告中所列数据的统计期限自{y}年1月1日起至{y}年12月31日止。如对本报告有疑问，"
           f"请与{name}联系（电话：0{rng.randint(310, 999)}-{rng.randint(1000000, 8999999)}）。")
    overview = [
        (False, f"{y}年，{me}坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻落实《条例》和"
                f"上级关于政务公开的各项部署，围绕“公开为常态、不公开为例外”的原则，推进决策、执行、"
                f"管理、服务、结果公开，各项工作取得新成效。"),
        (True, "（一）主动公开"),
        (False, f"全年通过政府门户网站、政务新媒体等渠道主动公开政府信息{n1}条，其中政策文件{n2}件、"
                f"政策解读{n3}篇；召开新闻发布会{rng.randint(0, 12)}场。"),
        (True, "（二）依申请公开"),
        (False, f"{y}年共收到政府信息公开申请{new}件，上年结转{co}件。所有申请均在法定期限内答复，"
                f"答复率100%。"),
        (True, "（三）政府信息管理"),
        (False, f"严格落实公开前保密审查制度，对{rng.randint(1, 400)}件规范性文件进行清理，"
                f"确保信息发布“三审三校”。"),
        (True, "（四）政府信息公开平台建设"),
        (False, f"优化政府网站栏目设置{rng.randint(1, 30)}个，“{name[-6:]}发布”微信公众号全年推送信息"
                f"{rng.randint(10, 3000)}条。"),
        (True, "（五）监督保障"),
        (False, f"将政务公开工作纳入年度绩效考核，开展业务培训{rng.randint(1, 9)}次、"
                f"参训人员{rng.randint(10, 500)}人次。"),
    ]
    if rng.random() < 0.4:  # a longer overview: a paragraph that wraps over many lines
        overview[2] = (False, overview[2][1] + "重点围绕财政预决算、重大建设项目、公共资源配置、"
                       "社会公益事业建设等领域，及时、准确、全面地公开群众关心关注的信息，"
                       f"其中财政预决算信息{rng.randint(1, 99)}条、重大建设项目信息{rng.randint(0, 999)}条。")
    problems = [
        (False, f"{y}年，{me}政府信息公开工作虽取得一定成效，但仍存在一些不足：一是政策解读形式较为单一；"
                f"二是部分栏目更新不够及时。"),
        (False, f"{y + 1}年，{me}将从以下方面加以改进：（1）丰富解读形式，运用图表、音视频等方式；"
                f"（2）加强栏目日常维护，确保信息发布及时、准确。"),
    ]
    fee = rng.choice([0, 0, rng.randint(10, 9999)])
    other = [(False, f"{y}年，{me}未收取信息处理费。" if fee == 0 else
              f"{y}年，{me}依据《政府信息公开信息处理费管理办法》收取信息处理费{fee}元。")]
    if rng.random() < 0.5:
        other.append((False, f"落实《{y}年政务公开工作要点》情况：各项任务均已完成，完成率100%。"))
    return pre if rng.random() < 0.7 else "", {"overview": overview, "problems": problems, "other": other}


def make_report(seed: int, idx: int, plain_two: bool = False) -> dict:
    rng = random.Random(seed * 100003 + idx)
    name, kind, me = body(rng)
    year = rng.randint(2020, 2025)
    active, apps, review = numbers(rng)
    misprinted = misprint(rng, active, apps, review) if rng.random() < 0.3 else ""
    mode, a, t, r = cells_of(rng, active, apps, review)
    if plain_two:
        # --plain-table-two: table 二 without remarks (they refuse the whole print while
        # pdf-findings 01 is open, hiding what tables 三 and 四 would give).
        for c in (c for row in a.values() for c in row if c.note):
            c.printed, c.note = str(c.value), None
    if seed >= 3:
        more_remarks(random.Random(f"remarks-{seed}-{idx}"), a, t, r)
    if seed >= 5:
        thousands(random.Random(f"thousands-{seed}-{idx}"), a, t)
    pre, sections = narrative(rng, name, me, year, t)
    title_form = rng.choice(["one", "one", "two", "year-first"])
    if title_form == "year-first":
        title = [f"{year}年{name}政府信息公开工作年度报告"]
    elif title_form == "two":
        title = [name, f"{year}年政府信息公开工作年度报告"]
    else:
        title = [f"{name}{year}年政府信息公开工作年度报告"]
    return {"seed": seed, "idx": idx, "rng": rng, "name": name, "kind": kind, "year": year, "title": title,
            "active": a, "apps": t, "review": r, "mode": mode, "misprinted": misprinted,
            "preamble": pre, "sections": sections,
            "published": f"{year + 1}-01-{rng.randint(10, 31):02d}"}


SECTION_HEADINGS = {"overview": "一、总体情况", "problems": "五、存在的主要问题及改进情况",
                    "other": "六、其他需要报告的事项"}


def expected_md(rep: dict, form: str) -> str:
    """The report in the content format, as the print shows it."""
    out = ["+++", f"# Expected import of an unseen print (scripts/pdf-unseen.py, {form});",
           f"# blanking: {rep['mode']}; {rep['misprinted'] or 'totals add up'}.",
           f"department = {json.dumps(rep['name'], ensure_ascii=False)}",
           f"year = {rep['year']}", 'edition = "2021"', "", "[active]"]
    notes = {}
    for key, fields in ACTIVE_KEYS:
        cells = rep["active"][key]
        if fields:
            out.append(f"{key} = {{ " + ", ".join(f"{f} = {c.toml()}" for f, c in zip(fields, cells)) + " }")
            notes.update({f"active.{key}.{f}": c.note for f, c in zip(fields, cells) if c.note})
        else:
            c = cells[0]
            out.append(f"{key} = {json.dumps(str(c.value)) if key == 'fees' else c.toml()}")
            if c.note:
                notes[f"active.{key}"] = c.note
    out += ["", "[applications]"]
    for key in APP_KEYS:
        cells = rep["apps"][key]
        out.append(f"{key} = [" + ", ".join(c.toml() for c in cells) + "]")
        # A remark in a cell of table 三 is keyed by the row and its column's key.
        for c, col in zip(cells, ["natural", "business", "research", "public_interest", "legal_service", "other", "total"]):
            if c.note:
                notes[f"applications.{key}.{col}"] = c.note
    out += ["", "[review_litigation]"]
    for key in REVIEW_KEYS:
        out.append(f"{key} = [" + ", ".join(c.toml() for c in rep["review"][key]) + "]")
        for c, col in zip(rep["review"][key], ["upheld", "corrected", "other", "pending", "total"]):
            if c.note:
                notes[f"review_litigation.{key}.{col}"] = c.note
    if notes:
        out += ["", "[notes]"] + [f"{json.dumps(k)} = {json.dumps(v, ensure_ascii=False)}" for k, v in notes.items()]
    out += ["+++", ""]
    if rep["preamble"]:
        out += [rep["preamble"], ""]
    for sec, paras in rep["sections"].items():
        out += [f"## {SECTION_HEADINGS[sec]}"]
        for sub, text in paras:
            out += [("### " if sub else "") + text, ""]
    return "\n".join(out)


# ---------------------------------------------------------------------------------------------
# The template's tables, read from its Word file: rows of cells with spans and merges.

def template_xml() -> str:
    return zipfile.ZipFile(TEMPLATE).read("word/document.xml").decode("utf-8")


def cell_text(tc: str) -> list:
    """A cell's paragraphs' texts."""
    paras = re.findall(r"<w:p[ >].*?</w:p>", tc, flags=re.S)
    return ["".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", p)) for p in paras]


def is_value_cell(tc: str) -> bool:
    """A cell the template leaves for a number: no text (or only spaces), not a merged
    continuation."""
    return "<w:vMerge" not in tc and not "".join(cell_text(tc)).strip(" \u3000")


def table_kind(tbl: str) -> str:
    return "active" if "第二十条" in tbl else "apps" if "申请人情况" in tbl else "review"


def value_rows(rep: dict, kind: str) -> list:
    """The printed cells of a table, one list per template row that holds numbers."""
    if kind == "active":
        return [rep["active"][k] for k, _ in ACTIVE_KEYS]
    if kind == "apps":
        return [rep["apps"][k] for k in APP_KEYS]
    return [sum((rep["review"][k] for k in REVIEW_KEYS), [])]


# ---------------------------------------------------------------------------------------------
# (a) Word: the template filled in, printed by LibreOffice.

def run_xml(text: str, fonts, sz: int, bold=False) -> str:
    cjk, latin = fonts
    b = "<w:b/><w:bCs/>" if bold else ""
    return (f'<w:r><w:rPr><w:rFonts w:ascii="{latin}" w:hAnsi="{latin}" w:eastAsia="{cjk}" w:cs="{latin}"/>'
            f'{b}<w:sz w:val="{sz}"/><w:szCs w:val="{sz}"/></w:rPr>'
            f'<w:t xml:space="preserve">{htmlmod.escape(text, quote=False)}</w:t></w:r>')


def para_xml(text: str, fonts, sz: int, jc="both", indent=True, bold=False) -> str:
    ind = '<w:ind w:firstLine="420"/>' if indent else ""
    return (f'<w:p><w:pPr><w:spacing w:line="360" w:lineRule="auto"/>{ind}<w:jc w:val="{jc}"/></w:pPr>'
            f"{run_xml(text, fonts, sz, bold)}</w:p>")


def fill_docx(rep: dict, out: Path, opt: dict):
    """The template with the report's title, narrative and numbers, in the variant `opt`."""
    fonts, body_sz, cell_sz = opt["fonts"], opt["body_sz"], opt["cell_sz"]
    src = out.with_suffix(".base.docx")
    corpus.docx_variant(TEMPLATE, src, opt["page"], opt["scale"], fonts)
    with zipfile.ZipFile(src) as z:
        s = z.read("word/document.xml").decode("utf-8")
    # Title: the template's bold centred line, one paragraph per printed line.
    title_p = re.search(r"<w:p[ >](?:(?!</w:p>).)*政府信息公开工作年度报告格式模板.*?</w:p>", s, flags=re.S).group(0)
    s = s.replace(title_p, "".join(para_xml(t, fonts, opt["title_sz"], "center", False, True)
                                   for t in rep["title"]), 1)
    # Narrative: each "（文字描述…）" placeholder, in order 一, 五, 六; the preamble after the title.
    placeholders = re.findall(r"<w:p[ >](?:(?!</w:p>).)*（文字描述.*?</w:p>", s, flags=re.S)
    for ph, sec in zip(placeholders, ["overview", "problems", "other"]):
        paras = "".join(para_xml(t, fonts, body_sz, indent=not sub, bold=sub) for sub, t in rep["sections"][sec])
        s = s.replace(ph, paras, 1)
    if rep["preamble"]:
        first = "".join(para_xml(t, fonts, opt["title_sz"], "center", False, True) for t in rep["title"])
        s = s.replace(first, first + para_xml(rep["preamble"], fonts, body_sz), 1)

    def fill_table(m):
        tbl = m.group(0)
        kind = table_kind(tbl)
        rows = iter(value_rows(rep, kind))
        if kind == "apps" and opt["widths"] != (1.0, 1.0):
            tbl = widen(tbl, *opt["widths"])

        def fill_row(tr):
            tr = tr.group(0)
            if not any(is_value_cell(tc) for tc in re.findall(r"<w:tc>.*?</w:tc>", tr, flags=re.S)):
                return tr
            cells = iter(next(rows))

            def fill_cell(tc):
                tc = tc.group(0)
                if not is_value_cell(tc):
                    return tc
                c = next(cells)
                pr = re.search(r"<w:tcPr>.*?</w:tcPr>", tc, flags=re.S)
                content = (f'<w:p><w:pPr><w:jc w:val="{opt.get("jc", "center")}"/></w:pPr>'
                           f'{run_xml(c.printed, fonts, cell_sz) if c.printed else ""}</w:p>')
                return "<w:tc>" + (pr.group(0) if pr else "") + content + "</w:tc>"
            return re.sub(r"<w:tc>.*?</w:tc>", fill_cell, tr, flags=re.S)
        tbl = re.sub(r"<w:tr[ >].*?</w:tr>", fill_row, tbl, flags=re.S)
        # Labels in the variant's cell size.
        return re.sub(r'<w:(sz|szCs) w:val="\d+"/>', lambda m: f'<w:{m.group(1)} w:val="{cell_sz}"/>', tbl)
    s = re.sub(r"<w:tbl>.*?</w:tbl>", fill_table, s, flags=re.S)
    if opt["landscape"]:
        s = landscape_tables(s)
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = s.encode("utf-8") if item.filename == "word/document.xml" else zin.read(item.filename)
            if item.filename == "docProps/core.xml":
                # The PDF's Title metadata says nothing of the template.
                data = re.sub(rb"<dc:title>.*?</dc:title>", b"", data)
            zout.writestr(item, data)
    src.unlink()


def widen(tbl: str, label: float, number: float) -> str:
    """Table 三 with its label columns scaled by `label` and its number columns by `number`
    (the grid and every cell's width)."""
    grid = [int(w) for w in re.findall(r'<w:gridCol w:w="(\d+)"/>', tbl)]
    grid = [round(w * (label if i < 3 else number)) for i, w in enumerate(grid)]
    tbl = re.sub(r"<w:tblGrid>.*?</w:tblGrid>",
                 "<w:tblGrid>" + "".join(f'<w:gridCol w:w="{w}"/>' for w in grid) + "</w:tblGrid>",
                 tbl, count=1, flags=re.S)
    tbl = re.sub(r'<w:tblW w:w="\d+"', f'<w:tblW w:w="{sum(grid)}"', tbl, count=1)

    def row(tr):
        col = 0

        def cell(tc):
            nonlocal col
            tc = tc.group(0)
            span = int((re.search(r'w:gridSpan w:val="(\d+)"', tc) or [0, 1])[1])
            w = sum(grid[col:col + span])
            col += span
            return re.sub(r'<w:tcW w:w="\d+"', f'<w:tcW w:w="{w}"', tc, count=1)
        return re.sub(r"<w:tc>.*?</w:tc>", cell, tr.group(0), flags=re.S)
    return re.sub(r"<w:tr[ >].*?</w:tr>", row, tbl, flags=re.S)


def landscape_tables(s: str) -> str:
    """Tables 三 and 四 in a landscape section of their own, as offices print wide tables."""
    body_sect = re.search(r"<w:sectPr>(?:(?!<w:sectPr>).)*?</w:sectPr>\s*</w:body>", s, flags=re.S).group(0)
    portrait = body_sect.replace("</w:body>", "").strip()
    dims = re.search(r'<w:pgSz w:w="(\d+)" w:h="(\d+)"', portrait)
    w, h = sorted((int(dims[1]), int(dims[2])))
    land = re.sub(r"<w:pgSz [^>]*/>", f'<w:pgSz w:w="{h}" w:h="{w}" w:orient="landscape"/>', portrait)
    portrait = re.sub(r"<w:pgSz [^>]*/>", f'<w:pgSz w:w="{w}" w:h="{h}"/>', portrait)
    brk = lambda sect: f"<w:p><w:pPr>{sect}</w:pPr></w:p>"
    i = s.index("三、收到和处理")
    p = s.rfind("<w:p ", 0, i)
    p2 = s.rfind("<w:p>", 0, i)
    s = s[:max(p, p2)] + brk(portrait) + s[max(p, p2):]
    i = s.index("五、存在的主要问题")
    p = max(s.rfind("<w:p ", 0, i), s.rfind("<w:p>", 0, i))
    return s[:p] + brk(land) + s[p:]


def word_options(rng) -> dict:
    cjk, latin = rng.choice(CJK_FONTS), rng.choice(LATIN_FONTS)
    # A5 is rare (the template's tables are wider than its paper: cut, and refused so).
    page = rng.choice(["a4"] * 5 + ["a5", "landscape", "landscape"])
    scale = rng.choice([70, 85, 100, 100, 115, 130]) if page != "a5" else rng.choice([70, 85])
    size = lambda points: max(14, points * scale // 100)
    return {"fonts": (cjk, latin), "page": page, "scale": scale,
            "body_sz": size(rng.choice([21, 24, 28, 32])), "title_sz": size(rng.choice([32, 36, 44])),
            "cell_sz": size(rng.choice([16, 18, 20, 21, 24])),
            "widths": rng.choice([(1.0, 1.0), (1.0, 1.0), (0.6, 1.2), (1.3, 0.8), (0.8, 0.7)]),
            "landscape": page != "landscape" and rng.random() < 0.3}


def word_tag(o: dict) -> str:
    f = lambda name: name.split()[0].lower() + ("-" + name.split()[1].lower() if " " in name and "CJK" in name else "")
    w = "" if o["widths"] == (1.0, 1.0) else f"-cols{o['widths'][0]}x{o['widths'][1]}"
    return (f"{o['page']}-{o['scale']}-{f(o['fonts'][0])}-{f(o['fonts'][1])}-{o['cell_sz'] // 2}pt{w}"
            + ("-landscape-tables" if o["landscape"] else "") + (f"-{o['jc']}" if o.get("jc", "center") != "center" else ""))


def print_word(rep: dict, pdf: Path, work: Path, opt: dict):
    docx = work / (pdf.stem + ".docx")
    fill_docx(rep, docx, opt)
    made = corpus.soffice(docx, work)
    if made.exists():
        made.rename(pdf)


# ---------------------------------------------------------------------------------------------
# (b) A portal article page, printed by Chromium.

def html_table(tbl: str, rows, valign: str = "") -> str:
    """The template's Word table as an HTML table (spans and merged rows kept), its value cells
    printing `rows`, aligned `valign` (top, bottom; default middle)."""
    trs = re.findall(r"<w:tr[ >].*?</w:tr>", tbl, flags=re.S)
    grid = []  # per row: [(col, span, texts, value?, vmerge)]
    for tr in trs:
        col, row = 0, []
        for tc in re.findall(r"<w:tc>.*?</w:tc>", tr, flags=re.S):
            span = int((re.search(r'w:gridSpan w:val="(\d+)"', tc) or [0, 1])[1])
            vm = re.search(r"<w:vMerge(?: w:val=\"(\w+)\")?/>", tc)
            merge = None if not vm else ("restart" if vm[1] == "restart" else "continue")
            row.append([col, span, cell_text(tc), is_value_cell(tc), merge, 1])
            col += span
        grid.append(row)
    # Rowspans: a "continue" cell adds to the cell above it that started the merge.
    for r, row in enumerate(grid):
        for cell in row:
            if cell[4] == "continue":
                for up in range(r - 1, -1, -1):
                    above = next((c for c in grid[up] if c[0] == cell[0]), None)
                    if above and above[4] != "continue":
                        above[5] += 1
                        break
    values = iter(rows)
    out = ['<table class="t">']
    for row in grid:
        tds = []
        printed = next(values) if any(c[3] for c in row) else None
        cells = iter(printed or [])
        for col, span, texts, is_value, merge, rowspan in row:
            if merge == "continue":
                continue
            attrs = (f' colspan="{span}"' if span > 1 else "") + (f' rowspan="{rowspan}"' if rowspan > 1 else "")
            if is_value and printed is not None:
                style = f' style="vertical-align:{valign}"' if valign else ""
                tds.append(f'<td class="n"{attrs}{style}>{htmlmod.escape(next(cells).printed)}</td>')
            else:
                tds.append(f"<td{attrs}>" + "<br>".join(htmlmod.escape(t.strip()) for t in texts if t.strip()) + "</td>")
        out.append("<tr>" + "".join(tds) + "</tr>")
    out.append("</table>")
    return "\n".join(out)


def portal_html(rep: dict, rng) -> str:
    """A government portal's article page holding the report."""
    xml = template_xml()
    # Numbers aligned top or bottom in their cells (seed 3 on, see more_remarks).
    valign = "" if rep["seed"] < 3 else random.Random(f"valign-{rep['seed']}-{rep['idx']}").choice(
        ["", "", "top", "bottom"])
    tables = {table_kind(t): html_table(t, value_rows(rep, table_kind(t)), valign)
              for t in re.findall(r"<w:tbl>.*?</w:tbl>", xml, flags=re.S)}
    # The section headings as the template words them, or as many reports do.
    heads = dict(SECTION_HEADINGS)
    if rng.random() < 0.4:
        heads["problems"] = rng.choice(["五、政府信息公开工作存在的主要问题及改进情况", "五、存在的主要问题及改进措施"])
        heads["other"] = rng.choice(["六、其它需要报告的事项", "六、其他需要报告的事项"])
    esc = htmlmod.escape
    title = "".join(rep["title"])
    site = rep["name"][:-4] if rep["name"].endswith("人民政府") else rep["name"]
    parts = [f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{esc(title)}</title>',
             "<style>body{margin:0 auto;max-width:1000px} .top{font-size:22px;padding:8px;border-bottom:3px solid #c00}"
             ".crumb{font-size:13px;color:#555;margin:6px 0} h1{text-align:center;font-size:22px}"
             ".info{text-align:center;font-size:13px;color:#666;border-bottom:1px solid #ddd;padding-bottom:6px}"
             ".content p{text-indent:2em;line-height:1.8} table.t{border-collapse:collapse;margin:8px auto}"
             ".t td{border:1px solid #000;padding:2px 4px;font-size:14px;text-align:center}"
             ".footer{margin-top:20px;border-top:1px solid #ccc;font-size:12px;text-align:center}</style></head><body>",
             f'<div class="top">{esc(site)}门户网站</div>',
             '<div class="crumb">当前位置：首页 &gt; 政府信息公开 &gt; 政府信息公开年报</div>',
             '<div class="article">', "<h1>" + "<br>".join(esc(t) for t in rep["title"]) + "</h1>",
             f'<div class="info">发布时间：{rep["published"]}　来源：{esc(rep["name"])}　'
             f'浏览次数：{rng.randint(10, 9999)}</div>', '<div class="content">']
    if rep["preamble"]:
        parts.append(f"<p>{esc(rep['preamble'])}</p>")

    def section(sec):
        parts.append(f"<p><strong>{esc(heads[sec])}</strong></p>")
        for sub, text in rep["sections"][sec]:
            parts.append(f"<p><strong>{esc(text)}</strong></p>" if sub else f"<p>{esc(text)}</p>")
    section("overview")
    parts += ["<p><strong>二、主动公开政府信息情况</strong></p>", tables["active"],
              "<p><strong>三、收到和处理政府信息公开申请情况</strong></p>", tables["apps"],
              "<p><strong>四、政府信息公开行政复议、行政诉讼情况</strong></p>", tables["review"]]
    section("problems")
    section("other")
    parts += ["</div></div>",
              f'<div class="footer">主办单位：{esc(rep["name"])}　网站标识码：{rng.randint(1000000000, 9999999999)}'
              f"<br>ICP备{rng.randint(10000000, 99999999)}号</div></body></html>"]
    return "\n".join(parts)


def html_options(rng) -> dict:
    return {"page": rng.choice(["A4", "A4", "A5", "A4 landscape"]),
            "scale": rng.choice([70, 85, 100, 115, 130]),
            "furniture": rng.random() < 0.5, "narrow": rng.random() < 0.3,
            "fonts": (rng.choice(CJK_FONTS), rng.choice(LATIN_FONTS))}


def html_tag(o: dict) -> str:
    f = lambda name: name.split()[0].lower()
    return (o["page"].lower().replace(" ", "-") + f"-{o['scale']}-{f(o['fonts'][0])}-{f(o['fonts'][1])}"
            + ("-narrow" if o["narrow"] else "") + ("-furniture" if o["furniture"] else ""))


def print_html(rep: dict, pdf: Path, work: Path, opt: dict):
    page = work / (pdf.stem + ".html")
    page.write_text(corpus.inject(portal_html(rep, rep["rng"]),
                                  corpus.css(opt["page"], opt["scale"], opt["narrow"], opt["fonts"])))
    corpus.chromium(page, pdf, opt["furniture"])


# ---------------------------------------------------------------------------------------------
# Judging: the import against the print.

def counted(c: str) -> bool:
    return c.isascii() and c.isalnum() or "\u4e00" <= c <= "\u9fff"


SECTION_WORDS = {"overview": ["总体情况"], "problems": ["存在的主要问题"], "other": ["其他需要报告", "其它需要报告"]}


def sections_of(md: str) -> dict:
    """The narrative of a content file by section (the preamble before the first heading)."""
    body = md.split("+++", 2)[2] if md.count("+++") >= 2 else md
    out, cur = collections.defaultdict(str), "preamble"
    for line in body.split("\n"):
        if line.startswith("## "):
            cur = next((k for k, words in SECTION_WORDS.items() if any(w in line for w in words)),
                       "tables")
            continue
        out[cur] += line + "\n"
    return out


def compare_narrative(rep: dict, md: str) -> tuple:
    """('same' | 'more' | 'lost', detail): each section's counted characters against the print."""
    got = sections_of(md)
    want = {"preamble": rep["preamble"]}
    want.update({k: "".join(t for _, t in v) for k, v in rep["sections"].items()})
    worst, details = "same", []
    for sec, text in want.items():
        w = [c for c in text if counted(c)]
        g = [c for c in got.get(sec, "") if counted(c)]
        if w == g:
            continue
        at, used = 0, set()
        for k, c in enumerate(w):
            p = g.index(c, at) if c in g[at:] else -1
            if p < 0:
                worst = "lost"
                details.append(f"{sec}: “{''.join(w[max(0, k - 8):k])}[{c}]{''.join(w[k + 1:k + 8])}” "
                               f"lost or out of order")
                break
            used.add(p)
            at = p + 1
        else:
            extra = "".join(c if i not in used else "·" for i, c in enumerate(g))
            extra = re.sub("·+", "…", extra).strip("…")
            if worst == "same":
                worst = "more"
            details.append(f"{sec}: +{len(g) - len(w)} “{extra[:40]}”")
    return worst, "; ".join(details)


def cell_diffs(expected: dict, got: dict) -> list:
    """Every written cell that differs from the print: 'applications.new[3]: printed 12, written 21'."""
    out = []
    for table in corpus.TABLE_NUMERAL:
        w = corpus.flat(expected.get(table, {}), table + ".")
        g = corpus.flat(got.get(table, {}), table + ".")
        for k, gv in g.items():
            wv = w.get(k, "(no such cell)")
            if isinstance(gv, list) and isinstance(wv, list) and len(gv) == len(wv):
                out += [f"{k}[{i}]: printed {a!r}, written {b!r}" for i, (a, b) in enumerate(zip(wv, gv)) if a != b]
            elif gv != wv:
                out.append(f"{k}: printed {wv!r}, written {gv!r}")
    return out


def judge(gongkai: str, pdf: Path, exp_md: Path, rep: dict, work: Path) -> dict:
    expected = tomllib.loads(exp_md.read_text().split("+++")[1])
    result, reason, cells, counts = corpus.judge(gongkai, pdf, expected, work)
    files = list((work / "import").rglob("*.md"))
    r = {"result": result, "reason": reason, "cells": cells, "counts": counts,
         "narrative": "-", "narrative_detail": "", "diffs": [], "edition": ""}
    if files:
        md = files[0].read_text()
        got = tomllib.loads(md.split("+++")[1])
        r["diffs"] = cell_diffs(expected, got)
        if got.get("edition") != expected.get("edition"):
            # The edition picks the template's rows and rules: written wrong, it is a wrong cell.
            r["edition"] = f"edition {got.get('edition')!r}"
            r["diffs"].append(f"edition: printed {expected.get('edition')!r}, written {got.get('edition')!r}")
        r["narrative"], r["narrative_detail"] = compare_narrative(rep, md)
        shutil.copy(files[0], pdf.with_suffix(".imported.md"))
    if r["diffs"]:
        r["result"] = "wrong"
    elif result == "wrong" and r["reason"].split(";")[0] == "notes":
        # Every number as printed, a remark lost or changed: no wrong number, but not exact.
        got_notes = got.get("notes", {})
        lost = {k: v for k, v in expected.get("notes", {}).items() if got_notes.get(k) != v}
        r["result"] = "remark lost"
        r["reason"] = "; ".join(f"{k} = “{v}” written as {got_notes.get(k)!r}" for k, v in lost.items()) \
            + "".join(f"; {k} = “{v}” not printed" for k, v in got_notes.items() if k not in expected.get("notes", {}))
    return r


# ---------------------------------------------------------------------------------------------

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-n", type=int, default=60, help="reports to make (default 60)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", default="/tmp/pdfgen-corpus")
    ap.add_argument("--gongkai", default=str(ROOT / "target" / "debug" / "gongkai"))
    ap.add_argument("--scans", type=int, default=0, help="also scan this many of the prints (OCR: slow)")
    ap.add_argument("--only", default="", help="only prints whose name contains this")
    ap.add_argument("--keep", action="store_true", help="reuse prints already made")
    ap.add_argument("--plain-table-two", action="store_true",
                    help="no remarks in table 二 (they refuse a whole print while pdf-findings 01 is open)")
    ap.add_argument("--print-only", action="store_true", help="make the prints, import nothing")
    ap.add_argument("--html-share", type=float, default=0.4, help="share of reports printed as web pages")
    args = ap.parse_args()
    out = Path(args.out).resolve()
    args.gongkai = str(Path(args.gongkai).resolve())
    prints, work = out / "prints", out / "work"
    prints.mkdir(parents=True, exist_ok=True)
    work.mkdir(parents=True, exist_ok=True)
    started = time.time()

    jobs = []  # (name, printer, variant, report, pdf, expected)
    for i in range(args.n):
        rep = make_report(args.seed, i, args.plain_table_two)
        rng = rep["rng"]
        form = "html" if rng.random() < args.html_share else "word"
        opt = html_options(rng) if form == "html" else word_options(rng)
        if form == "word" and args.seed >= 5:
            # Numbers aligned right or left in their cells, as many offices set them (seed 5 on).
            opt["jc"] = random.Random(f"jc-{args.seed}-{i}").choice(["center", "right", "left", "right"])
        tag = html_tag(opt) if form == "html" else word_tag(opt)
        name = f"s{args.seed}-{i:03d}_{form}_{tag}"
        pdf, exp = prints / f"{name}.pdf", prints / f"{name}.expected.md"
        printer = "chromium (portal page)" if form == "html" else "libreoffice (Word template)"
        jobs.append([name, printer, tag, rep, pdf, exp, form, opt])
    scans = [j for j in jobs if j[6] == "word"][: args.scans // 2] + [j for j in jobs if j[6] == "html"][: args.scans - args.scans // 2]
    corpus_rows = []
    t_print = time.time()
    for name, printer, tag, rep, pdf, exp, form, opt in jobs:
        if args.only and args.only not in name:
            continue
        exp.write_text(expected_md(rep, f"{printer}, {tag}"))
        if not (args.keep and pdf.exists()):
            (print_html if form == "html" else print_word)(rep, pdf, work, opt)
        if pdf.exists():
            corpus_rows.append((name, printer, tag, rep, pdf, exp))
        else:
            print(f"not made: {name}", file=sys.stderr)
    for k, (name, printer, tag, rep, pdf, exp, form, opt) in enumerate(scans):
        if not pdf.exists():
            continue
        rr = random.Random(args.seed * 7 + k)
        dpi, angle, noise = rr.choice([150, 200, 250, 300]), round(rr.uniform(-1.5, 1.5), 1), rr.choice([16, 24, 32])
        sname = f"{name.split('_')[0]}_scan-{form}_{dpi}dpi-{angle}deg-noise{noise}"
        if args.only and args.only not in sname:
            continue
        spdf = prints / f"{sname}.pdf"
        sexp = prints / f"{sname}.expected.md"
        shutil.copy(exp, sexp)
        if not (args.keep and spdf.exists()):
            corpus.scan(pdf, spdf, dpi, angle, work, noise)
        if spdf.exists():
            corpus_rows.append((sname, "scan (OCR)", f"{dpi} dpi, {angle}°, noise {noise}", rep, spdf, sexp))
    t_import = time.time()
    if args.print_only:
        print(f"{len(corpus_rows)} prints made in {t_import - t_print:.0f} s")
        return 0

    rows = []
    for name, printer, tag, rep, pdf, exp in corpus_rows:
        r = judge(args.gongkai, pdf, exp, rep, work)
        r["exp"] = exp
        rows.append((name, printer, tag, rep, r))
        flag = r["result"].upper() if r["result"] == "wrong" else r["result"]
        print(f"{flag:8} {name}  {r['reason']}  [narrative {r['narrative']}] {r['edition']}"
              + ("".join(f"\n         ! {d}" for d in r["diffs"][:6])), flush=True)
    t_end = time.time()

    lines = [f"Unseen prints: seed {args.seed}, {len(rows)} prints; made in {t_import - t_print:.0f} s, "
             f"imported in {t_end - t_import:.0f} s (binary {args.gongkai}).", "",
             "| print | printer | variant | blanking; totals | result | reason / wrong cells | cells written | narrative |",
             "|---|---|---|---|---|---|---|---|"]
    for name, printer, tag, rep, r in rows:
        what = "; ".join(r["diffs"][:4]) if r["diffs"] else r["reason"]
        what += (" " + r["edition"]) if r["edition"] else ""
        res = "**WRONG**" if r["result"] == "wrong" else r["result"]
        lines.append(f"| {name} | {printer} | {tag} | {rep['mode']}; {rep['misprinted'] or 'add up'} | {res} | "
                     f"{what} | {r['cells']} | {r['narrative']} {r['narrative_detail'][:120]} |")
    by = collections.defaultdict(collections.Counter)
    for name, printer, tag, rep, r in rows:
        by[printer][r["result"]] += 1
        by[printer]["narrative " + r["narrative"]] += 1
    lines += ["", "| printer | prints | exact | refused | **WRONG** | remark lost | name misread | narrative same / more / lost |",
              "|---|---|---|---|---|---|---|---|"]
    tot = collections.Counter()
    for p, c in sorted(by.items()):
        tot.update(c)
        n = c["exact"] + c["refused"] + c["wrong"] + c["name misread"] + c["remark lost"]
        lines.append(f"| {p} | {n} | {c['exact']} | {c['refused']} | {c['wrong']} | {c['remark lost']} | {c['name misread']} | "
                     f"{c['narrative same']} / {c['narrative more']} / {c['narrative lost']} |")
    n = tot["exact"] + tot["refused"] + tot["wrong"] + tot["name misread"] + tot["remark lost"]
    lines.append(f"| **all** | {n} | {tot['exact']} | {tot['refused']} | {tot['wrong']} | {tot['remark lost']} | {tot['name misread']} | "
                 f"{tot['narrative same']} / {tot['narrative more']} / {tot['narrative lost']} |")
    # By variant: the page (and scan settings), the blanking, whether the totals add up.
    def page_of(printer, tag):
        if printer.startswith("scan"):
            return tag.split(",")[0]
        return tag.split("-")[0] + ("-landscape" if tag.startswith("a4-landscape") else "")
    for title, key in (("page", lambda r: page_of(r[1], r[2])),
                       ("blanking", lambda r: r[3]["mode"]),
                       ("totals", lambda r: "add up" if not r[3]["misprinted"] else r[3]["misprinted"].split(":")[0]),
                       ("remarks printed", lambda r: "yes" if "[notes]" in Path(str(r[4]["exp"])).read_text() else "no")):
        by_v = collections.defaultdict(collections.Counter)
        for row in rows:
            by_v[(row[1], key(row))][row[4]["result"]] += 1
        lines += ["", f"| printer | {title} | exact | refused | **WRONG** | remark lost | name misread |",
                  "|---|---|---|---|---|---|---|"]
        for (p, v), c in sorted(by_v.items()):
            lines.append(f"| {p} | {v} | {c['exact']} | {c['refused']} | {c['wrong']} | {c['remark lost']} | {c['name misread']} |")
    reasons = collections.Counter((r[1], corpus.reason_class(r[4]["reason"])) for r in rows if r[4]["result"] == "refused")
    lines += ["", "| printer | refusal reason | prints |", "|---|---|---|"]
    lines += [f"| {p} | {why} | {k} |" for (p, why), k in reasons.most_common()]
    scans_done = [r for r in rows if r[1].startswith("scan")]
    if scans_done:
        lines += ["", "| scan | variant | cells read exactly | wrong | not written | tables with a cell not written and not named |",
                  "|---|---|---|---|---|---|"]
        for name, printer, tag, rep, r in scans_done:
            c = r["counts"]
            if "right" not in c:
                lines.append(f"| {name} | {tag} | 0 | 0 | all (nothing written) | - |")
            else:
                lines.append(f"| {name} | {tag} | {c['right']} | {c['wrong']} | {c['unwritten']} | "
                             f"{', '.join(c['unnamed']) or 'none'} |")
    report = "\n".join(lines) + "\n"
    (out / "results.md").write_text(report)
    print(report)
    print(f"total {time.time() - started:.0f} s")
    return 1 if tot["wrong"] else 0


if __name__ == "__main__":
    sys.exit(main())
