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

// Issue 15: the event view says why each field has its value, as
// `sitrep extract --explain` does: per field the rule and the words it
// matched, those words marked in the report text.
test("an event says which rule decided each field and marks the words it matched", async () => {
  const page = await openPage();
  await page.click('#events tbody tr:has-text("Kharkiv")');
  await page.waitForSelector("#event-view article.report .explain table.why-rules");
  const first = page.locator("#event-view article.report").first().locator(".explain");
  const rules = await first.locator("code.rule").allTextContents();
  for (const r of ["trigger:kill", "place-phrase-after-trigger", "casualty-figure-before-casualty-word", "no-modality-cue"])
    assert.ok(rules.includes(r), r + " in " + rules.join(", "));
  const fields = (await first.locator("td.field").allTextContents()).filter(Boolean);
  assert.deepEqual(fields.slice(0, 6), ["type", "mode", "actor", "recipient", "place", "date"]);
  const typeRow = await first.locator('tr[data-field="type"]').textContent();
  assert.match(typeRow, /trigger:kill.*“killed”/);
  assert.match(await first.locator('tr[data-field="modality"]').textContent(), /no words/);
  // The matched words are marked in the text, titled with field and rule.
  const marks = page.locator("#event-view article.report").first().locator("mark.why");
  const titles = await marks.evaluateAll((ms) => ms.map((m) => m.textContent + "=" + m.title));
  assert.ok(titles.some((t) => t.startsWith("At least 7=") && t.includes("killed: casualty-figure-before-casualty-word")), titles.join(" | "));
  assert.ok(titles.some((t) => t.startsWith("Kharkiv=") && t.includes("place: place-phrase-after-trigger")), titles.join(" | "));
  // The second report has its own rules; a report without records says so.
  const second = page.locator("#event-view article.report").nth(1).locator(".explain");
  assert.match(await second.textContent(), /trigger:shell.*“shelling”/);
  await page.click('#events tbody tr:has-text("Rafah")');
  await page.waitForSelector('#event-view article.report .explain:has-text("No rule records")');
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

test("country names resolve, the count says N of M and the URL keeps the filter", async () => {
  const page = await openPage();
  await page.fill("#f-country", "Nigeria");
  assert.equal(await page.inputValue("#f-country"), "Nigeria");  // not cut to three letters
  await page.fill("#f-country", "Ukraine");
  await page.selectOption("#f-type", "ASSAULT");
  await page.click("#apply");
  await page.waitForFunction(() => document.querySelectorAll("#events tbody tr").length === 2);
  assert.match(await page.locator("#count").textContent(), /2 of 2 shown/);
  assert.match(page.url(), /country=Ukraine/);
  assert.match(page.url(), /type=ASSAULT/);
  const href = await page.getAttribute("#export", "href");
  assert.match(href, /^\/api\/export\?/);
  assert.match(href, /country=Ukraine/);
  const csv = await (await page.request.get(BASE + href)).text();
  const lines = csv.trim().split("\n");
  assert.equal(lines.length, 3, csv);  // header + the two events of the filter
  assert.ok(lines[0].startsWith("event_id,event_date"), lines[0]);
  const again = await context.newPage();
  await again.goto(page.url());
  await again.waitForFunction(() => document.querySelectorAll("#events tbody tr").length === 2);
  assert.equal(await again.inputValue("#f-country"), "Ukraine");
  await again.close();
  await page.close();
});

test("a filter that matches nothing says so, with no 1970 axis", async () => {
  const page = await openPage();
  await page.fill("#f-from", "2031-01-01");
  await page.click("#apply");
  await page.waitForSelector("#events tbody tr.empty");
  assert.match(await page.locator("#events tbody").textContent(), /No events match/);
  assert.equal(await page.locator("#timeline .uplot").count(), 0);
  assert.match(await page.locator("#timeline").textContent(), /No dated events/);
  assert.doesNotMatch(await page.locator("body").textContent(), /1970/);
  await page.close();
});

test("pins are styled by place precision and sized by killed", async () => {
  const page = await openPage();
  await page.waitForFunction(() => document.querySelectorAll("#map path.leaflet-interactive").length >= 6);
  const town = await page.locator("#map path.pin-town").count();
  assert.ok(town >= 1, "town-level pins");
  const sizes = await page.$$eval("#map path.leaflet-interactive", (ps) => ps.map((p) => p.getBBox().width));
  assert.ok(Math.max(...sizes) > 2 * Math.min(...sizes), "bigger tolls draw bigger pins: " + sizes);
  assert.match(await page.locator("#legend").textContent(), /country only/);
  await page.close();
});

test("brushing the timeline filters by dates", async () => {
  const page = await openPage();
  await page.waitForSelector("#timeline .u-over");
  const box = await page.locator("#timeline .u-over").boundingBox();
  await page.mouse.move(box.x + box.width * 0.55, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.99, box.y + box.height / 2, { steps: 5 });
  await page.mouse.up();
  await page.waitForFunction(() => document.getElementById("f-from").value !== "");
  await page.waitForFunction(() => document.querySelectorAll("#events tbody tr").length < 6);
  assert.match(page.url(), /from=2024-03/);
  await page.close();
});

test("clicking a row low in the table brings the event into view", async () => {
  const page = await context.newPage();
  await page.setViewportSize({ width: 1280, height: 700 });
  await page.goto(BASE + "/");
  await page.waitForFunction(() => document.querySelectorAll("#events tbody tr").length === 6);
  await page.locator('#events tbody tr:has-text("Rafah")').scrollIntoViewIfNeeded();
  await page.click('#events tbody tr:has-text("Rafah")');
  await page.waitForSelector("#event-view article.report");
  await page.waitForTimeout(200);
  const top = await page.evaluate(() => document.getElementById("event-view").getBoundingClientRect().top);
  assert.ok(top >= -5 && top < 700, "event view in sight, top " + top);
  await page.close();
});

test("on a phone the page fits the width and the table scrolls", async () => {
  const page = await context.newPage();
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(BASE + "/");
  await page.waitForFunction(() => document.querySelectorAll("#events tbody tr").length === 6);
  const over = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(over <= 1, "no sideways page scroll: " + over);
  const t = await page.evaluate(() => {
    const s = document.querySelector("#table-panel .scroll");
    return { sw: s.scrollWidth, cw: s.clientWidth, ox: getComputedStyle(s).overflowX };
  });
  assert.ok(t.ox === "auto" || t.ox === "scroll", "table box scrolls sideways");
  assert.ok(t.sw >= t.cw);
  await page.close();
});

// The page against a reference picture (tests/web/reference.png), compared in
// the browser: small differences (fonts, antialiasing) pass, a broken layout
// does not. SITREP_UPDATE_REFERENCE=1 writes a new reference.
test("the page looks like its reference picture", async () => {
  const page = await context.newPage();
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(BASE + "/");
  await page.waitForFunction(() => document.querySelectorAll("#map path.leaflet-interactive").length >= 6);
  await page.waitForSelector("#timeline .uplot");
  await page.waitForSelector("#tally-chart .uplot");
  await page.waitForTimeout(300);
  const shot = await page.screenshot();
  const ref = path.resolve("tests/web/reference.png");
  if (process.env.SITREP_UPDATE_REFERENCE === "1" || !fs.existsSync(ref)) {
    fs.writeFileSync(ref, shot);
    await page.close();
    return;
  }
  const a = "data:image/png;base64," + shot.toString("base64");
  const b = "data:image/png;base64," + fs.readFileSync(ref).toString("base64");
  const cmp = await page.evaluate(async ([a, b]) => {
    const load = (src) => new Promise((ok, bad) => { const i = new Image(); i.onload = () => ok(i); i.onerror = bad; i.src = src; });
    const [ia, ib] = await Promise.all([load(a), load(b)]);
    if (ia.width !== ib.width || ia.height !== ib.height) return { size: [ia.width, ia.height, ib.width, ib.height] };
    const px = (img) => {
      const c = document.createElement("canvas");
      c.width = img.width; c.height = img.height;
      const g = c.getContext("2d");
      g.drawImage(img, 0, 0);
      return g.getImageData(0, 0, img.width, img.height).data;
    };
    const da = px(ia), db = px(ib);
    let far = 0, sum = 0;
    for (let i = 0; i < da.length; i += 4) {
      const d = Math.abs(da[i] - db[i]) + Math.abs(da[i + 1] - db[i + 1]) + Math.abs(da[i + 2] - db[i + 2]);
      sum += d;
      if (d > 96) far++;
    }
    const n = da.length / 4;
    return { far: far / n, mean: sum / n / 3 };
  }, [a, b]);
  assert.ok(!cmp.size, "same size as the reference: " + JSON.stringify(cmp.size));
  assert.ok(cmp.far < 0.03 && cmp.mean < 6, "close to the reference: " + JSON.stringify(cmp));
  await page.close();
});

test("no script errors on the page", () => {
  assert.deepEqual(pageErrors, []);
});
