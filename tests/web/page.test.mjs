// Browser tests for the page served by `sitrep serve` (run by scripts/test-web.sh,
// which starts the server against tests/web/fixture.json and sets SITREP_URL).
// Drives Debian's chromium through playwright-core; no network beyond loopback.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const { chromium } = require(path.resolve(process.env.SITREP_NODE_MODULES || "node_modules", "playwright-core"));

const BASE = process.env.SITREP_URL;
const SHOT = process.env.SITREP_SCREENSHOT || "build/web-screenshot.png";
let browser, context, userDir;
const pageErrors = [];
const offsite = [];

before(async () => {
  assert.ok(BASE, "SITREP_URL is not set (run scripts/test-web.sh)");
  userDir = fs.mkdtempSync(path.join(os.tmpdir(), "sitrep-chromium-"));
  context = await chromium.launchPersistentContext(userDir, {
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    viewport: { width: 1280, height: 1400 },
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
      "--no-first-run", "--disable-sync", "--disable-quic"],
  });
  browser = context;
});

after(async () => {
  if (browser) await browser.close();
  if (userDir) fs.rmSync(userDir, { recursive: true, force: true });
});

async function openPage() {
  const page = await context.newPage();
  page.on("pageerror", (e) => pageErrors.push(String(e)));
  page.on("dialog", (d) => { pageErrors.push("dialog: " + d.message()); d.dismiss(); });
  page.on("request", (r) => { if (!r.url().startsWith(BASE)) offsite.push(r.url()); });
  await page.goto(BASE + "/");
  await page.waitForSelector("#events tbody tr");
  return page;
}

test("first load shows the latest events on the map, the timeline and the table", async () => {
  const page = await openPage();
  // Table, map and timeline render in turn: wait for each before counting
  // (a loaded CI machine is slow), then check exact figures.
  await page.waitForFunction(() => document.querySelectorAll("#events tbody tr").length >= 6);
  await page.waitForFunction(() => document.querySelectorAll("#map path.leaflet-interactive").length >= 6);
  await page.waitForSelector("#timeline .uplot");
  await page.waitForFunction(() => /events/.test(document.querySelector("#stats")?.textContent || ""));
  const rows = await page.locator("#events tbody tr").count();
  assert.equal(rows, 6);
  // Newest first.
  const firstDate = await page.locator("#events tbody tr").first().locator("td").first().textContent();
  assert.equal(firstDate, "2024-03-10");
  // One circle per located event, over the country shapes (no tiles).
  assert.equal(await page.locator("#map path.leaflet-interactive").count(), 6);
  assert.ok((await page.locator("#map .leaflet-overlay-pane path").count()) > 100, "country shapes drawn");
  assert.equal(await page.locator("#map img.leaflet-tile").count(), 0);
  assert.equal(await page.locator("#timeline .uplot").count(), 1);
  assert.match(await page.locator("#stats").textContent(), /6 events/);
  assert.deepEqual(offsite, [], "the page fetched nothing outside the server");
  await page.close();
});

test("filters narrow the table and the map", async () => {
  const page = await openPage();
  await page.selectOption("#f-type", "ASSAULT");
  await page.fill("#f-country", "ukr");
  await page.click("#apply");
  await page.waitForFunction(() => document.querySelectorAll("#events tbody tr").length === 2);
  const places = await page.locator("#events tbody tr td:nth-child(3)").allTextContents();
  assert.deepEqual(places.sort(), ["Kharkiv", "Kyiv"]);
  assert.equal(await page.locator("#map path.leaflet-interactive").count(), 2);
  await page.fill("#f-text", "shells");
  await page.click("#apply");
  await page.waitForFunction(() => document.querySelectorAll("#events tbody tr").length === 1);
  await page.click("#clear-filters");
  await page.waitForFunction(() => document.querySelectorAll("#events tbody tr").length === 6);
  await page.close();
});

test("an event shows its reports with the evidence, entities and numbers highlighted", async () => {
  const page = await openPage();
  await page.click('#events tbody tr:has-text("Kharkiv")');
  await page.waitForSelector("#event-view article.report mark.evidence");
  assert.equal(await page.locator("#event-view article.report").count(), 2);
  const evidence = await page.locator("#event-view article.report").first().locator("mark.evidence").allTextContents();
  assert.ok(evidence.join("").includes("At least 7 people were killed and 21 injured on Sunday"), evidence.join("|"));
  assert.ok((await page.locator("#event-view mark.ent-PLACE").count()) >= 2);
  assert.ok((await page.locator("#event-view mark.ent-ORG").count()) >= 1);
  assert.ok((await page.locator("#event-view mark.number").count()) >= 2);
  const cas = await page.locator("#event-view table.casualties").textContent();
  assert.match(cas, /killed799/);
  const sources = await page.locator("#event-view .sources").textContent();
  assert.match(sources, /Harbour Wire/);
  assert.match(sources, /Delta Daily/);
  assert.match(sources, /2 report\(s\)/);
  await page.screenshot({ path: SHOT, fullPage: true });
  await page.close();
});

test("a report with <script> and <img onerror> shows as text and runs nothing", async () => {
  const page = await openPage();
  await page.click('#events tbody tr:has-text("Kyiv")');
  await page.waitForSelector("#event-view article.report .report-text");
  const text = await page.locator("#event-view .report-text").textContent();
  assert.ok(text.includes('<img src=x onerror="document.body.dataset.pwned=1">'), text);
  assert.ok(text.includes("<script>document.body.dataset.pwned=2</script>"), text);
  assert.match(await page.locator("#event-view .sources").textContent(), /<script>alert\(1\)<\/script>/);
  assert.equal(await page.locator("#event-view img, #event-view script").count(), 0);
  await page.waitForTimeout(200);
  assert.equal(await page.evaluate(() => document.body.dataset.pwned || ""), "");
  assert.deepEqual(pageErrors.filter((e) => e.startsWith("dialog")), []);
  await page.close();
});

test("the tally chart draws the selected series", async () => {
  const page = await openPage();
  await page.waitForSelector("#tally-chart .uplot");
  assert.match(await page.locator("#tally-series").textContent(), /killed · Palestinians/);
  await page.close();
});

test("no script errors on the page", () => {
  assert.deepEqual(pageErrors, []);
});
