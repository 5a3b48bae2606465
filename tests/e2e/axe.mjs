// Accessibility check of a built gongkai site: every HTML page is served over HTTP, opened in
// headless Chromium and checked with axe-core; serious or critical violations fail. Each page is
// also checked at a 390 px wide viewport for content overflowing the screen (tables must scroll
// inside their own region), and once with the 大字/高对比 mode switched on.
//
//   node axe.mjs OUT_DIR
import http from "node:http";
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
const axeSource = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const root = path.resolve(process.argv[2] || "out");
const types = { ".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript",
  ".xml": "application/xml", ".json": "application/json", ".csv": "text/csv; charset=utf-8", ".svg": "image/svg+xml" };

function pages(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? pages(p) : e.name.endsWith(".html") ? [p] : [];
  }).sort();
}

const server = http.createServer((req, res) => {
  let p = decodeURIComponent(new URL(req.url, "http://x").pathname);
  if (p.endsWith("/")) p += "index.html";
  const file = path.join(root, p);
  if (!file.startsWith(root) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
    res.writeHead(404); res.end(); return;
  }
  res.writeHead(200, { "content-type": types[path.extname(file)] || "application/octet-stream" });
  fs.createReadStream(file).pipe(res);
});
await new Promise((r) => server.listen(0, "127.0.0.1", r));
const base = `http://127.0.0.1:${server.address().port}`;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run"],
});
let failures = 0;
const files = pages(root);
const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
const page = await context.newPage();
for (const [i, file] of files.entries()) {
  const url = base + "/" + path.relative(root, file).split(path.sep).join("/").replace(/index\.html$/, "");
  await page.goto(url);
  const modes = i === 0 || file.endsWith(path.join("2023", "hongze-gov", "index.html")) ? ["normal", "large"] : ["normal"];
  // A report page with a previous year is checked in its 与上年对比 view (#duibi) too.
  if (await page.$("#duibi")) modes.push("duibi");
  for (const mode of modes) {
    if (mode === "large") await page.click("#a11y-toggle");
    if (mode === "duibi") await page.goto(url + "#duibi");
    await page.evaluate(axeSource);
    const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ["violations"] }));
    for (const v of result.violations) {
      if (v.impact === "serious" || v.impact === "critical") {
        failures++;
        console.log(`${url} [${mode}]: ${v.impact} ${v.id}: ${v.help}`);
        for (const n of v.nodes.slice(0, 3)) console.log(`    ${n.target.join(" ")}`);
      }
    }
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    if (overflow > 0) {
      failures++;
      console.log(`${url} [${mode}]: content overflows a 390 px screen by ${overflow} px`);
    }
    if (mode === "large") await page.click("#a11y-toggle");
  }
}
await browser.close();
server.close();
console.log(`axe: ${files.length} pages checked, ${failures} serious/critical problems`);
process.exit(failures ? 1 : 0);
