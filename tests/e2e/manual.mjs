// The user manual as published with the portal (/shouce/), in a real browser, on the demo built
// under a sub-path (/nianbao/) and served by Python's plain static server:
//   1. the about page links the manual; the manual's table of contents links every chapter;
//   2. typing "published" in the manual's search lists sections that contain it, the format
//      chapter's key table among them, and a result opens its page at the section's heading;
//   3. a link to an anchor of another chapter lands on that heading;
//   4. no console error or failed request.
//
//   node manual.mjs GONGKAI_BINARY SITE_DIR
import { spawn, execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium } from "playwright-core";

const [bin, source] = process.argv.slice(2);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "gongkai-e2e-manual-"));
const out = path.join(tmp, "nianbao");
execFileSync(bin, ["build", source, "--output", out, "--base-url", "/nianbao/"], { stdio: "inherit" });

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
const fail = (what) => { failed++; console.log("FAIL: " + what); };
try {
  const page = await browser.newPage();
  page.on("console", (m) => { if (m.type() === "error") fail("console error: " + m.text()); });
  page.on("requestfailed", (r) => fail("request failed: " + r.url()));
  page.on("response", (r) => { if (r.status() >= 400) fail(`${r.status()} ${r.url()}`); });

  await page.goto(site + "about/");
  const manualLink = page.locator('a[href="/nianbao/shouce/"]');
  if (await manualLink.count() === 0) fail("the about page does not link /nianbao/shouce/");
  await manualLink.first().click();
  await page.waitForURL(site + "shouce/");
  const chapters = await page.locator(".manual-toc > ol a").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
  if (chapters.length < 12) fail(`the table of contents lists ${chapters.length} chapters`);
  for (const href of chapters) {
    if (!href.startsWith("/nianbao/shouce/")) fail("a chapter link outside the manual: " + href);
  }

  await page.fill("#manual-q", "published");
  await page.waitForSelector("#manual-results li a");
  const results = await page.locator("#manual-results li a").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
  if (!results.some((h) => h.startsWith("/nianbao/shouce/format/#"))) {
    fail("searching 'published' does not find the format chapter: " + results.join(", "));
  }
  const first = results[0];
  await page.locator("#manual-results li a").first().click();
  await page.waitForURL((u) => u.pathname + u.hash === decodeURI(first) || u.href.endsWith(first));
  const id = decodeURIComponent(first.split("#")[1] || "");
  if (id && await page.locator(`[id="${id}"]`).count() !== 1) fail(`result ${first} has no heading #${id}`);

  await page.goto(site + "shouce/first-day/");
  const toFormat = page.locator('article a[href^="/nianbao/shouce/format/#"]').first();
  const href = await toFormat.getAttribute("href");
  await toFormat.click();
  await page.waitForURL((u) => u.pathname === "/nianbao/shouce/format/");
  const target = decodeURIComponent(href.split("#")[1]);
  const inView = await page.waitForFunction((id) => {
    const h = document.getElementById(id);
    if (!h) return false;
    const r = h.getBoundingClientRect();
    return r.top > -2 && r.top < window.innerHeight;
  }, target, { timeout: 5000 }).then(() => true, () => false);
  if (!inView) fail(`${href}: the heading #${target} is not scrolled into view`);
  console.log(`manual: ${chapters.length} chapters, search 'published' → ${results.length} sections, ${failed} problems`);
} finally {
  await browser.close();
  server.kill();
  fs.rmSync(tmp, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
