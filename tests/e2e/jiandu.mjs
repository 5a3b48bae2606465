// The supervision pages (发布情况, /jiandu/) in headless Chromium, with the site built under a
// sub-path: the sorting and filtering script loads from the base URL and works, and no page of
// /jiandu/ overflows a 1280 px or a 390 px screen (tables scroll inside their own region).
//
//   node jiandu.mjs GONGKAI_BINARY SITE
import http from "node:http";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { chromium } from "playwright-core";

const [bin, site] = process.argv.slice(2);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "jiandu-"));
const out = path.join(tmp, "site");
const prefix = "/nianbao/";
execFileSync(bin, ["build", site, "--output", out, "--base-url", "https://example.gov.cn" + prefix], { stdio: "inherit" });

const types = { ".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript" };
const server = http.createServer((req, res) => {
  let p = decodeURIComponent(new URL(req.url, "http://x").pathname);
  if (!p.startsWith(prefix)) { res.writeHead(404); res.end(); return; }
  p = p.slice(prefix.length);
  if (p === "" || p.endsWith("/")) p += "index.html";
  const file = path.join(out, p);
  if (!file.startsWith(out) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) { res.writeHead(404); res.end(); return; }
  res.writeHead(200, { "content-type": types[path.extname(file)] || "application/octet-stream" });
  fs.createReadStream(file).pipe(res);
});
await new Promise((r) => server.listen(0, "127.0.0.1", r));
const base = `http://127.0.0.1:${server.address().port}${prefix}`;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu"],
});
let failures = 0;
const fail = (msg) => { failures++; console.log("FAIL " + msg); };

const pages = ["jiandu/", ...fs.readdirSync(path.join(out, "jiandu")).filter((d) => /^\d{4}$/.test(d)).map((d) => `jiandu/${d}/`)];
for (const width of [1280, 390]) {
  const page = await (await browser.newContext({ viewport: { width, height: 900 } })).newPage();
  for (const p of pages) {
    await page.goto(base + p);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    if (overflow > 0) fail(`${p} at ${width} px: the page overflows by ${overflow} px`);
  }
}

// Sorting and filtering on a year page with every kind of row.
const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
const year = pages.find((p) => p !== "jiandu/" && fs.readFileSync(path.join(out, p, "index.html"), "utf8").includes('data-status="late"'));
if (!year) fail("no year page with a late report");
else {
  await page.goto(base + year);
  const buttons = await page.locator("#supervision-year thead button.sort").count();
  if (buttons !== 9) fail(`${year}: ${buttons} sort buttons, expected 9 (script not loaded from ${prefix}?)`);
  await page.locator("#supervision-year thead th", { hasText: "发布日期" }).locator("button").click();
  const dates = await page.$$eval("#supervision-year tbody tr td:nth-of-type(2)", (tds) => tds.map((t) => t.textContent.trim()));
  const real = dates.filter((d) => /^\d{4}-\d\d-\d\d$/.test(d));
  if (real.join() !== [...real].sort().join()) fail(`${year}: dates not ascending after sorting: ${dates}`);
  const sort = await page.getAttribute("#supervision-year thead th:nth-child(3)", "aria-sort");
  if (sort !== "ascending") fail(`${year}: aria-sort is ${sort}`);
  await page.selectOption("#supervision-year-filter", "late");
  const shown = await page.$$eval("#supervision-year tbody tr:not([hidden])", (trs) => trs.map((t) => t.dataset.status));
  if (shown.length === 0 || shown.some((s) => s !== "late")) fail(`${year}: filter 逾期发布 shows ${shown}`);
  const said = await page.textContent("output");
  if (!said.includes(`显示 ${shown.length} /`)) fail(`${year}: the filter says "${said}"`);
}
await browser.close();
server.close();
fs.rmSync(tmp, { recursive: true, force: true });
console.log(`jiandu: ${pages.length} pages at 1280 and 390 px, sorting and filtering: ${failures} problems`);
process.exit(failures ? 1 : 0);
