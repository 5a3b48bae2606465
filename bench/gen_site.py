#!/usr/bin/env python3
"""Write a synthetic gongkai site of N annual reports (content format: format-spec part B).

Adapted from the team's shared bench harness: departments make no 规章 (S-REGS) and 现行有效件数
carries over from year to year (X-INFORCE), so a correct `gongkai check` reports nothing at all.

    gen-site.py N OUTDIR [--years 2016-2025] [--seed 1]

Reports are spread over the years (departments = ceil(N / years)); every report's tables satisfy
every rule (R-BAL, R-COL, R-SUM, R-T4) and carried_over equals last year's carried_forward, so a
correct `gongkai check` reports no error. Years before 2019 use edition "free", 2019-2020 "2019",
later years "2021". Output is deterministic for a given (N, years, seed).
"""
import argparse, math, os, random, shutil

CORES = ["发展和改革局", "教育局", "科学技术局", "工业和信息化局", "公安分局", "民政局", "司法局", "财政局",
         "人力资源和社会保障局", "自然资源和规划分局", "生态环境分局", "住房和城乡建设局", "交通运输局", "水利局",
         "农业农村局", "商务局", "文化和旅游局", "卫生健康委员会", "退役军人事务局", "应急管理局", "审计局",
         "市场监督管理局", "统计局", "医疗保障局", "城市管理局", "体育局", "信访局", "档案馆", "人民政府办公室"]
AREAS = ["东城区", "西城区", "南湖区", "北山县", "清河县", "云溪区", "平阳县", "临江区", "石桥镇", "望海街道"]
PHRASES = ["认真贯彻落实《中华人民共和国政府信息公开条例》", "坚持以公开为常态、不公开为例外", "围绕中心工作和群众关切",
           "进一步完善政府信息公开工作机制", "持续加强政策解读和回应关切", "依法依规做好依申请公开工作",
           "全面推进决策、执行、管理、服务、结果公开", "加强政府网站和政务新媒体建设", "严格落实保密审查制度",
           "及时更新行政许可和行政处罚信息", "畅通政府信息公开申请渠道", "按时答复公开申请",
           "工作人员业务能力仍需进一步提升", "信息发布的及时性和规范性有待加强", "下一步将加强培训和督促检查",
           "推动政府信息公开工作向基层延伸", "财政预决算信息按要求全部公开", "重大建设项目信息及时公开"]
LEAVES_2021 = ["disclosed", "partial"] + [f"withheld.{k}" for k in ["state_secret", "law_forbidden",
    "security_stability", "third_party", "internal_affairs", "process_info", "enforcement_file", "admin_query"]] \
    + [f"unavailable.{k}" for k in ["not_held", "needs_creation", "unclear"]] \
    + [f"not_processed.{k}" for k in ["petition", "duplicate", "publication", "excessive", "confirmation"]] \
    + [f"other.{k}" for k in ["no_correction", "fee_unpaid", "other"]]
LEAVES_2019 = LEAVES_2021[:-3] + ["other"]
WEIGHTS = {"disclosed": 8, "partial": 2, "unavailable.not_held": 4, "not_processed.petition": 2,
           "not_processed.duplicate": 1, "withheld.third_party": 1, "withheld.process_info": 1}


def para(rng, n):
    return "，".join(rng.choice(PHRASES) for _ in range(n)) + "。"


def split(rng, total, leaves):
    """Distribute `total` applications over the result leaves, column by column."""
    out = {k: [0] * 6 for k in leaves}
    for c in range(6):
        for _ in range(total[c]):
            k = rng.choices(leaves, weights=[WEIGHTS.get(k, 0.2) for k in leaves])[0]
            out[k][c] += 1
    return out


def row(v):
    return "[" + ", ".join(str(x) for x in v + [sum(v)]) + "]"


