#!/usr/bin/env python3
"""A corpus of PDF prints of the shared fixtures, imported by `gongkai import` and compared cell by
cell with the expected content (issue 23).

Prints (into OUT/prints, out of git):
  - each expected content file (reports/NNN_*.expected.md) built into a portal by gongkai and its
    report page printed by Chromium, as published and with every 0 of table 三 left blank (as
    many reports print it), on A4 / A5 / A4 landscape, at 70-130 % scale, with and without the
    browser's running heads and page numbers, narrow tables (wrapped labels); the text in a CJK
    font (Noto Serif CJK SC; some prints WenQuanYi Zen Hei or AR PL UMing, Debian's
    fonts-wqy-zenhei and fonts-arphic-uming) and Latin digits in another (DejaVu Serif, or
    Liberation Serif, Times New Roman's metrics, from fonts-liberation2);
  - each Word fixture printed by LibreOffice (its fonts set to Noto Serif CJK SC for Chinese and
    DejaVu Serif for Latin, or the other fonts above, page A4 / A5 / landscape, text scaled
    70-130 %) and saved as HTML by LibreOffice then printed by Chromium; and with table 三's zeros
    left blank (both printers);
  - each text fixture (reports/*.txt) printed by LibreOffice;
  - with --scans, a scan of each real PDF (fixtures/pdf): rasterised at 150-300 dpi, turned by
    under a degree, with noise (Pillow), wrapped back into a PDF (img2pdf): read by OCR.

Each print is imported with --partial; the result is one of
  exact     every table cell, note, department and year as expected;
  refused   the import lists what it could not read (the reason: its first "missing:" line);
            every cell it did write must still be right;
  wrong     a written cell differs from the expected content.
The table (per printer and variant) goes to stdout and OUT/results.md.

  scripts/pdf-corpus.py [--fixtures ../shared/fixtures] [--out target/pdf-corpus] [--scans]
"""

import argparse
import collections
import os
import random
import re
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CJK = "Noto Serif CJK SC"
LATIN = "DejaVu Serif"
# Other fonts a print may use (CJK, Latin): installed when found by fc-list, else skipped.
WQY = ("WenQuanYi Zen Hei", "Liberation Serif")
UMING = ("AR PL UMing CN", "Liberation Serif")


def have_fonts(fonts) -> bool:
    out = run(["fc-list", ":", "family"]).stdout
    return all(f in out for f in fonts)


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, **kw)


def chromium(html: Path, pdf: Path, furniture: bool):
    cmd = [
        os.environ.get("CHROMIUM", "chromium"),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        f"--print-to-pdf={pdf}",
    ]
    if not furniture:
        cmd.append("--no-pdf-header-footer")
    cmd.append(html.as_uri())
    run(cmd, timeout=120)


def css(page: str, scale: int, narrow: bool, fonts=(CJK, LATIN)) -> str:
    cjk, latin = fonts
    s = f"""@page {{ size: {page}; margin: 15mm; }}
html {{ zoom: {scale}%; }}
body, td, th, p, h1, h2, h3, div, span {{ font-family: "{latin}", "{cjk}" !important; }}
"""
    if narrow:
        s += "table { width: 70% !important; } td, th { padding: 1px !important; }\n"
    return s


def inject(html: str, style: str) -> str:
    tag = f"<style>{style}</style>"
    return html.replace("</head>", tag + "</head>", 1) if "</head>" in html else tag + html


def blank_zeros(md: str) -> str:
    """The content file with every 0 of [applications] written as a blank cell."""
    out, section = [], None
    for line in md.split("\n"):
        m = re.match(r"^\[(\w+)\]", line)
        if m:
            section = m.group(1)
        elif line.startswith("+++"):
            section = None
        if section == "applications" and "=" in line and "[" in line:
            key, arr = line.split("=", 1)
            arr = re.sub(r"(?<=[\[ ,])0(?=[,\]])", '""', arr.replace(", ", ","))
            line = key + "= " + arr.strip().replace(",", ", ")
        out.append(line)
    return "\n".join(out)


