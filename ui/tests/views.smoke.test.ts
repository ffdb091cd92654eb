// Renders the whole app and each screen into jsdom against the preview's fake backend
// (swapped in for ../generated/bindings) and checks the testids end-to-end tests rely on.
// The fake serves the sandbox's data recorded in ../generated/fixtures.json.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

import type { PreviewFixtures } from "../generated/bindings";
import recorded from "../generated/fixtures.json";

vi.mock("../generated/bindings", () => import("../preview/fake-backend"));

const { mountApp } = await import("../src/main");
const { calls } = await import("../preview/fake-backend");
const { bumpData } = await import("../src/state");
const fixtures = recorded as PreviewFixtures;
const vehicleId = (i: number) => fixtures.vehicles[i]?.id ?? "missing";
const customerId = (i: number) => fixtures.customers[i]?.id ?? "missing";
const totalVehicles = fixtures.dashboard.vehicles.totalVehicles.toLocaleString("en-US");

const $ = (id: string) => document.querySelector(`[data-testid="${id}"]`);
const all = (id: string) => document.querySelectorAll(`[data-testid="${id}"]`);
const go = (hash: string) => {
  location.hash = hash;
  window.dispatchEvent(new HashChangeEvent("hashchange"));
};

let unmount: () => void = () => {};
beforeAll(() => {
  const root = document.createElement("div");
  document.body.append(root);
  unmount = mountApp(root);
});
afterAll(() => unmount());

describe("app shell", () => {
  it("has navigation and the always-visible status", async () => {
    for (const id of ["nav-dashboard", "nav-inventory", "nav-customers", "nav-test-drives", "nav-connections", "env-badge", "offline-banner", "outbox-count", "last-synced", "sync-progress", "sync-now"]) {
      expect($(id), id).not.toBeNull();
    }
    await vi.waitFor(() => expect($("env-badge")?.textContent).toBe("TEST"));
    expect($("last-synced")?.textContent).toMatch(/^synced .*ago$/);
    expect(($("offline-banner") as HTMLElement).hidden).toBe(true);
    expect($("conflicts-link")?.textContent).toMatch(/1 conflict/);
  });
});

describe("dashboard", () => {
  it("shows KPIs and charts with numbers", async () => {
    go("#/dashboard");
    await vi.waitFor(() => expect($("kpi-total-vehicles")?.textContent).toBe(totalVehicles));
    expect($("kpi-total-customers")?.textContent).toBe(fixtures.dashboard.customers.totalCustomers.toLocaleString("en-US"));
    expect($("chart-listing-type")?.querySelectorAll(".legend-value")).toHaveLength(3);
    expect(all("upcoming-test-drive").length).toBeGreaterThan(0);
  });

  it("reports its first paint with numbers once per run", async () => {
    await vi.waitFor(() => expect(calls.dashboardPainted).toBe(1));
    go("#/customers");
    go("#/dashboard");
    await vi.waitFor(() => expect($("kpi-total-vehicles")?.textContent).toBe(totalVehicles));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(calls.dashboardPainted).toBe(1);
  });
});

describe("inventory", () => {
  it("lists vehicles and has every filter", async () => {
    go("#/inventory");
    await vi.waitFor(() => expect(all("vehicle-row").length).toBeGreaterThan(5));
    for (const id of ["filter-listing-type", "filter-brand", "filter-model", "filter-body-type", "filter-min-year", "filter-max-year", "filter-min-price", "filter-max-price", "sort-select", "order-select", "search-input", "export-vehicles"]) {
      expect($(id), id).not.toBeNull();
    }
    expect(all("vehicle-row").length).toBeLessThan(60);
    expect($("vehicle-row")?.getAttribute("data-id")).toBe(vehicleId(0));
  });

  it("filters through the URL", async () => {
    const select = $("filter-listing-type") as HTMLSelectElement;
    select.value = "auction";
    select.dispatchEvent(new Event("change"));
    await vi.waitFor(() => expect(location.hash).toContain("type=auction"));
    await vi.waitFor(() => {
      const rows = [...all("vehicle-row")];
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.every((r) => r.textContent?.includes("Auction"))).toBe(true);
    });
  });

  it("opens the detail panel and closes it with Esc", async () => {
    go(`#/inventory/${vehicleId(0)}`);
    await vi.waitFor(() => expect($("vehicle-detail")?.querySelector(".detail-title")).not.toBeNull());
    expect(($("vehicle-detail") as HTMLElement).hidden).toBe(false);
    expect($("vehicle-detail")?.querySelector("img")?.getAttribute("alt")).toMatch(/photo 1 of/);
    expect($("book-test-drive")).not.toBeNull();
    document.dispatchEvent(new KeyboardEvent("keydown", { key: "Escape", bubbles: true }));
    await vi.waitFor(() => expect(($("vehicle-detail") as HTMLElement).hidden).toBe(true));
  });

  it("searches at every key, keeping the rows on screen until the new ones come", async () => {
    go("#/inventory");
    await vi.waitFor(() => expect(all("vehicle-row").length).toBeGreaterThan(5));
    const before = [...all("vehicle-row")].map((r) => r.getAttribute("data-id"));
    const search = $("search-input") as HTMLInputElement;
    const brand = fixtures.vehicles[0]!.model.brand.name;
    search.value = brand;
    search.dispatchEvent(new Event("input"));
    // No pause before the query, and no blank table while it runs.
    expect(location.hash).toContain(`q=${encodeURIComponent(brand)}`);
    expect([...all("vehicle-row")].map((r) => r.getAttribute("data-id"))).toEqual(before);
    await vi.waitFor(() => {
      const rows = [...all("vehicle-row")];
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.every((r) => r.textContent?.includes(brand))).toBe(true);
    });
    go("#/inventory");
  });

  it("focuses search with /", () => {
    document.body.dispatchEvent(new KeyboardEvent("keydown", { key: "/", bubbles: true, cancelable: true }));
    expect(document.activeElement).toBe($("search-input"));
  });
});

