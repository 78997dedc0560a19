// Browser end-to-end test of the registry UI, driven by a Rust test
// (crates/cli/tests/e2e.rs) that starts `casecourse serve` and sets:
//   CASECOURSE_URL, CASECOURSE_USER, CASECOURSE_PASSWORD (one-time),
//   CASECOURSE_NEW_PASSWORD, CASECOURSE_NARRATIVE (a text file),
//   CASECOURSE_SCREENSHOTS (a folder).
// Logs in with the one-time password and is made to change it, imports the
// narrative, corrects a fact and sets the index date in the curation view,
// checks that the course page shows the correction and that the cohort
// page offers the FHIR export, which then exports the course. Exit code
// 0 = pass.
import { chromium } from "playwright-core";
import { readFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";

const base = process.env.CASECOURSE_URL;
const user = process.env.CASECOURSE_USER;
const password = process.env.CASECOURSE_PASSWORD;
const newPassword = process.env.CASECOURSE_NEW_PASSWORD;
const narrative = readFileSync(process.env.CASECOURSE_NARRATIVE, "utf8");
const shots = process.env.CASECOURSE_SCREENSHOTS || "screenshots";
mkdirSync(shots, { recursive: true });

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
let failed = false;
function check(ok, what) {
  console.log(`${ok ? "ok" : "FAIL"}: ${what}`);
  if (!ok) failed = true;
}
const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
try {
  page.on("pageerror", (e) => check(false, `no script error (${e.message})`));

  await page.goto(`${base}/login`);
  await page.fill("input[name=username]", user);
  await page.fill("input[name=password]", password);
  await page.screenshot({ path: join(shots, "1-login.png") });
  await page.click("button[type=submit]");
  // A one-time password: every page leads to the change form until changed.
  await page.waitForURL(`${base}/account/password`);
  await page.goto(`${base}/import`);
  check(page.url() === `${base}/account/password`, "the one-time password had to be changed first");
  await page.fill("input[name=old_password]", password);
  await page.fill("input[name=new_password]", newPassword);
  await page.click("form[action='/account/password'] button[type=submit]");
  await page.waitForURL(`${base}/`);
  check((await page.textContent("header")).includes(user), "logged in");

  await page.goto(`${base}/import`);
  await page.fill("input[name=title]", "Founding case (e2e)");
  await page.fill("#narrative", narrative);
  await page.click("form[action='/import'] button[type=submit]");
  await page.waitForURL(/\/courses\/\d+\/curate$/);
  const courseUrl = page.url().replace(/\/curate$/, "");
  check((await page.locator("div.source").textContent()).length > 20, "source text shown");

  // A fact to correct: the first extracted one, or one added by hand.
  let rows = page.locator("table.facts tbody tr");
  if ((await rows.count()) === 0) {
    await page.selectOption("select[name=kind]", "lab");
    await page.fill("form[action$='/facts/add'] input[name=name]", "ferritin");
    await page.fill("form[action$='/facts/add'] input[name=value]", "1500");
    await page.click("form[action$='/facts/add'] button[type=submit]");
    await page.waitForLoadState();
    rows = page.locator("table.facts tbody tr");
  }
  check((await rows.count()) > 0, `facts listed (${await rows.count()})`);
  // Prefer a lab value: the chart plots it, so the correction shows there.
  const labRows = page.locator("table.facts tbody tr", { has: page.locator("td:text-is('lab')") });
  const isLab = (await labRows.count()) > 0;
  // A biomarker the chart draws by default (ferritin, KL-6, CRP) if there is one.
  const plotted = labRows.filter({ has: page.locator("td.name", { hasText: /^(ferritin|KL-6)$/ }) });
  const row = (await plotted.count()) > 0 ? plotted.first() : isLab ? labRows.first() : rows.first();
  const factId = await row.getAttribute("data-fact");
  await page.screenshot({ path: join(shots, "2-curate.png"), fullPage: false });
  await row.locator("summary").click();
  await row.locator("input[name=value]").fill("4242");
  if (!isLab) await row.locator("input[name=name]").fill("corrected by e2e");
  await row.locator("form[action$='/correct'] button[type=submit]").click();
  await page.waitForLoadState();
  const fixed = page.locator(`table.facts tr[data-fact="${factId}"]`);
  check((await fixed.locator("td.value").textContent()).trim() === "4242", "curation view shows the corrected value");

  // Day 0 gets a calendar date through the date input (FHIR export needs it).
  await page.fill("form[action$='/index-date'] input[type=date]", "2024-03-01");
  await page.click("form[action$='/index-date'] button:text-is('Save date')");
  await page.waitForLoadState();
  check((await page.locator("section.index-date").textContent()).includes("2024-03-01"),
        "curation view shows the index date set");

  await page.goto(courseUrl);
  const timeline = await page.locator("table.timeline").textContent();
  check(timeline.includes("4242"), "course page timeline shows the correction");
  if (isLab) {
    const svg = await (await page.request.get(`${courseUrl}/chart.svg`)).text();
    check(svg.includes("4242"), "the chart shows the corrected value");
    const before = await (await page.request.get(`${courseUrl}/chart.svg?view=extracted`)).text();
    check(!before.includes("4242"), "the extracted chart does not");
  }
  check((await page.locator("body").textContent()).includes("correct"), "correction listed in history");
  const chartOk = await page.locator("img.chart").evaluate((img) => img.complete && img.naturalWidth > 0);
  check(chartOk, "course chart rendered");
  await page.screenshot({ path: join(shots, "3-course.png"), fullPage: true });

  await page.goto(`${courseUrl}?view=extracted`);
  const extracted = await page.locator("table.timeline").textContent();
  check(!extracted.includes("4242"), "the extracted view is unchanged");

  await page.goto(`${base}/cohort`);
  const fhirHref = await page.locator("a.fhir-export").getAttribute("href");
  const fhir = await (await page.request.get(`${base}${fhirHref}`)).json();
  check(fhir.format === "casecourse.cohort-fhir/1" && fhir.courses === fhir.bundles.length + fhir.refused.length,
        "cohort page links the FHIR export");
  const courseId = Number(courseUrl.split("/").pop());
  check(fhir.bundles.some((b) => b.course_id === courseId),
        `the dated course is exported (refused: ${JSON.stringify(fhir.refused)})`);
  await page.screenshot({ path: join(shots, "4-cohort.png"), fullPage: true });
} catch (e) {
  check(false, `no exception (${e.stack || e})`);
  console.log(`at ${page.url()}: ${(await page.content()).slice(0, 1500)}`);
  await page.screenshot({ path: join(shots, "error.png") });
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);