def report(rng, name, year, carried_over, in_force):
    edition = "free" if year < 2019 else ("2019" if year < 2021 else "2021")
    lines = ["+++", f'department = "{name}"', f"year = {year}", f'edition = "{edition}"',
             f"published = {year + 1}-01-{rng.randint(10, 31):02d}"]
    carried_forward = [0] * 6
    if edition != "free":
        new = [rng.randint(0, 40), rng.randint(0, 6), rng.randint(0, 1), 0, rng.randint(0, 2), rng.randint(0, 2)]
        avail = [a + b for a, b in zip(new, carried_over)]
        carried_forward = [rng.randint(0, min(2, a)) for a in avail]
        done = [a - f for a, f in zip(avail, carried_forward)]
        leaves = LEAVES_2021 if edition == "2021" else LEAVES_2019
        res = split(rng, done, leaves)
        lines.append("\n[active]")
        if edition == "2021":
            lines.append("regulations = { issued = 0, repealed = 0, in_force = 0 }")
            i = rng.randint(0, 5)
            x = rng.randint(0, min(i, in_force.get("n", 0)))
            in_force["n"] = in_force.get("n", rng.randint(0, 40)) + i - x
            lines.append(f"normative_docs = {{ issued = {i}, repealed = {x}, in_force = {in_force['n']} }}")
            lines += [f"licensing = {rng.randint(0, 3000)}", f"punishment = {rng.randint(0, 500)}",
                      f"coercion = {rng.randint(0, 50)}", f'fees = "{rng.randint(0, 99999) / 100:.2f}"']
        else:
            lines.append("regulations = { new_made = 0, new_published = 0, total_published = 0 }")
            i = rng.randint(0, 5)
            lines.append(f"normative_docs = {{ new_made = {i}, new_published = {i}, total_published = {i + rng.randint(0, 40)} }}")
            for k in ["licensing", "other_services", "punishment", "coercion"]:
                lines.append(f"{k} = {{ prev_items = {rng.randint(0, 300)}, delta = {rng.randint(-20, 20)}, decisions = {rng.randint(0, 3000)} }}")
            lines += [f"fees = {{ prev_items = {rng.randint(0, 10)}, delta = {rng.randint(-2, 2)} }}",
                      f'procurement = {{ projects = {rng.randint(0, 9)}, amount = "{rng.randint(0, 9999)}万元" }}']
        lines.append("\n[applications]")
        lines.append(f"new = {row(new)}")
        lines.append(f"carried_over = {row(carried_over)}")
        for k in leaves:
            lines.append(f"{k} = {row(res[k])}")
        lines.append(f"total = {row(done)}")
        lines.append(f"carried_forward = {row(carried_forward)}")
        lines.append("\n[review_litigation]")
        for g in ["review", "litigation_direct", "litigation_after_review"]:
            v = [rng.randint(0, 3), rng.randint(0, 1), rng.randint(0, 1), rng.randint(0, 1)]
            lines.append(f"{g} = {row(v)}")
    lines.append("+++")
    lines.append(f"本报告根据《中华人民共和国政府信息公开条例》编制。本报告所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。\n")
    lines.append("## 一、总体情况\n")
    for sub in ["（一）主动公开", "（二）依申请公开", "（三）政府信息管理", "（四）政府信息公开平台建设", "（五）监督保障"]:
        lines.append(f"**{sub}**\n\n{year}年，{name}{para(rng, 4)}\n")
    lines.append("## 五、存在的主要问题及改进情况\n")
    lines.append(f"{para(rng, 5)}\n\n{year + 1}年，我单位将{para(rng, 4)}\n")
    lines.append("## 六、其他需要报告的事项\n")
    lines.append("本年度未收取政府信息公开信息处理费。\n")
    return "\n".join(lines), carried_forward


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("n", type=int)
    ap.add_argument("out")
    ap.add_argument("--years", default="2016-2025")
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    y0, y1 = map(int, a.years.split("-"))
    years = list(range(y0, y1 + 1))
    ndept = math.ceil(a.n / len(years))
    rng = random.Random(a.seed)
    if os.path.exists(a.out):
        shutil.rmtree(a.out)
    os.makedirs(os.path.join(a.out, "content"))
    with open(os.path.join(a.out, "site.toml"), "w", encoding="utf-8") as f:
        f.write(f'title = "示例政府信息公开工作年度报告平台（{a.n}份）"\nbase_url = "/"\nlanguage = "zh-CN"\n')
    depts = []
    with open(os.path.join(a.out, "content", "departments.toml"), "w", encoding="utf-8") as f:
        for d in range(ndept):
            area, core = AREAS[d % len(AREAS)], CORES[(d // len(AREAS)) % len(CORES)]
            n = d // (len(AREAS) * len(CORES))
            name = f"{area}{core}" + (f"第{n + 1}分部" if n else "")
            slug = f"dept-{d:05d}"
            depts.append((slug, name))
            f.write(f'[{slug}]\nname = "{name}"\nkind = "department"\norder = {d}\n\n')
    written = 0
    for slug, name in depts:
        carried = [0] * 6
        in_force = {}
        for y in years:
            if written >= a.n:
                break
            text, carried = report(rng, name, y, carried, in_force)
            d = os.path.join(a.out, "content", str(y))
            os.makedirs(d, exist_ok=True)
            with open(os.path.join(d, f"{slug}.md"), "w", encoding="utf-8") as f:
                f.write(text)
            written += 1
    print(f"wrote {written} reports for {len(depts)} departments over {len(years)} years into {a.out}")


if __name__ == "__main__":
    main()
