// Dashboard: inventory and customer KPIs with charts (listing type, body type, top-10
// brands, customer segments), pending test drives and the next few upcoming ones.

import { h, replaceChildren } from "../dom";
import { api } from "../backend";
import type { Dashboard, TestDrive } from "../backend";
import { appState, onDataChanged } from "../state";
import { label, money, moneyShort, num, shortDateTime } from "../format";
import { barChart, doughnutChart } from "../components/charts";
import type { ChartHandle, Datum } from "../components/charts";
import { badge, emptyState, errorState, kpiTile, loadingBlock, pageHeader } from "../components/ui";
import { testDriveDate } from "../domain";
import { runSync } from "../components/status-bar";
import { agingChart, loadAging } from "./dashboard-aging";
import type { View } from "./view";

/** Map entries → chart data, largest first, optionally the top N. */
export function topEntries(map: { [key: string]: number | undefined }, limit?: number): Datum[] {
  const out = Object.entries(map)
    .filter((e): e is [string, number] => typeof e[1] === "number")
    .map(([k, v]) => ({ label: k, value: v }))
    .sort((a, b) => b.value - a.value || a.label.localeCompare(b.label));
  return limit === undefined ? out : out.slice(0, limit);
}

function upcomingList(items: readonly TestDrive[]): HTMLElement {
  if (items.length === 0) return emptyState("No upcoming test drives", "New requests from your website show up here.");
  return h(
    "ol",
    { class: "upcoming-list" },
    items.map((td) =>
      h(
        "li",
        { class: "upcoming-item", "data-testid": "upcoming-test-drive" },
        h("time", { class: "upcoming-when", datetime: testDriveDate(td) }, shortDateTime(testDriveDate(td))),
        h("span", { class: "upcoming-who" }, td.name),
        h("span", { class: "upcoming-what muted" }, td.vehicleName ?? "Vehicle"),
        badge(label(td.status), td.status === "confirmed" ? "success" : "warning"),
      ),
    ),
  );
}

let firstPaintReported = false;

/** Once per app run, two frames after the first dashboard with numbers: the app logs
 *  its start-up time, and the app benchmark waits for it. */
function reportFirstPaint(): void {
  if (firstPaintReported) return;
  firstPaintReported = true;
  requestAnimationFrame(() => requestAnimationFrame(() => void api.dashboardPainted().catch(() => undefined)));
}

let chartsReported = false;

/** Once per app run, when the first dashboard's charts are drawn (they follow its numbers
 *  once those are on screen): the app logs it, and the app benchmark reports it. */
function reportChartsDrawn(charts: readonly ChartHandle[]): void {
  void Promise.all(charts.map((c) => c.drawn)).then((drawn) => {
    if (chartsReported || !drawn.some(Boolean)) return;
    chartsReported = true;
    void api.dashboardChartsDrawn().catch(() => undefined);
  });
}

let prefetched: Promise<Dashboard> | null = null;

/** Starts loading the dashboard before the app is mounted (it is the first screen), so
 *  the window's first frame can already show it; the first dashboard view takes it. */
export function prefetchDashboard(): Promise<Dashboard> {
  prefetched = api.dashboard();
  return prefetched;
}

function takePrefetched(): Promise<Dashboard> | null {
  const p = prefetched;
  prefetched = null;
  return p;
}

/** What an empty cache shows: "not synced yet", or an account that truly holds nothing. */
function emptyDashboard(neverSynced: boolean): HTMLElement {
  const [title, detail] = neverSynced
    ? ["Not synced yet", "This computer has no copy of your inventory, customers and test drives yet. Download them once; after that the console works offline too."]
    : ["Nothing here yet", "The server holds no vehicles and no customers for this account. New records show up here after the next sync."];
  return h(
    "div",
    { class: "card notice", "data-testid": "dashboard-empty", "data-never-synced": String(neverSynced) },
    h("div", null, h("p", { class: "empty-title" }, title), h("p", { class: "muted" }, detail)),
    h("button", { type: "button", class: "btn btn-primary", onclick: () => void runSync(true) }, "Sync now"),
  );
}

