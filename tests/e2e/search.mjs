// The search page in a real browser, on the demo portal built under a sub-path (/nianbao/) and
// served by Python's plain static server (no special server is needed):
//   1. the header links to it; typing "统计" lists the 统计局 report first and highlights 统计;
//   2. "依申请" finds exactly the reports whose text uses the phrase (read from content/ here),
//      and so do phrases that share characters with many reports ("统计局", "级政府");
//   3. the year filter narrows the list; "2023 统计局" combines the words;
//   4. a result link opens the right report;
//   5. it works at 1280 and 390 px (no overflow), with no console error or failed request, and
//      axe finds no serious or critical violation with results shown;
//   6. with JavaScript off the page links the year and department pages instead.
// Prints the time from the last keystroke to the results. SCREENSHOTS=DIR keeps screenshots.
//
//   node search.mjs GONGKAI_BINARY SITE_DIR
import { spawn, execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createRequire } from "node:module";
import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
const axeSource = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const [bin, source] = process.argv.slice(2);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "gongkai-e2e-search-"));
const out = path.join(tmp, "nianbao");
execFileSync(bin, ["build", source, "--output", out, "--base-url", "/nianbao/"], { stdio: "inherit" });

// What the content says, read here independently of the index: report key → narrative text.
const reports = new Map();
for (const year of fs.readdirSync(path.join(source, "content"))) {
  const dir = path.join(source, "content", year);
  if (!/^\d{4}$/.test(year)) continue;
  for (const f of fs.readdirSync(dir).filter((f) => f.endsWith(".md"))) {
    const text = fs.readFileSync(path.join(dir, f), "utf8");
    reports.set(`${year}/${f.slice(0, -3)}`, text.split(/^\+\+\+\s*$/m).slice(2).join(""));
  }
}
const withPhrase = (p, year) => [...reports].filter(([k, t]) => t.includes(p) && (!year || k.startsWith(year)))
  .map(([k]) => k).sort();

const server = spawn("python3", ["-u", "-m", "http.server", "0", "--bind", "127.0.0.1", "--directory", tmp],
  { stdio: ["ignore", "pipe", "pipe"] });
const port = await new Promise((resolve, reject) => {
  let log = "";
  const timer = setTimeout(() => reject(new Error("http.server did not start:\n" + log)), 20000);
  server.stdout.on("data", (d) => {
    log += d;
    const m = log.match(/port (\d+)/);
    if (m) { clearTimeout(timer); resolve(m[1]); }
  });
  server.on("exit", (code) => reject(new Error(`http.server exited with ${code}:\n${log}`)));
});
const site = `http://127.0.0.1:${port}/nianbao/`;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run"],
});
let failed = 0;
let passed = 0;
const check = (ok, what) => {
  console.log(`${ok ? "ok" : "FAILED"}: ${what}`);
  if (ok) passed++; else failed++;
};
const shots = process.env.SCREENSHOTS;
if (shots) fs.mkdirSync(shots, { recursive: true });

/// A page that records console errors, script errors and failed requests.
async function open(context, url) {
  const page = await context.newPage();
  page.problems = [];
  page.on("console", (m) => { if (m.type() === "error") page.problems.push(`console: ${m.text()}`); });
  page.on("pageerror", (e) => page.problems.push(`script: ${e.message}`));
  page.on("response", (r) => { if (r.status() >= 400) page.problems.push(`${r.status()} ${r.url()}`); });
  await page.goto(url);
  return page;
}

/// Type a query key by key, as a reader does, and wait for the results of the whole query;
/// returns the milliseconds from the last keystroke to the status line naming the query.
async function type(page, query) {
  await page.fill("#search-q", "");
  await page.type("#search-q", query.slice(0, -1));
  const t0 = Date.now();
  await page.type("#search-q", query.slice(-1));
  // The status quotes each word: “统计” is not in a status about “统计局”.
  const words = query.split(" ").map((w) => `“${w}”`);
  await page.waitForFunction((ws) => {
    const s = document.getElementById("search-status").textContent;
    return (s.startsWith("找到") || s.startsWith("没有")) && ws.every((w) => s.includes(w));
  }, words, { timeout: 20000 });
  return Date.now() - t0;
}

