// Screenshots of every screen from the fake-backend preview, in light and dark, with
// headless Debian Chromium via playwright-core. Also fails on console errors, page errors
// and CSP violations (the preview server sends the app's CSP).
//
//   npm run build:fake && npm run shots            # PNGs go to /tmp/ui-shots (or $SHOTS_DIR)
//   AXE=1 npm run shots                            # also fail on serious/critical axe findings
//
// Needs: apt-get install -y chromium; npm i -D playwright-core (already a devDependency).
import { spawn } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { chromium } from "playwright-core";

const OUT = process.env.SHOTS_DIR ?? "/tmp/ui-shots";
const PORT = 4173;
const BASE = `http://127.0.0.1:${PORT}/`;
const only = process.argv.slice(2);
// The preview serves the sandbox's recorded data; scenes open its records by id.
const fixtures = JSON.parse(readFileSync(new URL("../generated/fixtures.json", import.meta.url), "utf8"));
const vehicle = (i) => fixtures.vehicles[i].id;
const customer = (i) => fixtures.customers[i].id;
mkdirSync(OUT, { recursive: true });

const server = spawn("npx", ["vite", "preview", "--mode", "fake", "--host", "127.0.0.1", "--port", String(PORT), "--strictPort"], { stdio: ["ignore", "pipe", "pipe"], detached: true });
const stopServer = () => {
  try {
    process.kill(-server.pid, "SIGTERM");
  } catch {
    /* already gone */
  }
};
process.on("exit", stopServer);

async function waitForServer() {
  for (let i = 0; i < 100; i++) {
    try {
      const r = await fetch(BASE);
      if (r.ok) return;
    } catch {
      /* not yet */
    }
    await sleep(100);
  }
  throw new Error("preview server did not start (run `npm run build:fake` first)");
}

/** [name, query, hash, setup(page)] */
const SCENES = [
  ["dashboard", "", "#/dashboard", async (p) => p.waitForSelector('[data-testid="kpi-total-vehicles"]')],
  ["dashboard-bottom", "", "#/dashboard", async (p) => { await p.waitForSelector('[data-testid="kpi-total-vehicles"]'); await p.$eval("main", (m) => { m.scrollTop = m.scrollHeight; }); }],
  ["inventory", "", "#/inventory", async (p) => p.waitForSelector('[data-testid="vehicle-row"]')],
  ["inventory-filtered", "", "#/inventory?type=sale&minYear=2019&sort=price&order=asc", async (p) => p.waitForSelector('[data-testid="vehicle-row"]')],
  ["inventory-detail", "", `#/inventory/${vehicle(0)}`, async (p) => { await p.waitForSelector('[data-testid="vehicle-detail"] .detail-title'); await sleep(300); }],
  ["inventory-detail-bottom", "", `#/inventory/${vehicle(0)}`, async (p) => { await p.waitForSelector('[data-testid="vehicle-detail"] .detail-title'); await p.$eval(".drawer-body", (b) => { b.scrollTop = b.scrollHeight; }); await sleep(200); }],
  ["inventory-keyboard", "", "#/inventory", async (p) => {
    await p.waitForSelector('[data-testid="vehicle-row"]');
    await p.focus(".vtable [role=grid]");
    for (let i = 0; i < 3; i++) await p.keyboard.press("ArrowDown");
  }],
  ["inventory-empty-filter", "", "#/inventory?q=zzzz-no-such-car", async (p) => p.waitForSelector(".vt-message")],
  ["inventory-bad-range", "", "#/inventory?minYear=2024&maxYear=2015", async (p) => p.waitForSelector(".form-problems:not([hidden])")],
  ["customers", "", "#/customers", async (p) => p.waitForSelector('[data-testid="customer-row"]')],
  ["customer-conflict", "", `#/customers/${fixtures.conflicts[0].entityId}`, async (p) => p.waitForSelector('[data-testid="conflict-keep-mine"]')],
  [
    "customer-edited",
    "",
    `#/customers/${customer(9)}`,
    async (p) => {
      await p.waitForSelector('[data-testid="tag-input"]');
      await p.fill('[data-testid="tag-input"]', "test drive booked");
      await p.press('[data-testid="tag-input"]', "Enter");
      await p.fill('[data-testid="notes-input"]', "Called back, wants the blue Golf. <img src=x onerror=alert(1)>");
      await p.click('[data-testid="notes-save"]');
      await p.waitForSelector('[data-testid="customer-detail"] [data-testid="pending-badge"]');
    },
  ],
  ["test-drives", "", "#/test-drives", async (p) => p.waitForSelector('[data-testid="test-drive-row"]')],
  ["test-drives-completed", "", "#/test-drives?status=completed", async (p) => p.waitForSelector('[data-testid="test-drive-row"]')],
  ["test-drive-form", "", `#/test-drives?new=1&vehicle=${vehicle(1)}&customer=${customer(4)}`, async (p) => { await p.waitForSelector('[data-testid="test-drive-form"]'); await sleep(300); }],
  // The week of the first upcoming drive: blocks at the hours they were booked for.
  ["calendar", "", "#/calendar", async (p) => p.waitForSelector('[data-testid="calendar-block"]')],
  ["connections", "", "#/connections", async (p) => p.waitForSelector('[data-testid="profile-row"]')],
  // A server with the published API alone: what it offers, and the drives booked here.
  ["connections-docs-only", "?fakeDocsOnly=1", "#/connections", async (p) => p.waitForSelector('[data-testid="capabilities-summary"]')],
  ["test-drives-docs-only", "?fakeDocsOnly=1", "#/test-drives?status=all", async (p) => p.waitForSelector('[data-testid="td-booked-here"]')],
  ["dashboard-docs-only", "?fakeDocsOnly=1", "#/dashboard", async (p) => p.waitForSelector('[data-testid="kpi-total-vehicles"]')],
  ["offline", "?fakeOffline=1", "#/customers", async (p) => { await p.waitForSelector('[data-testid="offline-banner"]:not([hidden])'); await p.waitForSelector('[data-testid="customer-row"]'); }],
  [
    "syncing",
    "?fakeSlow=1",
    "#/dashboard",
    async (p) => {
      await p.waitForSelector('[data-testid="kpi-total-vehicles"]');
      await p.click('[data-testid="sync-now"]');
      await p.waitForSelector('[data-testid="sync-progress"]:not([hidden])');
      await sleep(6500);
    },
  ],
  ["empty-dashboard", "?fakeEmpty=1", "#/dashboard", async (p) => p.waitForSelector('[data-testid="dashboard-empty"]')],
  ["empty-inventory", "?fakeEmpty=1", "#/inventory", async (p) => p.waitForSelector(".vt-message")],
];