def portal_page(gongkai: str, md: Path, text: str, work: Path) -> Path:
    """The report page of `text` built into a fresh portal by gongkai."""
    site = work / "site"
    shutil.rmtree(site, ignore_errors=True)
    run([gongkai, "init", str(site)], env={**os.environ, "LANG": "C"})
    for f in (site / "content").rglob("*.md"):
        f.unlink()
    front = tomllib.loads(text.split("+++")[1])
    year = front["year"]
    (site / "content" / str(year)).mkdir(parents=True, exist_ok=True)
    (site / "content" / str(year) / "report.md").write_text(text)
    cfg = site / "site.toml"
    cfg.write_text(cfg.read_text().replace("publish_with_errors = false", "publish_with_errors = true"))
    o = run([gongkai, "build", str(site)], cwd=site)
    page = site / "public" / str(year) / "report" / "index.html"
    if not page.exists():
        sys.exit(f"{md}: no page built:\n{o.stdout}{o.stderr}")
    return page


def blank_zero_cells(xml: str) -> str:
    """Word XML with every cell of table 三 (the table holding 申请人情况) that prints 0 left empty:
    each paragraph whose text is "0" (its runs joined, as Word may split them) loses its text."""
    def table(m):
        t = m.group(0)
        if "申请人情况" not in t:
            return t
        def para(p):
            text = "".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", p.group(0)))
            return re.sub(r"(<w:t(?: [^>]*)?>)[^<]*(</w:t>)", r"\1\2", p.group(0)) if text.strip() == "0" else p.group(0)
        return re.sub(r"<w:p[ >].*?</w:p>", para, t, flags=re.S)
    return re.sub(r"<w:tbl>.*?</w:tbl>", table, xml, flags=re.S)


def docx_variant(src: Path, dst: Path, size: str, scale: int, fonts=(CJK, LATIN),
                 blank: bool = False):
    """The Word file with its fonts set (CJK / Latin), its page size and its text scaled; with
    `blank`, table 三's zeros left blank (as many reports print them)."""
    sizes = {"a4": ('w:w="11906" w:h="16838"', ""), "a5": ('w:w="8391" w:h="11906"', ""),
             "landscape": ('w:w="16838" w:h="11906"', ' w:orient="landscape"')}
    dims, orient = sizes[size]
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename.startswith("word/") and item.filename.endswith(".xml"):
                s = data.decode("utf-8")
                s = re.sub(r'<w:pgSz [^>]*/>', f"<w:pgSz {dims}{orient}/>", s)
                s = re.sub(r'w:(ascii|hAnsi)="[^"]*"', lambda m: f'w:{m.group(1)}="{fonts[1]}"', s)
                s = re.sub(r'w:eastAsia="[^"]*"', f'w:eastAsia="{fonts[0]}"', s)
                s = re.sub(r'w:(ascii|hAnsi|eastAsia)Theme="[^"]*"', "", s)
                s = re.sub(r'<w:(sz|szCs) w:val="(\d+)"/>',
                           lambda m: f'<w:{m.group(1)} w:val="{max(8, int(m.group(2)) * scale // 100)}"/>', s)
                if blank and item.filename == "word/document.xml":
                    s = blank_zero_cells(s)
                data = s.encode("utf-8")
            zout.writestr(item, data)


def soffice(src: Path, outdir: Path, fmt: str = "pdf") -> Path:
    # A profile of its own: a LibreOffice already running under the user's profile (another
    # corpus run, an open office suite) would take the conversion and make nothing.
    profile = (outdir / "lo-profile").resolve().as_uri()
    run(["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", fmt,
         "--outdir", str(outdir), str(src)], timeout=180)
    return outdir / (src.stem + "." + fmt.split(":")[0])