/// Every hit, after showing all pages of results: [report key, title, meta, marked words].
async function allHits(page) {
  while (await page.isVisible("#search-more")) {
    const n = await page.locator(".search-hit").count();
    await page.click("#search-more");
    await page.waitForFunction((k) => document.querySelectorAll(".search-hit").length > k
      || document.getElementById("search-more").hidden, n);
  }
  return page.$$eval(".search-hit", (lis) => lis.map((li) => {
    const a = li.querySelector("h3 a");
    return {
      key: new URL(a.href).pathname.replace(/^\/nianbao\//, "").replace(/\/$/, ""),
      title: a.textContent,
      meta: li.querySelector(".search-hit-meta").textContent,
      marks: [...li.querySelectorAll("mark")].map((m) => m.textContent),
    };
  }));
}
const countIn = async (page) => Number(((await page.textContent("#search-status")).match(/找到 (\d+) 份/) || [])[1]);

try {
  for (const width of [1280, 390]) {
    const context = await browser.newContext({ viewport: { width, height: 900 } });
    const home = await open(context, site);
    await home.click(".site-nav >> text=搜索");
    await home.waitForURL(/\/nianbao\/sousuo\/$/);
    check(true, `${width}px: the header's 搜索 link opens /nianbao/sousuo/`);
    const page = await open(context, home.url());
    await home.close();

    const ms = await type(page, "统计");
    console.log(`${width}px: "统计" → results ${ms} ms after the last keystroke`);
    let hits = await allHits(page);
    check(hits.length > 0 && hits[0].key === "2023/gongshu-tongjiju" && hits[0].title.includes("统计局"),
      `${width}px: "统计" lists the 统计局 report first (got ${hits[0]?.key})`);
    check(hits.every((h) => h.marks.some((m) => m.includes("统计"))), `${width}px: every hit highlights 统计`);
    check(await countIn(page) === hits.length, `${width}px: the count says ${hits.length}`);
    if (shots) await page.screenshot({ path: path.join(shots, `search-${width}.png`), fullPage: false });

    await type(page, "依申请");
    hits = await allHits(page);
    const expected = withPhrase("依申请");
    check(JSON.stringify(hits.map((h) => h.key).sort()) === JSON.stringify(expected),
      `${width}px: "依申请" finds the ${expected.length} reports that use the phrase (found ${hits.length})`);

    // Whole phrases, not words that merely share characters: 统计局 is in one report only, and
    // 级政府 in one, though nearly every report has both 级政 and 政府 somewhere (the index finds
    // those candidates; the browser reads their text and keeps only the real match).
    for (const phrase of ["统计局", "级政府"]) {
      await type(page, phrase);
      hits = await allHits(page);
      const real = withPhrase(phrase);
      check(real.length > 0 && JSON.stringify(hits.map((h) => h.key).sort()) === JSON.stringify(real)
        && await countIn(page) === real.length,
        `${width}px: "${phrase}" finds just the ${real.length} report(s) with the phrase (found ${hits.length})`);
    }

    await type(page, "依申请");
    await page.selectOption("#search-year", "2023");
    await page.waitForFunction(() => document.getElementById("search-status").textContent.includes("2023年"));
    hits = await allHits(page);
    const in2023 = withPhrase("依申请", "2023");
    check(hits.length > 0 && hits.length < expected.length && hits.every((h) => h.meta.includes("2023年"))
      && JSON.stringify(hits.map((h) => h.key).sort()) === JSON.stringify(in2023),
      `${width}px: the 2023 filter narrows "依申请" to the ${in2023.length} reports of 2023`);
    await page.selectOption("#search-year", "");

    await type(page, "2023 统计局");
    hits = await allHits(page);
    check(hits.length > 0 && hits[0].key === "2023/gongshu-tongjiju"
      && hits.every((h) => h.marks.some((m) => m.includes("统计局"))),
      `${width}px: "2023 统计局" lists the 2023 统计局 report first, every hit has both words`);

    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    check(overflow <= 0, `${width}px: nothing overflows the screen (${overflow} px)`);
    await page.evaluate(axeSource);
    const axe = await page.evaluate(() => window.axe.run(document, { resultTypes: ["violations"] }));
    const serious = axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
    check(serious.length === 0, `${width}px: axe finds no serious violation with results shown ${serious.map((v) => v.id)}`);

    await type(page, "统计");
    await Promise.all([page.waitForURL(/\/nianbao\/2023\/gongshu-tongjiju\/$/), page.click(".search-hit h3 a")]);
    check((await page.textContent("h1")).includes("统计局"), `${width}px: the first result opens the 统计局 report`);
    await page.goBack();
    await page.waitForFunction(() => document.querySelectorAll(".search-hit").length > 0);
    check(await page.inputValue("#search-q") === "统计", `${width}px: back from a report, the query and its results are still there`);
    check(page.problems.length === 0, `${width}px: no console error or failed request ${page.problems.join("; ")}`);
    await context.close();
  }

  const noscript = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 390, height: 900 } });
  const page = await open(noscript, site + "sousuo/");
  check(!(await page.isVisible("#search-form")), "without JavaScript the search form is not offered");
  const note = await page.textContent("#search-nojs");
  check(await page.isVisible("#search-nojs") && note.includes("JavaScript"), "…the page says search needs JavaScript");
  const links = await page.$$eval(".search-browse a", (as) => as.map((a) => a.getAttribute("href")));
  check(links.includes("/nianbao/2023/") && links.includes("/nianbao/departments/"),
    "…and links the year pages and the department list under the sub-path");
  if (shots) await page.screenshot({ path: path.join(shots, "search-nojs.png"), fullPage: true });
  const year = await (await fetch(`http://127.0.0.1:${port}/nianbao/2023/`)).text();
  check(year.includes("2023年"), "…which are there");
} finally {
  await browser.close();
  server.kill();
  fs.rmSync(tmp, { recursive: true, force: true });
}
console.log(`search e2e: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