describe("customers", () => {
  it("edits notes, tags and VIP, showing Pending sync", async () => {
    go("#/customers");
    await vi.waitFor(() => expect(all("customer-row").length).toBeGreaterThan(5));
    go(`#/customers/${customerId(9)}`);
    await vi.waitFor(() => expect($("customer-detail")?.querySelector(".detail-title")).not.toBeNull());
    for (const id of ["notes-input", "notes-save", "tag-input", "vip-toggle"]) expect($(id), id).not.toBeNull();

    const notes = $("notes-input") as HTMLTextAreaElement;
    notes.value = "<img src=x onerror=alert(1)> call back";
    notes.dispatchEvent(new Event("input"));
    ($("notes-save") as HTMLButtonElement).click();
    await vi.waitFor(() => expect($("customer-detail")?.querySelector('[data-testid="pending-badge"]')).not.toBeNull());
    expect($("customer-detail")?.querySelector("img")).toBeNull();

    const tag = $("tag-input") as HTMLInputElement;
    tag.value = "hot lead";
    tag.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter", bubbles: true }));
    await vi.waitFor(() => expect([...all("tag-chip")].some((c) => c.textContent?.includes("hot lead"))).toBe(true));

    const vip = $("vip-toggle") as HTMLButtonElement;
    const was = vip.getAttribute("aria-checked");
    vip.click();
    expect(vip.getAttribute("aria-checked")).not.toBe(was); // optimistic
    await vi.waitFor(() => expect($("outbox-count")?.textContent).toMatch(/waiting to sync/));
  });

  it("shows a conflict side by side", async () => {
    go(`#/customers/${fixtures.conflicts[0]?.entityId}`);
    await vi.waitFor(() => expect($("conflict-keep-mine")).not.toBeNull());
    expect($("conflict-take-theirs")).not.toBeNull();
    ($("conflict-take-theirs") as HTMLButtonElement).click();
    await vi.waitFor(() => expect($("conflict-keep-mine")).toBeNull());
  });
});

describe("test drives", () => {
  it("has status tabs, rows and actions", async () => {
    go("#/test-drives");
    for (const s of ["pending", "confirmed", "completed", "cancelled", "no_show", "all"]) expect($(`status-tab-${s}`), s).not.toBeNull();
    await vi.waitFor(() => expect(all("test-drive-row").length).toBeGreaterThan(0));
    // A request is confirmed or cancelled; completing it or marking a no-show waits until it is confirmed.
    const row = $("test-drive-row") as HTMLElement;
    expect(row.dataset["status"]).toBe("pending");
    const offered = [...row.querySelectorAll<HTMLElement>("button[data-testid^=td-]")].map((b) => b.dataset["testid"]);
    expect(offered).toEqual(["td-confirm", "td-cancel"]);
    const id = row.dataset["id"];
    (row.querySelector('[data-testid="td-confirm"]') as HTMLButtonElement).click();
    // Confirmed, it leaves the pending list once the view reloads; under "All" it shows confirmed.
    ($("status-tab-all") as HTMLButtonElement).click();
    await vi.waitFor(() => expect(document.querySelector(`[data-testid="test-drive-row"][data-id="${id}"]`)?.getAttribute("data-status")).toBe("confirmed"));
  });

  it("keeps its rows on screen while new data replaces them", async () => {
    ($("status-tab-all") as HTMLButtonElement).click();
    await vi.waitFor(() => expect(all("test-drive-row").length).toBeGreaterThan(0));
    const before = all("test-drive-row").length;
    bumpData(); // a sync landed
    expect(all("test-drive-row")).toHaveLength(before);
    expect(document.querySelector(".tab-panel .loading-block")).toBeNull();
    await vi.waitFor(() => expect(all("test-drive-row")).toHaveLength(before));
  });

  it("final statuses have no actions", async () => {
    ($("status-tab-completed") as HTMLButtonElement).click();
    await vi.waitFor(() => expect([...all("test-drive-row")].every((r) => r.getAttribute("data-status") === "completed")).toBe(true));
    expect(document.querySelector('[data-testid="test-drive-row"] [data-testid="td-confirm"]')).toBeNull();
  });

  it("opens the form prefilled with a vehicle", async () => {
    go(`#/test-drives?new=1&vehicle=${vehicleId(1)}`);
    await vi.waitFor(() => expect(($("td-vehicle-search") as HTMLInputElement | null)?.value).toMatch(/^\d{4} /));
    expect($("td-name")).not.toBeNull();
  });
});

describe("connections", () => {
  it("lists profiles and stops the sandbox (offline banner)", async () => {
    go("#/connections");
    await vi.waitFor(() => expect(all("profile-row").length).toBe(1));
    expect(($("profile-key-input") as HTMLInputElement).type).toBe("password");
    const sw = $("sandbox-switch") as HTMLButtonElement;
    expect(sw.getAttribute("aria-checked")).toBe("true");
    sw.click();
    await vi.waitFor(() => expect(($("offline-banner") as HTMLElement).hidden).toBe(false));
    expect(sw.getAttribute("aria-checked")).toBe("false");
    sw.click();
    await vi.waitFor(() => expect(($("offline-banner") as HTMLElement).hidden).toBe(true));
  });
});