def scan(pdf: Path, out: Path, dpi: int, angle: float, work: Path, noise: int = 24):
    """A scan of `pdf`: pages rasterised, turned, noised (`noise`: the noise's sigma), wrapped
    back into a PDF."""
    d = work / "scan"
    shutil.rmtree(d, ignore_errors=True)
    d.mkdir(parents=True)
    run(["pdftoppm", "-r", str(dpi), "-gray", "-png", str(pdf), str(d / "p")])
    pages = []
    for p in sorted(d.glob("p-*.png")):
        q = p.with_suffix(".jpg")
        # Pillow (img2pdf's own dependency): turned, speckled with noise, saved as JPEG.
        try:
            from PIL import Image, ImageChops
        except ImportError:
            sys.exit("--scans needs Pillow: run the script with Debian's /usr/bin/python3 "
                     "(python3-pil, installed with img2pdf), not a python3 without it")
        img = Image.open(p).convert("L").rotate(angle, resample=Image.BICUBIC, expand=True, fillcolor=255)
        speckle = Image.effect_noise(img.size, noise).point(lambda v: max(0, v - 128))
        ImageChops.subtract(img, speckle).save(q, quality=80, dpi=(dpi, dpi))
        pages.append(str(q))
    run(["img2pdf", "--output", str(out), *pages])


def front(path: Path) -> dict:
    text = path.read_text()
    return tomllib.loads(text.split("+++")[1])


def flat(d, prefix=""):
    out = {}
    for k, v in d.items():
        key = f"{prefix}{k}"
        if isinstance(v, dict):
            out.update(flat(v, key + "."))
        else:
            out[key] = v
    return out


TABLE_NUMERAL = {"active": "二", "applications": "三", "review_litigation": "四"}


def judge(gongkai: str, pdf: Path, expected: dict, work: Path):
    """(result, reason, cells compared, cell counts) of importing `pdf`.

    The counts (for the scans' table): cells written and right, written and wrong, not written;
    every refusal line; and the tables with a cell not written that no refusal names."""
    site = work / "import"
    shutil.rmtree(site, ignore_errors=True)
    site.mkdir(parents=True)
    o = run([gongkai, "import", str(pdf), "--into", "content", "--partial"], cwd=site,
            env={**os.environ, "LANG": "C", "LC_ALL": "C"}, timeout=900)
    files = list(site.rglob("*.md"))
    missing = [l.split("missing:", 1)[1].strip() for l in (o.stdout + o.stderr).splitlines()
               if "missing:" in l]
    # Every refusal, by the cells or rows it names, kept beside the results.
    logs = work.parent / "logs"
    logs.mkdir(exist_ok=True)
    (logs / (pdf.stem + ".txt")).write_text(o.stdout + o.stderr)
    if not files:
        reason = (missing or [(o.stdout + o.stderr).strip().splitlines()[-1:] or ["no output"]][0])
        return "refused", str(reason[0] if isinstance(reason, list) else reason), "0", {"missing": missing}
    got = front(files[0])
    tables = tuple(TABLE_NUMERAL)
    want_cells = {k: v for t in tables for k, v in flat(expected.get(t, {}), t + ".").items()}
    got_cells = {k: v for t in tables for k, v in flat(got.get(t, {}), t + ".").items()}
    wrong = [k for k, v in got_cells.items() if want_cells.get(k) != v]
    size = lambda v: len(v) if isinstance(v, list) else 1
    unwritten = [k for k in want_cells if k not in got_cells]
    counts = {
        "right": sum(size(v) for k, v in got_cells.items() if want_cells.get(k) == v),
        "wrong": sum(size(got_cells[k]) for k in wrong),
        "unwritten": sum(size(want_cells[k]) for k in unwritten),
        "missing": missing,
        # A table with cells not written must be named by some refusal ("table 三: …").
        "unnamed": sorted({TABLE_NUMERAL[k.split(".")[0]] for k in unwritten}
                          - {n for n in TABLE_NUMERAL.values() for m in missing if f"table {n}" in m}),
    }
    if got.get("year") != expected.get("year"):
        wrong.append(f"year: {got.get('year')!r}")
    # A name is no number: a department read wrong (OCR: 淮安 as 准安) is counted apart.
    name = ""
    if got.get("department") != expected.get("department"):
        name = f"; department read as {got.get('department')!r}"
    if got.get("notes", {}) != expected.get("notes", {}) and not missing:
        wrong.append("notes")
    count = lambda cells: sum(size(v) for v in cells.values())
    n = f"{count(got_cells)} of {count(want_cells)}"
    if wrong:
        return "wrong", ", ".join(wrong[:4]) + name, n, counts
    if missing or len(got_cells) < len(want_cells):
        return "refused", (missing[0] if missing else "rows left out") + name, n, counts
    return ("exact" if not name else "name misread"), name.lstrip("; "), n, counts


