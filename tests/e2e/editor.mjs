// 在线填报 in a real browser: `serve` on a copy of the demo site; a clerk opens the link serve
// printed, creates 淮安市人民政府's report for 2025 through 新建报告, types numbers (full-width
// digits among them) and one 总计 that does not add up, sees the finding at that cell (with the
// sum offered, not filled in), saves with the keyboard and sees the report page with the numbers.
// Then: the file holds exactly the typed numbers and `check` finds exactly that total; a build
// of the edited site equals a build of a copy where the same file was written by hand; the form
// is axe clean and usable at 1280 and 768 px.
//
//   node editor.mjs GONGKAI_BINARY SITE_DIR
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createRequire } from "node:module";
import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
const axeSource = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const [bin, source] = process.argv.slice(2);
const work = fs.mkdtempSync(path.join(os.tmpdir(), "gongkai-e2e-editor-"));
const copySite = (to) => {
  fs.cpSync(path.join(source, "content"), path.join(to, "content"), { recursive: true });
  fs.copyFileSync(path.join(source, "site.toml"), path.join(to, "site.toml"));
};
const site = path.join(work, "site");
copySite(site);
const report = path.join(site, "content", "2025", "huaian-gov.md");

const server = spawn(bin, ["serve", site, "--port", "0"], { stdio: ["ignore", "pipe", "pipe"] });
let log = "";
const link = await new Promise((resolve, reject) => {
  const timer = setTimeout(() => reject(new Error("serve did not start:\n" + log)), 60000);
  const onData = (d) => {
    log += d;
    const m = log.match(/(http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]+)/);
    if (m) { clearTimeout(timer); resolve(m[1]); }
  };
  server.stdout.on("data", onData);
  server.stderr.on("data", onData);
  server.on("exit", (code) => reject(new Error(`serve exited with ${code}:\n${log}`)));
});
const origin = new URL(link).origin;

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
const axe = async (page, what) => {
  await page.addScriptTag({ content: axeSource });
  const r = await page.evaluate(async () => (await window.axe.run(document)).violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ")}`));
  check(r.length === 0, `${what} is axe clean ${r.join("; ")}`);
};

try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  // The printed link keeps the secret in a cookie and drops it from the address bar.
  await page.goto(link);
  check(!page.url().includes("token="), "the link's secret leaves the address bar");
  // The editor's link covers nothing of the page: not the 大字 button, not the heading that
  // #duibi scrolls to (it sat over both when it floated at the top right).
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 844 });
    await page.goto(origin + "/2024/hongze-gov/#duibi");
    const hit = await page.evaluate(() => {
      const over = (e) => { const bar = document.getElementById("gongkai-editor-bar").getBoundingClientRect();
        const r = e.getBoundingClientRect();
        return r.left < bar.right && bar.left < r.right && r.top < bar.bottom && bar.top < r.bottom; };
      const heading = over(document.querySelector("#duibi h2"));
      window.scrollTo(0, 0);
      return { heading, toggle: over(document.getElementById("a11y-toggle")) };
    });
    check(!hit.toggle && !hit.heading, `at ${width} px the editor's link covers nothing: ${JSON.stringify(hit)}`);
  }
  await page.setViewportSize({ width: 1280, height: 900 });
  // 新建报告 on the department's page.
  await page.goto(origin + "/departments/huaian-gov/");
  const newLink = page.locator("#gongkai-editor-bar a");
  check(await newLink.count() === 1, "the department page offers 新建报告");
  await newLink.click();
  await page.getByLabel(/^(单位|Body)$/).selectOption("huaian-gov");
  await page.getByLabel(/^(年度|Year)$/).fill("2025");
  await page.keyboard.press("Enter");
  await page.waitForURL(/\/__gongkai\/editor\/report\/2025\/huaian-gov$/);
  check(await page.locator("h1").textContent().then((t) => t.includes("2025")), "the form for 2025 opens");
  // Carried over from 2024's 结转下年度, as `gongkai new` does.
  const carried = await page.getByLabel("表三 二、上年结转政府信息公开申请数量 · 自然人", { exact: true }).inputValue();
  check(carried === "103", `上年结转 comes from last year (${carried})`);

  // Keyboard only: focus a cell, type, Tab to the next.
  const licensing = page.getByLabel("表二 行政许可 · 本年处理决定数量", { exact: true });
  await licensing.focus();
  await page.keyboard.press("Control+A");
  await page.keyboard.type("１２");
  const upheld = page.getByLabel("表四 行政复议 · 结果维持", { exact: true });
  await upheld.focus();
  await page.keyboard.press("Control+A");
  await page.keyboard.type("３");
  for (const label of ["表四 行政复议 · 结果纠正", "表四 行政复议 · 其他结果", "表四 行政复议 · 尚未审结"]) {
    await page.keyboard.press("Tab");
    check(await page.evaluate((l) => document.activeElement.getAttribute("aria-label") === l, label), `Tab reaches ${label}`);
  }
  await page.keyboard.press("Tab");
  await page.keyboard.press("Control+A");
  await page.keyboard.type("5");
  // 结转下年度 as carried over, and the three narrative sections, so that the one total typed
  // wrong is the only error.
  for (const [label, value] of [["表三 四、结转下年度继续办理 · 自然人", "１０３"], ["表三 四、结转下年度继续办理 · 总计", "103"]]) {
    await page.getByLabel(label, { exact: true }).fill(value);
  }
  for (const area of await page.locator("textarea[data-section]").all()) {
    await area.fill("2025年，本机关依法做好政府信息公开工作。");
  }
  const total = page.getByLabel("表四 行政复议 · 总计", { exact: true });
  const shown = await page.waitForFunction(() => {
    const el = document.querySelector('[data-cell="review_litigation.review.total"]');
    const t = document.getElementById("f-" + el.id).textContent;
    return el.getAttribute("aria-invalid") === "true" && /(总计为|is) 5/.test(t) && t;
  }, null, { timeout: 20000 }).then((h) => h.jsonValue(), () => "");
  check(/5/.test(shown) && /3/.test(shown), `the finding is shown at the 总计 cell: ${shown}`);
  check(await page.locator("#f-" + (await total.getAttribute("id")) + " button.offer").count() === 1, "the sum is offered");
  check(await total.inputValue() === "5", "the typed total is kept, not replaced");
  await axe(page, "the form at 1280 px");
  await page.setViewportSize({ width: 768, height: 1024 });
  const fits = await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1);
  check(fits, "at 768 px the page does not scroll sideways (tables scroll in their own region)");
  await axe(page, "the form at 768 px");
  await page.setViewportSize({ width: 1280, height: 900 });

  // Save with Enter from a cell; the report page follows, with the numbers.
  await licensing.focus();
  await page.keyboard.press("Enter");
  await page.waitForURL(origin + "/2025/huaian-gov/", { timeout: 20000 });
  const ok = await page.waitForFunction(() => document.querySelector("#table-active") &&
    document.querySelector("#table-active").textContent.includes("12"), null, { timeout: 20000, polling: 200 })
    .then(() => true, () => false);
  check(ok, "the report page shows the saved numbers");

  const text = fs.readFileSync(report, "utf8");
  check(/\nlicensing *= 12\n/.test(text), "the file holds 行政许可 12");
  check(/\nreview *= \[3, 0, 0, 0, 5\]/.test(text), "the file holds 行政复议 [3, 0, 0, 0, 5] as typed");
  check(/\ncarried_forward = \[103, 0, 0, 0, 0, 0, 103\]/.test(text), "the file holds 结转下年度 103 typed full-width");
  const checked = spawnSync(bin, ["check", "--format", "json", site], { encoding: "utf8", env: { ...process.env, LANG: "C" } });
  const findings = JSON.parse(checked.stdout).filter((d) => d.file === "content/2025/huaian-gov.md" && d.severity === "error");
  check(findings.length === 1 && findings[0].rule === "R-T4" && findings[0].cell === "review_litigation.review.total",
    `check finds exactly the total typed wrong: ${JSON.stringify(findings)}`);
} finally {
  await browser.close();
  server.kill("SIGINT");
  await new Promise((r) => server.on("exit", r));
}