export function dashboardView(): View {
  const body = h("div", { class: "dashboard-body" }, loadingBlock("Loading dashboard…"));
  const el = h("section", { class: "view view-dashboard", "aria-labelledby": "dash-title" }, pageHeader("Dashboard"), body);
  el.querySelector("h1")?.setAttribute("id", "dash-title");
  let charts: ChartHandle[] = [];
  let seq = 0;

  function disposeCharts(): void {
    for (const c of charts) c.dispose();
    charts = [];
  }

  /** Fills the inventory section's aging slot once its figures come (if they do). */
  async function showAging(mine: number, slot: HTMLElement): Promise<void> {
    const stats = await loadAging();
    if (mine !== seq || !stats) return;
    const chart = agingChart(stats);
    if (!chart) return;
    charts.push(chart);
    slot.hidden = false;
    replaceChildren(slot, chart.el);
  }

  function render(d: Dashboard, mine: number): void {
    disposeCharts();
    const v = d.vehicles;
    const c = d.customers;
    const listing = doughnutChart("chart-listing-type", "Listings by type", [
      { label: "Sale", value: v.byListingType.sale },
      { label: "Rental", value: v.byListingType.rental },
      { label: "Auction", value: v.byListingType.auction },
    ]);
    const bodyTypes = barChart("chart-body-type", "Vehicles by body type", topEntries(v.byBodyType), { colorIndex: 0 });
    const brands = barChart("chart-brands", "Top 10 brands", topEntries(v.byBrand, 10), { horizontal: true, colorIndex: 1 });
    const segments = doughnutChart("chart-segments", "Customer segments", [
      { label: "New", value: c.segmentBreakdown.new },
      { label: "Regular", value: c.segmentBreakdown.regular },
      { label: "VIP", value: c.segmentBreakdown.vip },
      { label: "At risk", value: c.segmentBreakdown.atRisk },
    ]);
    const l = d.leads;
    // A server without the inbox (the published API) has no lead figures to show.
    const sources = l.total > 0 ? barChart("chart-lead-sources", "Leads by source", Object.entries(l.bySource).map(([k, n]) => ({ label: label(k), value: n })), { horizontal: true, colorIndex: 2 }) : null;
    charts = [listing, bodyTypes, brands, segments, ...(sources ? [sources] : [])];

    const agingSlot = h("div", { class: "chart-grid chart-grid-2", hidden: true });
    const nothing = v.totalVehicles === 0 && c.totalCustomers === 0;
    if (nothing) {
      // Zeros from an empty cache are not the dealer's figures: say what is true instead.
      disposeCharts();
      replaceChildren(body, emptyDashboard(appState.get().status?.lastSyncedAt === null));
      return;
    }
    replaceChildren(
      body,
      h(
        "section",
        { class: "dash-section", "aria-labelledby": "dash-inv" },
        h("h2", { id: "dash-inv", class: "section-title" }, "Inventory"),
        h(
          "div",
          { class: "kpi-grid" },
          kpiTile("kpi-total-vehicles", "Total vehicles", num(v.totalVehicles)),
          kpiTile("kpi-available-vehicles", "Available", num(v.availableVehicles), v.totalVehicles > 0 ? `${Math.round((v.availableVehicles / v.totalVehicles) * 100)}% of stock` : undefined),
          kpiTile("kpi-pending-test-drives", "Pending test drives", num(d.pendingTestDrives), "waiting for confirmation"),
        ),
        h("div", { class: "chart-grid" }, listing.el, bodyTypes.el, brands.el),
        agingSlot,
      ),
      sources
        ? h(
            "section",
            { class: "dash-section", "aria-labelledby": "dash-leads" },
            h("h2", { id: "dash-leads", class: "section-title" }, h("a", { href: "#/leads", class: "link" }, "Leads")),
            h(
              "div",
              { class: "kpi-grid" },
              kpiTile("kpi-new-leads-today", "New leads today", num(l.newToday), `${num(l.byStatus.new)} waiting for an answer`),
              kpiTile("kpi-first-response", "Median first response", l.medianFirstResponseMinutes === null ? "—" : `${num(l.medianFirstResponseMinutes, 1)} min`),
              kpiTile("kpi-overdue-tasks", "Overdue tasks", num(d.overdueTasks), "follow-ups past due"),
            ),
            h("div", { class: "chart-grid chart-grid-2" }, sources.el),
          )
        : null,
      h(
        "section",
        { class: "dash-section", "aria-labelledby": "dash-cust" },
        h("h2", { id: "dash-cust", class: "section-title" }, "Customers"),
        h(
          "div",
          { class: "kpi-grid kpi-grid-6" },
          kpiTile("kpi-total-customers", "Total customers", num(c.totalCustomers)),
          kpiTile("kpi-vip-customers", "VIP customers", num(c.vipCustomers)),
          kpiTile("kpi-total-revenue", "Total revenue", moneyShort(c.totalRevenue), `${num(c.totalTransactions)} transactions`, c.totalRevenue === null ? undefined : money(Math.round(c.totalRevenue))),
          kpiTile("kpi-average-spent", "Average spent", moneyShort(c.averageSpent), "per customer"),
          kpiTile("kpi-new-customers", "New (30 days)", num(c.newCustomersLast30Days)),
          kpiTile("kpi-average-lead-score", "Avg. lead score", num(c.averageLeadScore, 1), "out of 100"),
        ),
        h(
          "div",
          { class: "chart-grid chart-grid-2" },
          segments.el,
          h(
            "section",
            { class: "card upcoming", "aria-labelledby": "dash-up" },
            h(
              "div",
              { class: "card-header" },
              h("h3", { id: "dash-up", class: "chart-title" }, "Upcoming test drives"),
              h("a", { href: "#/test-drives", class: "link" }, `${num(d.pendingTestDrives)} pending →`),
            ),
            upcomingList(d.upcomingTestDrives.slice(0, 6)),
          ),
        ),
      ),
    );
    reportFirstPaint();
    if (!chartsReported) reportChartsDrawn(charts);
    void showAging(mine, agingSlot);
  }

  async function load(): Promise<void> {
    const mine = ++seq;
    try {
      const d = await (takePrefetched() ?? api.dashboard());
      if (mine === seq) render(d, mine);
    } catch (e) {
      if (mine !== seq) return;
      disposeCharts();
      replaceChildren(body, errorState(e, () => void load()));
    }
  }

  const unsub = onDataChanged(() => void load());
  void load();

  return {
    el,
    dispose() {
      unsub();
      disposeCharts();
      seq++;
    },
  };
}
