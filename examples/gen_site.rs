//! Write a synthetic gongkai site of N reports, for benchmarks and scale tests.
//!
//!     cargo run --release --example gen_site -- N OUTDIR [--years 2016-2025] [--seed 1]
//!
//! A port of the shared harness's gen-site.py: reports are spread over the years (departments =
//! ceil(N / years)); every table satisfies every arithmetic rule, carried_over equals last
//! year's carried_forward and documents in force carry over, so `gongkai check` finds nothing. Years before 2019 use edition
//! "free", 2019–2020 "2019", later "2021". Deterministic for a given (N, years, seed).

use gongkai::schema::{self, Edition, RowRole};
use std::fmt::Write as _;
use std::path::Path;

const CORES: &[&str] = &[
    "发展和改革局",
    "教育局",
    "科学技术局",
    "工业和信息化局",
    "公安分局",
    "民政局",
    "司法局",
    "财政局",
    "人力资源和社会保障局",
    "自然资源和规划分局",
    "生态环境分局",
    "住房和城乡建设局",
    "交通运输局",
    "水利局",
    "农业农村局",
    "商务局",
    "文化和旅游局",
    "卫生健康委员会",
    "退役军人事务局",
    "应急管理局",
    "审计局",
    "市场监督管理局",
    "统计局",
    "医疗保障局",
    "城市管理局",
    "体育局",
    "信访局",
    "档案馆",
    "人民政府办公室",
];
const AREAS: &[&str] = &[
    "东城区",
    "西城区",
    "南湖区",
    "北山县",
    "清河县",
    "云溪区",
    "平阳县",
    "临江区",
    "石桥镇",
    "望海街道",
];
const PHRASES: &[&str] = &[
    "认真贯彻落实《中华人民共和国政府信息公开条例》",
    "坚持以公开为常态、不公开为例外",
    "围绕中心工作和群众关切",
    "进一步完善政府信息公开工作机制",
    "持续加强政策解读和回应关切",
    "依法依规做好依申请公开工作",
    "全面推进决策、执行、管理、服务、结果公开",
    "加强政府网站和政务新媒体建设",
    "严格落实保密审查制度",
    "及时更新行政许可和行政处罚信息",
    "畅通政府信息公开申请渠道",
    "按时答复公开申请",
    "工作人员业务能力仍需进一步提升",
    "信息发布的及时性和规范性有待加强",
    "下一步将加强培训和督促检查",
    "推动政府信息公开工作向基层延伸",
    "财政预决算信息按要求全部公开",
    "重大建设项目信息及时公开",
];
const SUBHEADINGS: &[&str] = &[
    "（一）主动公开",
    "（二）依申请公开",
    "（三）政府信息管理",
    "（四）政府信息公开平台建设",
    "（五）监督保障",
];

/// SplitMix64: small, fast and deterministic everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in lo..=hi.
    fn int(&mut self, lo: i64, hi: i64) -> i64 {
        lo + (self.next() % ((hi - lo + 1) as u64)) as i64
    }
    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[self.next() as usize % xs.len()]
    }
    fn weighted(&mut self, weights: &[f64]) -> usize {
        let total: f64 = weights.iter().sum();
        let mut x = (self.next() >> 11) as f64 / (1u64 << 53) as f64 * total;
        for (i, w) in weights.iter().enumerate() {
            if x < *w {
                return i;
            }
            x -= w;
        }
        weights.len() - 1
    }
}

fn weight(key: &str) -> f64 {
    match key {
        "disclosed" => 8.0,
        "partial" => 2.0,
        "unavailable.not_held" => 4.0,
        "not_processed.petition" => 2.0,
        "not_processed.duplicate" | "withheld.third_party" | "withheld.process_info" => 1.0,
        _ => 0.2,
    }
}

fn para(rng: &mut Rng, n: usize) -> String {
    (0..n)
        .map(|_| rng.pick(PHRASES))
        .collect::<Vec<_>>()
        .join("，")
        + "。"
}

