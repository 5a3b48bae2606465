// `gongkai serve` in a real browser: the live-reload script and the error overlay as a clerk sees
// them. The Rust tests check the event stream and the served markup; this checks what the page's
// script does with them, in headless Chromium:
//   1. saving an edited report reloads the open page, which shows the new number;
//   2. a broken save (bad TOML) keeps the page and shows the overlay with file, line and rule,
//      the file just saved first and the other files' findings folded;
//   3. fixing the file removes the overlay by itself;
//   4. a stylesheet-only change swaps the styles without reloading the page.
//
//   node serve.mjs GONGKAI_BINARY SITE_DIR
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium } from "playwright-core";

const [bin, source] = process.argv.slice(2);
const site = fs.mkdtempSync(path.join(os.tmpdir(), "gongkai-e2e-serve-"));
fs.cpSync(path.join(source, "content"), path.join(site, "content"), { recursive: true });
fs.copyFileSync(path.join(source, "site.toml"), path.join(site, "site.toml"));
const report = path.join(site, "content", "2024", "huaian-gov.md");
const original = fs.readFileSync(report, "utf8");

const server = spawn(bin, ["serve", site, "--port", "0"], { stdio: ["ignore", "pipe", "pipe"] });
let log = "";
const url = await new Promise((resolve, reject) => {
  const timer = setTimeout(() => reject(new Error("serve did not start:\n" + log)), 60000);
  const onData = (d) => {
    log += d;
    // "Serving … at URL" / "正在 URL 提供 …": the URL, whatever the language.
    const m = log.match(/(http:\/\/127\.0\.0\.1:\d+\/)/);
    if (m) { clearTimeout(timer); resolve(m[1]); }
  };
  server.stdout.on("data", onData);
  server.stderr.on("data", onData);
  server.on("exit", (code) => reject(new Error(`serve exited with ${code}:\n${log}`)));
});

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
/// Save like an editor that writes a temp file and renames it over the original.
const save = (text) => {
  fs.writeFileSync(report + ".tmp", text);
  fs.renameSync(report + ".tmp", report);
};
const waitFor = async (page, fn, arg) => {
  try {
    await page.waitForFunction(fn, arg, { timeout: 20000, polling: 100 });
    return true;
  } catch {
    return false;
  }
};

try {
  const page = await browser.newPage();
  await page.goto(url + "2024/huaian-gov/");
  await page.waitForLoadState("load");
  // Give the event stream a moment to connect before the first edit.
  await waitFor(page, () => true);
  await page.waitForTimeout(500);
  check((await page.content()).includes("447228"), "the report page shows 行政许可 447228");

  // 1. An edit reloads the page: the marker set on this document disappears with it.
  await page.evaluate(() => { window.__before = true; });
  save(original.replace("licensing  = 447228", "licensing  = 447229"));
  const reloaded = await waitFor(page, () => !window.__before && document.body.innerText.includes("447229"));
  check(reloaded, "saving the report reloads the page with the new number");

  // 2. A broken save keeps the page and shows the overlay.
  await page.evaluate(() => { window.__before = true; });
  save(original.replace("licensing  = 447228", "licensing  = = 447228"));
  const shown = await waitFor(page, () => {
    const o = document.getElementById("gongkai-overlay");
    return o && o.innerText.includes("content/2024/huaian-gov.md") && o.innerText.includes("F-FORMAT");
  });
  check(shown, "a broken save shows the overlay with file and rule");
  if (shown) {
    const text = await page.evaluate(() => document.getElementById("gongkai-overlay").innerText);
    const line = original.split("\n").findIndex((l) => l.startsWith("licensing")) + 1;
    check(text.includes(`:${line}`) || text.includes(`${line}`), `the overlay names line ${line}`);
    // The demo's other reports have errors too: the file just saved comes first, on screen, and
    // the others are folded.
    const order = await page.evaluate(() => {
      const o = document.getElementById("gongkai-overlay");
      const first = o.querySelector(":scope > ul > li");
      const folded = o.querySelector(":scope > details");
      const r = first.getBoundingClientRect();
      return {
        first: first.innerText,
        onScreen: r.top >= 0 && r.bottom <= window.innerHeight,
        folded: !!folded && !folded.open && folded.querySelectorAll("li").length > 0,
      };
    });
    check(order.first.includes("content/2024/huaian-gov.md"), "the overlay lists the file just saved first");
    check(order.onScreen, "…where it can be read without scrolling");
    check(order.folded, "…and folds the findings of other files");
  }
  check(await page.evaluate(() => window.__before === true && document.body.innerText.includes("447229")),
    "the last good page stays in place");

  // 3. Fixing it removes the overlay.
  save(original);
  const gone = await waitFor(page, () => !document.getElementById("gongkai-overlay")
    && document.body.innerText.includes("447228"));
  check(gone, "fixing the file removes the overlay and shows the fixed page");

  // 4. A stylesheet-only change is swapped in without a reload.
  await page.evaluate(() => { window.__before = true; });
  const css = path.join(site, "static", "style.css");
  fs.mkdirSync(path.dirname(css), { recursive: true });
  const themeCss = await (await fetch(url + "style.css")).text();
  fs.writeFileSync(css, themeCss + "\nbody { outline: 7px solid rgb(1, 2, 3); }\n");
  const swapped = await waitFor(page, () => getComputedStyle(document.body).outlineWidth === "7px");
  check(swapped, "a CSS change applies to the open page");
  check(await page.evaluate(() => window.__before === true), "…without reloading it");
} finally {
  await browser.close();
  server.kill("SIGINT");
  await new Promise((r) => server.on("exit", r));
  fs.rmSync(site, { recursive: true, force: true });
}
console.log(`e2e: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
