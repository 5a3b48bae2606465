// The portal's reading pages in headless Chromium at 1280 and 390 px, in normal and 大字 mode:
// nothing overflows the screen except inside a table's own scrolling region, chart text is drawn
// at 12 px or more, wide tables keep their row labels (position: sticky) and header in view,
// and the print stylesheet keeps headings with what follows and repeats header rows.
// With SHOTS=DIR, a screenshot of every page, width and mode is saved there for review.
//
//   node pages.mjs OUT_DIR
import http from "node:http";
import fs from "node:fs";
import path from "node:path";
import { chromium } from "playwright-core";

const root = path.resolve(process.argv[2] || "out");
const shots = process.env.SHOTS;
const types = { ".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript" };
const server = http.createServer((req, res) => {
  let p = decodeURIComponent(new URL(req.url, "http://x").pathname);
  if (p.endsWith("/")) p += "index.html";
  const file = path.join(root, p);
  if (!file.startsWith(root) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
    // As static hosts do: the site's own 404 page, with status 404.
    res.writeHead(404, { "content-type": types[".html"] });
    fs.createReadStream(path.join(root, "404.html")).pipe(res);
    return;
  }
  res.writeHead(200, { "content-type": types[path.extname(file)] || "application/octet-stream" });
  fs.createReadStream(file).pipe(res);
});
await new Promise((r) => server.listen(0, "127.0.0.1", r));
const base = `http://127.0.0.1:${server.address().port}/`;

// One page of each kind; the report is a real published one with the widest tables.
const exists = (p) => fs.existsSync(path.join(root, p));
const report = "2023/hongze-gov/";
// 与上年对比 is a view of a report page, opened at #duibi: 洪泽区 2024 against its 2023 report.
const compare = "2024/hongze-gov/#duibi";
const kinds = { home: "", year: "2024/", department: "departments/yunxi-gov/", report, compare };
for (const [k, p] of Object.entries(kinds)) {
  const file = p.split("#")[0];
  if (!exists(file.endsWith("/") || file === "" ? file + "index.html" : file)) throw new Error(`no ${k} page at ${p}`);
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu"],
});
let failures = 0;
const fail = (msg) => { failures++; console.log("FAIL " + msg); };