fn row(v: &[i64]) -> String {
    let total: i64 = v.iter().sum();
    let parts: Vec<String> = v.iter().chain([&total]).map(|x| x.to_string()).collect();
    format!("[{}]", parts.join(", "))
}

/// One report. `in_force` carries 行政规范性文件 现行有效件数 from year to year (X-INFORCE);
/// departments make no 规章 (S-REGS), so a correct `check` finds no warning either.
fn report(
    rng: &mut Rng,
    name: &str,
    year: i32,
    carried_over: [i64; 6],
    in_force: &mut Option<i64>,
) -> (String, [i64; 6]) {
    let edition = Edition::for_year(year);
    let mut s = String::with_capacity(8192);
    let _ = writeln!(
        s,
        "+++\ndepartment = \"{name}\"\nyear = {year}\nedition = \"{}\"\npublished = {}-01-{:02}",
        edition.id(),
        year + 1,
        rng.int(10, 31)
    );
    let mut carried_forward = [0i64; 6];
    if edition.has_tables() {
        let new = [
            rng.int(0, 40),
            rng.int(0, 6),
            rng.int(0, 1),
            0,
            rng.int(0, 2),
            rng.int(0, 2),
        ];
        let mut done = [0i64; 6];
        for c in 0..6 {
            let avail = new[c] + carried_over[c];
            carried_forward[c] = rng.int(0, avail.min(2));
            done[c] = avail - carried_forward[c];
        }
        let leaves: Vec<&str> = schema::application_rows(edition)
            .filter(|r| r.role == RowRole::Result)
            .map(|r| r.key)
            .collect();
        let weights: Vec<f64> = leaves.iter().map(|k| weight(k)).collect();
        let mut res = vec![[0i64; 6]; leaves.len()];
        for c in 0..6 {
            for _ in 0..done[c] {
                res[rng.weighted(&weights)][c] += 1;
            }
        }
        s.push_str("\n[active]\n");
        if edition == Edition::E2021 {
            s.push_str("regulations = { issued = 0, repealed = 0, in_force = 0 }\n");
            let before = in_force.unwrap_or_else(|| rng.int(0, 40));
            let issued = rng.int(0, 5);
            let repealed = rng.int(0, issued.min(before));
            let now = before + issued - repealed;
            *in_force = Some(now);
            let _ = writeln!(
                s,
                "normative_docs = {{ issued = {issued}, repealed = {repealed}, in_force = {now} }}"
            );
            let _ = writeln!(
                s,
                "licensing = {}\npunishment = {}\ncoercion = {}\nfees = \"{:.2}\"",
                rng.int(0, 3000),
                rng.int(0, 500),
                rng.int(0, 50),
                rng.int(0, 99999) as f64 / 100.0
            );
        } else {
            s.push_str("regulations = { new_made = 0, new_published = 0, total_published = 0 }\n");
            let i = rng.int(0, 5);
            let _ = writeln!(
                s,
                "normative_docs = {{ new_made = {i}, new_published = {i}, total_published = {} }}",
                i + rng.int(0, 40)
            );
            for k in ["licensing", "other_services", "punishment", "coercion"] {
                let _ = writeln!(
                    s,
                    "{k} = {{ prev_items = {}, delta = {}, decisions = {} }}",
                    rng.int(0, 300),
                    rng.int(-20, 20),
                    rng.int(0, 3000)
                );
            }
            let _ = writeln!(
                s,
                "fees = {{ prev_items = {}, delta = {} }}\nprocurement = {{ projects = {}, amount = \"{}万元\" }}",
                rng.int(0, 10),
                rng.int(-2, 2),
                rng.int(0, 9),
                rng.int(0, 9999)
            );
        }
        s.push_str("\n[applications]\n");
        let _ = writeln!(
            s,
            "new = {}\ncarried_over = {}",
            row(&new),
            row(&carried_over)
        );
        for (k, v) in leaves.iter().zip(&res) {
            let _ = writeln!(s, "{k} = {}", row(v));
        }
        let _ = writeln!(
            s,
            "total = {}\ncarried_forward = {}",
            row(&done),
            row(&carried_forward)
        );
        s.push_str("\n[review_litigation]\n");
        for g in &schema::REVIEW_GROUPS {
            let v = [rng.int(0, 3), rng.int(0, 1), rng.int(0, 1), rng.int(0, 1)];
            let _ = writeln!(s, "{} = {}", g.key, row(&v));
        }
    }
    let _ = writeln!(
        s,
        "+++\n本报告根据《中华人民共和国政府信息公开条例》编制。本报告所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。\n\n## 一、总体情况\n"
    );
    for sub in SUBHEADINGS {
        let _ = writeln!(s, "**{sub}**\n\n{year}年，{name}{}\n", para(rng, 4));
    }
    let _ = writeln!(
        s,
        "## 五、存在的主要问题及改进情况\n\n{}\n\n{}年，我单位将{}\n\n## 六、其他需要报告的事项\n\n本年度未收取政府信息公开信息处理费。",
        para(rng, 5),
        year + 1,
        para(rng, 4)
    );
    (s, carried_forward)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let usage = "usage: gen_site N OUTDIR [--years 2016-2025] [--seed 1]";
    let n: usize = args.first().and_then(|a| a.parse().ok()).expect(usage);
    let out = Path::new(args.get(1).expect(usage));
    let opt = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1).cloned())
    };
    let years = opt("--years").unwrap_or_else(|| "2016-2025".into());
    let (y0, y1) = years.split_once('-').expect("--years FROM-TO");
    let (y0, y1): (i32, i32) = (y0.parse().expect("year"), y1.parse().expect("year"));
    let seed: u64 = opt("--seed").map(|s| s.parse().expect("seed")).unwrap_or(1);
    let years: Vec<i32> = (y0..=y1).collect();
    let ndept = n.div_ceil(years.len());
    let mut rng = Rng(seed);
    if out.exists() {
        std::fs::remove_dir_all(out).expect("remove the old site");
    }
    std::fs::create_dir_all(out.join("content")).expect("create the site");
    std::fs::write(
        out.join("site.toml"),
        format!("title = \"示例政府信息公开工作年度报告平台（{n}份）\"\nbase_url = \"/\"\nlanguage = \"zh-CN\"\n"),
    )
    .expect("write site.toml");
    let mut deps = String::new();
    let mut depts = vec![];
    for d in 0..ndept {
        let (area, core) = (
            AREAS[d % AREAS.len()],
            CORES[(d / AREAS.len()) % CORES.len()],
        );
        let k = d / (AREAS.len() * CORES.len());
        let name = if k > 0 {
            format!("{area}{core}第{}分部", k + 1)
        } else {
            format!("{area}{core}")
        };
        let slug = format!("dept-{d:05}");
        let _ = writeln!(
            deps,
            "[{slug}]\nname = \"{name}\"\nkind = \"department\"\norder = {d}\n"
        );
        depts.push((slug, name));
    }
    std::fs::write(out.join("content/departments.toml"), deps).expect("write departments.toml");
    for y in &years {
        std::fs::create_dir_all(out.join(format!("content/{y}"))).expect("create year folder");
    }
    let mut written = 0;
    for (slug, name) in &depts {
        let mut carried = [0i64; 6];
        let mut in_force = None;
        for &y in &years {
            if written >= n {
                break;
            }
            let (text, next) = report(&mut rng, name, y, carried, &mut in_force);
            carried = next;
            std::fs::write(out.join(format!("content/{y}/{slug}.md")), text).expect("write report");
            written += 1;
        }
    }
    println!(
        "wrote {written} reports for {} departments over {} years into {}",
        depts.len(),
        years.len(),
        out.display()
    );
}