// The same file written by hand into a fresh copy builds byte for byte the same site.
const hand = path.join(work, "hand");
copySite(hand);
fs.mkdirSync(path.join(hand, "content", "2025"), { recursive: true });
fs.writeFileSync(path.join(hand, "content", "2025", "huaian-gov.md"), fs.readFileSync(report));
const env = { ...process.env, SOURCE_DATE_EPOCH: "1764547200" };
for (const [s, o] of [[site, "out-edited"], [hand, "out-hand"]]) {
  const r = spawnSync(bin, ["build", s, "--output", path.join(work, o)], { encoding: "utf8", env });
  check(r.status === 0, `build of ${o} ${r.stderr}`);
}
const files = (dir) => fs.readdirSync(dir, { recursive: true }).filter((f) => !f.startsWith(".gongkai")).sort();
const a = files(path.join(work, "out-edited"));
const b = files(path.join(work, "out-hand"));
let same = JSON.stringify(a) === JSON.stringify(b);
for (const f of a) {
  const pa = path.join(work, "out-edited", f);
  if (!same || fs.statSync(pa).isDirectory()) continue;
  same = fs.readFileSync(pa).equals(fs.readFileSync(path.join(work, "out-hand", f)));
  if (!same) console.log("differs: " + f);
}
check(same, `the build equals a build of the file written by hand (${a.length} files)`);
check(!fs.readFileSync(path.join(work, "out-edited", "2025", "huaian-gov", "index.html"), "utf8").includes("__gongkai"),
  "no editor markup in the build");