const problems = [];
const axeSource = process.env.AXE ? readFileSync(new URL("../node_modules/axe-core/axe.min.js", import.meta.url), "utf8") : null;

/** Serious and critical axe-core findings on the page as it is now, one line each. */
async function axeFindings(page) {
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => (await window.axe.run(document, { resultTypes: ["violations"] })).violations);
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")}`);
}
await waitForServer();
const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-background-networking", "--disable-gpu", "--disable-component-update", "--disable-sync", "--no-first-run"],
});
try {
  for (const scheme of ["light", "dark"]) {
    for (const [name, query, hash, setup] of SCENES) {
      if (only.length && !only.includes(name)) continue;
      const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme: scheme, deviceScaleFactor: 1 });
      const page = await ctx.newPage();
      page.on("console", (m) => {
        // The demo's photo URLs are not served anywhere; the UI shows its placeholder instead.
        if (/Failed to load resource/.test(m.text())) return;
        if (m.type() === "error" || /Content Security Policy/i.test(m.text())) problems.push(`${scheme}/${name}: console ${m.type()}: ${m.text()}`);
      });
      page.on("pageerror", (e) => problems.push(`${scheme}/${name}: page error: ${e.message}`));
      await page.goto(`${BASE}${query}${hash}`);
      try {
        await setup(page);
      } catch (e) {
        problems.push(`${scheme}/${name}: setup failed: ${e.message}`);
      }
      await sleep(200);
      if (axeSource) for (const f of await axeFindings(page)) problems.push(`${scheme}/${name}: axe ${f}`);
      const file = `${OUT}/${name}-${scheme}.png`;
      await page.screenshot({ path: file });
      console.log("wrote", file);
      await ctx.close();
    }
  }
} finally {
  await browser.close();
  stopServer();
}
if (problems.length) {
  console.error(problems.join("\n"));
  process.exitCode = 1;
}