for (const width of [1280, 390]) {
  for (const mode of ["normal", "large"]) {
    const context = await browser.newContext({ viewport: { width, height: 844 } });
    if (mode === "large") await context.addInitScript(() => localStorage.setItem("gongkai-large", "1"));
    const page = await context.newPage();
    for (const [kind, p] of Object.entries(kinds)) {
      await page.goto(base + p);
      const where = `${kind} (${p || "/"}) at ${width} px [${mode}]`;
      if (mode === "large" && !(await page.evaluate(() => document.documentElement.classList.contains("large")))) fail(`${where}: 大字 mode not on`);
      // Anything reaching past the screen's right edge must sit inside a scrolling table region.
      const out = await page.evaluate(() => {
        const w = document.documentElement.clientWidth;
        const bad = [];
        if (document.documentElement.scrollWidth > w) bad.push(`page scrollWidth ${document.documentElement.scrollWidth}`);
        for (const e of document.body.querySelectorAll("*")) {
          const r = e.getBoundingClientRect();
          if (r.width === 0 || r.right <= w + 1 || e.closest(".table-wrap")) continue;
          if (getComputedStyle(e).position === "absolute" && e.closest(".vh, .skip")) continue;
          bad.push(`${e.tagName.toLowerCase()}.${e.getAttribute("class")} right ${Math.round(r.right)}`);
        }
        return bad.slice(0, 5);
      });
      if (out.length) fail(`${where}: overflows outside table scrollers: ${out.join("; ")}`);
      if (width === 1280) {
        // On a desktop nothing is cut off, in 大字 mode too: every table fits its region.
        const cut = await page.$$eval(".table-wrap", (ws) => ws.filter((w) => w.scrollWidth > w.clientWidth + 1)
          .map((w) => `${w.querySelector("table").id || w.getAttribute("aria-labelledby")} by ${w.scrollWidth - w.clientWidth} px`));
        if (cut.length) fail(`${where}: tables wider than the screen: ${cut.join("; ")}`);
      }
      // Chart text: font size times the drawing's scale on screen.
      const labels = await page.locator("svg.chart text").count();
      if ((kind === "home" || kind === "department") && labels === 0) fail(`${where}: no chart`);
      const small = await page.$$eval("svg.chart text", (ts) => ts
        .map((t) => parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a)
        .filter((px) => px < 12).map((px) => px.toFixed(1)));
      if (small.length) fail(`${where}: ${small.length} chart labels under 12 px (${small.slice(0, 3)})`);
      // Row labels of wide tables stick to the left; on narrow screens the header sticks too.
      const sticky = await page.evaluate(() => {
        const pos = (e) => e && getComputedStyle(e).position;
        const bad = [];
        for (const t of document.querySelectorAll(".table-wrap table.figures, .table-wrap table.t3")) {
          const labels = t.querySelectorAll("tbody th[scope=row]");
          const loose = [...labels].filter((th) => pos(th) !== "sticky");
          if (loose.length) bad.push(`${t.id}: ${loose.length} of ${labels.length} row labels not sticky`);
          if (window.innerWidth < 700 && pos(t.tHead) !== "sticky") bad.push(`${t.id}: header not sticky`);
        }
        return bad;
      });
      if (sticky.length) fail(`${where}: ${sticky.join("; ")}`);
      if (kind === "compare" && width === 1280 && mode === "normal") {
        // The comparison is the template's grid, not a row per cell (once ~180 rows, 9,900 px).
        const tall = await page.$$eval("main section table", (ts) => ts.reduce((h, t) => h + t.getBoundingClientRect().height, 0));
        if (tall > 4000) fail(`${where}: the compared tables are ${Math.round(tall)} px tall`);
      }
      if (kind === "compare" || kind === "report") {
        // The view is on only at #duibi: its summary and each changed cell's last-year number
        // and change are shown then, and display: none otherwise (a screen reader hears nothing
        // extra), in print as on screen.
        const on = kind === "compare";
        const shown = await page.evaluate(() => {
          const vis = (e) => e && getComputedStyle(e).display !== "none";
          const spans = [...document.querySelectorAll(".report-table td > span:not([class])")];
          return { summary: vis(document.getElementById("duibi")), spans: spans.length, visible: spans.filter(vis).length };
        });
        if (on && !(shown.summary && shown.spans > 0 && shown.visible === shown.spans)) fail(`${where}: view not on: ${JSON.stringify(shown)}`);
        if (!on && (shown.summary || shown.visible > 0)) fail(`${where}: view on without #duibi: ${JSON.stringify(shown)}`);
        if (on) {
          await page.emulateMedia({ media: "print" });
          const printed = await page.$$eval(".report-table td > span:not([class])", (s) => s.filter((e) => getComputedStyle(e).display !== "none").length);
          await page.emulateMedia({ media: "screen" });
          if (printed !== shown.spans) fail(`${where}: ${shown.spans - printed} changes not printed`);
          // Turned off by its link, back to the plain report.
          await page.click("#duibi a[href='#']");
          const off = await page.$$eval(".report-table td > span:not([class])", (s) => s.filter((e) => getComputedStyle(e).display !== "none").length);
          if (off) fail(`${where}: ${off} changes still shown after 关闭对比`);
        }
      }
      if (kind === "report" && width === 390) {
        // 表三 scrolled into view: numbers show on the first screen, beside their labels.
        const seen = await page.evaluate(() => {
          document.getElementById("table-applications").closest("section").scrollIntoView();
          const td = document.querySelector("#table-applications tbody td");
          const r = td.getBoundingClientRect();
          return r.bottom <= window.innerHeight && r.right <= window.innerWidth;
        });
        if (!seen) fail(`${where}: no number of 表三 on the first screen`);
        // Mid-table, as a reader gets there: the wheel (a swipe) over 表三 scrolls its region down
        // and right. The number under the pointer must have its column header above it and its
        // row label beside it, both in view (not scrolled away, not covered).
        const t3 = await page.evaluate(() => {
          const w = document.getElementById("table-applications").closest(".table-wrap");
          w.scrollIntoView({ block: "start" });
          const r = w.getBoundingClientRect();
          return { x: r.left + r.width * 0.7, y: Math.min(r.bottom, innerHeight) * 0.6 };
        });
        await page.mouse.move(t3.x, t3.y);
        await page.mouse.wheel(260, 0);
        await page.mouse.wheel(0, 700);
        await page.waitForTimeout(100);
        const mid = await page.evaluate(({ x, y }) => {
          const t = document.getElementById("table-applications");
          const w = t.closest(".table-wrap");
          const td = document.elementFromPoint(x, y)?.closest("td");
          if (!td || !t.contains(td)) return `no number under the pointer (${document.elementFromPoint(x, y)?.tagName})`;
          if (w.scrollTop < 200 || w.scrollLeft < 100) return `the region did not scroll (${w.scrollTop}, ${w.scrollLeft})`;
          const c = td.getBoundingClientRect();
          const inView = (e) => { const r = e.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight && r.left >= 0 && r.right <= innerWidth; };
          // The header row's last line, straight above the number.
          const head = t.tHead.getBoundingClientRect();
          const top = document.elementFromPoint(c.left + c.width / 2, head.bottom - 4)?.closest("th");
          if (!top || !t.tHead.contains(top) || !inView(top) || !top.textContent.trim()) return `no column header above ${td.textContent} (${top?.textContent})`;
          // The row's own label, at the left of the region, on the number's line.
          const left = document.elementFromPoint(w.getBoundingClientRect().left + 4, c.top + c.height / 2)?.closest("th");
          const labels = [...td.parentElement.querySelectorAll("th")];
          const label = labels.find((th) => { const r = th.getBoundingClientRect(); return r.right <= c.left + 1 && document.elementFromPoint(r.left + r.width / 2, c.top + c.height / 2)?.closest("th") === th; });
          if (!left || !label || !inView(label)) return `no row label beside ${td.textContent} (${left?.textContent})`;
          return `ok: ${label.textContent.trim()} / ${top.textContent.trim()} = ${td.textContent.trim()}`;
        }, t3);
        if (!mid.startsWith("ok")) fail(`${where}: 表三 mid-table: ${mid}`);
        else if (process.env.VERBOSE) console.log(`${where}: 表三 mid-table ${mid}`);
        if (shots) await page.screenshot({ path: path.join(shots, `report-t3-mid-${width}-${mode}.png`) });
        await page.evaluate(() => window.scrollTo(0, 0));
      }
      if (shots) {
        fs.mkdirSync(shots, { recursive: true });
        await page.screenshot({ path: path.join(shots, `${kind}-${width}-${mode}.png`), fullPage: true });
      }
    }
    await context.close();
  }
}
// Print (A4): the stylesheet as the printer sees it, and the links' addresses after beforeprint.
{
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  await page.goto(base + report);
  await page.emulateMedia({ media: "print" });
  const print = await page.evaluate(() => {
    window.dispatchEvent(new Event("beforeprint"));
    const css = (sel, prop, pseudo) => { const e = document.querySelector(sel); return e ? getComputedStyle(e, pseudo).getPropertyValue(prop) : "missing"; };
    const link = document.querySelector("main .meta a[href]");
    return {
      h2: css("main h2", "break-after"), caption: css("caption", "break-after"),
      thead: css("#table-applications thead", "display"), t3: css("#table-applications", "break-inside"),
      wrap: css("#table-applications", "position") + "/" + css(".table-wrap", "overflow-x"),
      after: css("main .meta a[href]", "content", "::after"), href: link && link.href,
      closed: document.querySelectorAll("details:not([open])").length,
      findings: document.getElementById("findings") ? document.getElementById("findings").innerText : "",
    };
  });
  const want = { h2: "avoid", caption: "avoid", thead: "table-header-group", t3: "avoid", wrap: "static/visible" };
  for (const [k, v] of Object.entries(want)) if (print[k] !== v) fail(`print: ${k} is ${print[k]}, expected ${v}`);
  if (!print.href || !print.after.includes(print.href)) fail(`print: a link prints ${print.after}, not its address ${print.href}`);
  if (print.closed) fail(`print: ${print.closed} folded parts stay closed`);
  // Findings print in the reader's language (the page is zh-CN): no English sentences.
  const english = print.findings.match(/\b(is|but|expected|found|blank|cells?|should)\b/g);
  if (!print.findings.includes("提示") || english) fail(`print: findings not in Chinese: ${english}`);
  if (shots) await page.pdf({ path: path.join(shots, "report-a4.pdf"), format: "A4" });
}
// An old link to a report's comparison page (…/compare.html, now the #duibi view of the report
// page) lands on the 404 page, which sends the reader on to the view.
{
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  await page.goto(base + compare.replace("#duibi", "compare.html"));
  await page.waitForURL(base + compare, { timeout: 10000 }).catch(() => {});
  if (page.url() !== base + compare) fail(`old compare.html link: at ${page.url()}, expected ${base + compare}`);
}
await browser.close();
server.close();
console.log(`pages: ${Object.keys(kinds).length} page kinds at 1280 and 390 px, normal and 大字: ${failures} problems`);
process.exit(failures ? 1 : 0);
