// Time from the last keystroke to the results on a built site's search page, in headless
// Chromium, each query typed key by key into a freshly opened page (so every query pays for the
// index files it reads, as a first-time reader does); the site is served by python3 -m
// http.server. Prints one line per query: median and worst of RUNS.
//
//   node bench/search-latency.mjs OUT_DIR [RUNS=5]
// Needs `npm ci` in tests/e2e (playwright-core) and chromium.
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(path.resolve("tests/e2e/package.json"));
const { chromium } = require("playwright-core");
const [dir, runsArg] = process.argv.slice(2);
const runs = Number(runsArg || 5);
const queries = ["统计", "依申请", "统计局", "2023 统计局", "云溪区教育局", "行政复议"];

const server = spawn("python3", ["-u", "-m", "http.server", "0", "--bind", "127.0.0.1", "--directory", dir],
  { stdio: ["ignore", "pipe", "ignore"] });
const port = await new Promise((resolve) => server.stdout.on("data", (d) => {
  const m = String(d).match(/port (\d+)/);
  if (m) resolve(m[1]);
}));
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu"],
});
try {
  for (const q of queries) {
    const times = [];
    let status = "";
    for (let i = 0; i < runs; i++) {
      const page = await browser.newPage();
      await page.goto(`http://127.0.0.1:${port}/sousuo/`);
      await page.waitForLoadState("load");
      await page.type("#search-q", q.slice(0, -1));
      // Measured inside the page: from the input event of the last key to the status line.
      const ms = await page.evaluate((last) => new Promise((resolve) => {
        const input = document.getElementById("search-q"), status = document.getElementById("search-status");
        const want = input.value + last;
        const t0 = performance.now();
        new MutationObserver((_, obs) => {
          const s = status.textContent;
          if ((s.startsWith("找到") || s.startsWith("没有")) && want.split(" ").every((w) => s.includes(`“${w}”`))) {
            obs.disconnect();
            resolve(performance.now() - t0);
          }
        }).observe(status, { childList: true, characterData: true, subtree: true });
        input.value = want;
        input.dispatchEvent(new Event("input"));
      }), q.slice(-1));
      status = await page.textContent("#search-status");
      times.push(ms);
      await page.close();
    }
    times.sort((a, b) => a - b);
    console.log(`${q}: median ${times[times.length >> 1].toFixed(0)} ms, worst ${times[times.length - 1].toFixed(0)} ms — ${status}`);
  }
} finally {
  await browser.close();
  server.kill();
}