def reason_class(reason: str) -> str:
    """A refusal's reason without the row's numbers, for the table."""
    r = re.sub(r"“[^”]*”", "“…”", reason)
    r = re.sub(r"\d+", "N", r)
    return r[:110]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--fixtures", default=str(ROOT.parent.parent / "shared" / "fixtures"))
    ap.add_argument("--out", default=str(ROOT / "target" / "pdf-corpus"))
    ap.add_argument("--gongkai", default=str(ROOT / "target" / "debug" / "gongkai"))
    ap.add_argument("--scans", action="store_true", help="also scans of the real PDFs (OCR: slow)")
    ap.add_argument("--scans-only", action="store_true",
                    help="only the scans (with --more-scans: also the harder variants), no prints")
    ap.add_argument("--more-scans", action="store_true",
                    help="also harder scans: heavier noise, a larger rotation, a low resolution")
    ap.add_argument("--keep", action="store_true", help="reuse prints already made")
    ap.add_argument("--only", default="", help="only prints whose name contains this")
    args = ap.parse_args()
    if args.scans_only:
        args.scans = True
        args.only = args.only or "scan"
    fx, out = Path(args.fixtures).resolve(), Path(args.out).resolve()
    prints, work = out / "prints", out / "work"
    prints.mkdir(parents=True, exist_ok=True)
    work.mkdir(parents=True, exist_ok=True)
    random.seed(23)

    # (pdf, printer, variant, expected front matter)
    corpus = []

    def make(name, printer, variant, expected, maker):
        pdf = prints / f"{name}.pdf"
        if args.only and args.only not in name:
            return
        if not (args.keep and pdf.exists()):
            maker(pdf)
        if pdf.exists():
            corpus.append((pdf, printer, variant, expected))
        else:
            print(f"not made: {name}", file=sys.stderr)

    chromium_variants = [
        ("a4-100", "A4", 100, False, False),
        ("a5-100-furniture", "A5", 100, True, False),
        ("a4-landscape-130", "A4 landscape", 130, False, False),
        ("a4-70-furniture", "A4", 70, True, False),
        ("a5-85-narrow", "A5", 85, False, True),
        ("a4-115-narrow-furniture", "A4", 115, True, True),
    ]
    # Other fonts (as published only): (tag, page, scale, furniture, narrow, fonts).
    font_variants = [v for v in [
        ("a4-100-wqy-liberation", "A4", 100, False, False, WQY),
        ("a4-landscape-90-uming-liberation-furniture", "A4 landscape", 90, True, False, UMING),
    ] if have_fonts(v[5])]
    for md in sorted((fx / "reports").glob("*.expected.md")):
        n = md.name[:3]
        for content, text in (("published", md.read_text()), ("blank-zeros", blank_zeros(md.read_text()))):
            expected = tomllib.loads(text.split("+++")[1])
            page = None
            variants = [v + ((CJK, LATIN),) for v in chromium_variants[::1 if content == "published" else 2]]
            variants += font_variants if content == "published" else []
            for tag, size, scale, furniture, narrow, fonts in variants:
                def maker(pdf, tag=tag, size=size, scale=scale, furniture=furniture, narrow=narrow, fonts=fonts):
                    nonlocal page
                    page = page or portal_page(args.gongkai, md, text, work)
                    html = work / "page.html"
                    html.write_text(inject(page.read_text(), css(size, scale, narrow, fonts)))
                    # The page's own stylesheet and scripts by their relative addresses.
                    shutil.copytree(page.parent.parent.parent, work / "root", dirs_exist_ok=True)
                    html2 = work / "root" / page.relative_to(page.parent.parent.parent).parent / "print.html"
                    html2.write_text(html.read_text())
                    chromium(html2, pdf, furniture)
                make(f"{n}_portal-{content}_chromium-{tag}", "chromium (portal page)", f"{content} {tag}", expected, maker)

    for docx in sorted((fx / "docx").glob("*.docx")):
        if "template" in docx.name:
            continue
        md = next((fx / "reports").glob(f"*{docx.stem}.expected.md"), None)
        if md is None:
            continue
        n = md.name[:3]
        expected = front(md)
        word_variants = [(size, scale, "", (CJK, LATIN)) for size, scale in
                         (("a4", 100), ("a5", 85), ("landscape", 130), ("a4", 70), ("a5", 115))]
        word_variants += [v for v in [("a4", 100, "-wqy-liberation", WQY),
                                      ("landscape", 100, "-uming-liberation", UMING)] if have_fonts(v[3])]
        for size, scale, tag, fonts in word_variants:
            def maker(pdf, size=size, scale=scale, fonts=fonts):
                v = work / f"{docx.stem}.docx"
                docx_variant(docx, v, size, scale, fonts)
                made = soffice(v, work)
                if made.exists():
                    made.rename(pdf)
            make(f"{n}_word_libreoffice-{size}-{scale}{tag}", "libreoffice (Word file)", f"{size}-{scale}{tag}",
                 expected, maker)
        # Table 三's zeros left blank, as many reports print them (rows printing no number).
        blank_expected = tomllib.loads(blank_zeros(md.read_text()).split("+++")[1])
        for size, scale in (("a4", 100), ("landscape", 130)):
            def maker(pdf, size=size, scale=scale):
                v = work / f"{docx.stem}.docx"
                docx_variant(docx, v, size, scale, blank=True)
                made = soffice(v, work)
                if made.exists():
                    made.rename(pdf)
            make(f"{n}_word-blank-zeros_libreoffice-{size}-{scale}", "libreoffice (Word file)",
                 f"blank-zeros {size}-{scale}", blank_expected, maker)
        for tag, size, scale, furniture, narrow in chromium_variants[:4]:
            def maker(pdf, tag=tag, size=size, scale=scale, furniture=furniture, narrow=narrow):
                v = work / f"{docx.stem}.docx"
                docx_variant(docx, v, "a4", 100)
                html = soffice(v, work, "html")
                html.write_text(inject(html.read_text(), css(size, scale, narrow)))
                chromium(html, pdf, furniture)
            make(f"{n}_word-html_chromium-{tag}", "chromium (Word saved as HTML)", tag, expected, maker)
        def maker(pdf):
            v = work / f"{docx.stem}.docx"
            docx_variant(docx, v, "a4", 100, blank=True)
            html = soffice(v, work, "html")
            html.write_text(inject(html.read_text(), css("A4", 100, False)))
            chromium(html, pdf, False)
        make(f"{n}_word-html-blank-zeros_chromium-a4-100", "chromium (Word saved as HTML)",
             "blank-zeros a4-100", blank_expected, maker)

    for txt in sorted((fx / "reports").glob("*.txt")):
        md = txt.with_name(txt.stem + ".expected.md")
        def maker(pdf, txt=txt):
            # The fixture's own "# source: …" notes are no part of the report.
            body = "\n".join(l for l in txt.read_text().split("\n") if not l.startswith("# "))
            plain = work / txt.name
            plain.write_text(body)
            made = soffice(plain, work)
            if made.exists():
                made.rename(pdf)
        make(f"{txt.name[:3]}_text_libreoffice", "libreoffice (text file)", "a4", front(md), maker)

    if args.scans:
        real = {"gongshu-tongjiju-2023": "000", "huaian-city-gov-2024": "024",
                "huaian-hongze-district-gov-2023": "031", "huaian-hongze-district-gov-2024": "032"}
        settings = [(300, 0.4), (200, -0.7), (150, 0.9), (250, -0.3)]
        for (stem, n), (dpi, angle) in zip(sorted(real.items()), settings):
            md = next((fx / "reports").glob(f"{n}_*.expected.md"))
            src = fx / "pdf" / f"{stem}.pdf"
            make(f"{n}_scan-{dpi}dpi-{angle}deg", "scan (OCR)", f"{dpi} dpi, {angle}°, noise",
                 front(md), lambda pdf, src=src, dpi=dpi, angle=angle: scan(src, pdf, dpi, angle, work))
        if args.more_scans:
            # Harder than the four above, to check the cell reader is not tuned to them: heavier
            # noise, a rotation twice as large, the lowest resolution an archive scans at.
            harder = [("031", 200, 0.0, 48, "noise48"), ("024", 200, 1.5, 24, "noise"),
                      ("032", 150, -1.2, 36, "noise36"), ("000", 200, -1.5, 40, "noise40")]
            for n, dpi, angle, noise, tag in harder:
                stem = next(s for s, k in real.items() if k == n)
                md = next((fx / "reports").glob(f"{n}_*.expected.md"))
                src = fx / "pdf" / f"{stem}.pdf"
                make(f"{n}_scan-{dpi}dpi-{angle}deg-{tag}", "scan (OCR)",
                     f"{dpi} dpi, {angle}°, {tag}", front(md),
                     lambda pdf, src=src, dpi=dpi, angle=angle, noise=noise:
                     scan(src, pdf, dpi, angle, work, noise))

    rows, scans = [], []
    for pdf, printer, variant, expected in corpus:
        result, reason, cells, counts = judge(args.gongkai, pdf, expected, work)
        rows.append((printer, variant, pdf.name, result, reason, cells))
        print(f"{result:8} {pdf.name}  {reason}", flush=True)
        if printer.startswith("scan"):
            scans.append((variant, pdf.name, counts))

    lines = ["| printer | variant | print | result | reason / cells written |", "|---|---|---|---|---|"]
    for printer, variant, name, result, reason, cells in rows:
        lines.append(f"| {printer} | {variant} | {name} | {result} | {reason} ({cells} cells written) |")
    totals = collections.Counter(r[3] for r in rows)
    by_printer = collections.defaultdict(collections.Counter)
    for r in rows:
        by_printer[r[0]][r[3]] += 1
    reasons = collections.Counter(reason_class(r[4]) for r in rows if r[3] == "refused")
    lines += ["", "| printer | exact | refused | wrong number | name misread |", "|---|---|---|---|---|"]
    for p, c in sorted(by_printer.items()):
        lines.append(f"| {p} | {c['exact']} | {c['refused']} | {c['wrong']} | {c['name misread']} |")
    lines.append(f"| **all {len(rows)}** | {totals['exact']} | {totals['refused']} | {totals['wrong']} "
                 f"| {totals['name misread']} |")
    lines += ["", "| refusal reason | prints |", "|---|---|"]
    lines += [f"| {r} | {k} |" for r, k in reasons.most_common()]
    if scans:
        # Issue 23: how many cells a scan reads, and that every other cell is refused by name.
        lines += ["", "| scan | variant | cells read exactly | wrong | not written | "
                  "tables with a cell not written and not named |", "|---|---|---|---|---|---|"]
        for variant, name, c in scans:
            if "right" not in c:
                lines.append(f"| {name} | {variant} | 0 | 0 | all (nothing written) | - |")
                continue
            lines.append(f"| {name} | {variant} | {c['right']} | {c['wrong']} | {c['unwritten']} "
                         f"| {', '.join(c['unnamed']) or 'none'} |")
        for variant, name, c in scans:
            lines += ["", f"Refused in {name} (import's own words):", ""]
            lines += [f"- {m}" for m in (c["missing"] or ["(none; the import's output is in logs/)"])]
    report = "\n".join(lines) + "\n"
    (out / "results.md").write_text(report)
    print(report)
    return 1 if totals["wrong"] else 0


if __name__ == "__main__":
    sys.exit(main())