// 单位管理 and 导入 on a second copy (the first is compared with a hand-written build above).
const site2 = path.join(work, "site2");
copySite(site2);
const gongshu = path.join(site2, "content", "2023", "gongshu-tongjiju.md");
fs.rmSync(gongshu);
const server2 = spawn(bin, ["serve", site2, "--port", "0"], { stdio: ["ignore", "pipe", "pipe"] });
let log2 = "";
const link2 = await new Promise((resolve, reject) => {
  const timer = setTimeout(() => reject(new Error("serve did not start:\n" + log2)), 60000);
  const onData = (d) => {
    log2 += d;
    const m = log2.match(/(http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]+)/);
    if (m) { clearTimeout(timer); resolve(m[1]); }
  };
  server2.stdout.on("data", onData);
  server2.stderr.on("data", onData);
});
const origin2 = new URL(link2).origin;
const browser2 = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run"],
});
try {
  const page = await browser2.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(link2);
  // 管理单位 from the site's departments page.
  await page.goto(origin2 + "/departments/");
  const manage = page.locator("#gongkai-editor-bar a");
  check(await manage.count() === 1, "the departments page offers 管理单位");
  await manage.click();
  await page.waitForURL(/\/__gongkai\/editor\/departments$/);
  await axe(page, "the departments page");
  const departments = path.join(site2, "content", "departments.toml");
  const before = fs.readFileSync(departments, "utf8");
  await page.getByLabel(/^(单位代码|Code)（/).fill("xin-jiedao");
  await page.getByLabel(/^(类型|Kind)$/).selectOption("street");
  await page.getByRole("button", { name: /保存|Save/ }).click();
  const alert = await page.locator("#dept-status").filter({ hasText: /名称|name/ }).textContent({ timeout: 20000 }).catch(() => "");
  check(alert.includes("请填写单位名称"), `a missing name is refused in Chinese: ${alert}`);
  check(fs.readFileSync(departments, "utf8") === before, "nothing written on a refusal");
  await page.getByLabel(/^(名称|Name)$/).fill("示例市云溪区新街道办事处");
  await page.getByLabel(/^(所属地区|Region)/).fill("示例市云溪区");
  await page.getByLabel(/^(起始年份|First year)/).fill("２０２５");
  await page.getByLabel(/^(名称|Name)$/).press("Enter");
  await page.waitForURL(/departments\?slug=xin-jiedao&saved=1$/, { timeout: 20000 });
  check(await page.locator("p.saved").count() === 1, "the page says it is saved");
  check(fs.readFileSync(departments, "utf8") === before +
    "\n[xin-jiedao]\nname = \"示例市云溪区新街道办事处\"\nkind = \"street\"\nregion = \"示例市云溪区\"\nsince = 2025\n",
    "departments.toml gains exactly the new entry");

  // 导入: a published .docx chosen on the page; summarised, reviewed in the form, then saved.
  await page.goto(origin2 + "/__gongkai/editor/import");
  await axe(page, "the import page");
  await page.setInputFiles("#import-files", path.join(source, "tests", "fixtures", "import", "gongshu-tongjiju-2023.docx"));
  const review = page.locator("a.review");
  await review.waitFor({ timeout: 60000 });
  const summary = await page.locator(".import-file").textContent();
  check(/将导入 → content\/2023\/gongshu-tongjiju\.md/.test(summary) && /找到/.test(summary),
    `the command's summary is shown: ${summary.slice(0, 200)}`);
  check(!fs.existsSync(gongshu), "nothing is written before the form is saved");
  await review.click();
  await page.waitForURL(/\/__gongkai\/editor\/draft\//);
  const licensing = await page.getByLabel("表二 行政许可 · 本年处理决定数量", { exact: true }).inputValue();
  check(licensing !== "", `the imported numbers are in the form (行政许可 ${licensing})`);
  await page.getByRole("button", { name: /^(保存|Save)$/ }).click();
  await page.waitForURL(origin2 + "/2023/gongshu-tongjiju/", { timeout: 30000 });
  check(fs.existsSync(gongshu), "saved: the report is in content/");
  check(fs.existsSync(path.join(site2, "content", "2023", "gongshu-tongjiju.docx")), "the original is kept beside it");
} finally {
  await browser2.close();
  server2.kill("SIGINT");
  await new Promise((r) => server2.on("exit", r));
}
fs.rmSync(work, { recursive: true, force: true });
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
