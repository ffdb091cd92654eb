// Stock aging in the whole app against the preview's fake backend: the inventory's
// "Days on lot" column, its sort and the "over 60 days" filter kept in the URL, and the
// dashboard's aging chart.
import { describe, expect, it, vi } from "vitest";

import type { PreviewFixtures } from "../generated/bindings";
import recorded from "../generated/fixtures.json";

vi.mock("../generated/bindings", () => import("../preview/fake-backend"));
const { $, all, go, mountAppForTests } = await import("./app-harness");
await mountAppForTests();
const fixtures = recorded as PreviewFixtures;

/** The "Days on lot" cell of every rendered row, as numbers. */
function daysShown(): number[] {
  const headers = [...document.querySelectorAll('[role="columnheader"]')].map((c) => c.textContent);
  const col = headers.indexOf("Days on lot");
  expect(col).toBeGreaterThan(-1);
  return [...all("vehicle-row")].map((r) => Number(r.querySelectorAll('[role="gridcell"]')[col]?.textContent));
}

describe("inventory aging", () => {
  it("shows days on lot and sorts the longest on the lot first", async () => {
    go("#/inventory?sort=daysOnLot");
    await vi.waitFor(() => expect(all("vehicle-row").length).toBeGreaterThan(5));
    expect(($("sort-select") as HTMLSelectElement).value).toBe("daysOnLot");
    const days = daysShown();
    expect(days.every(Number.isFinite)).toBe(true);
    expect(days).toEqual([...days].sort((a, b) => b - a));
    expect(days[0]).toBeGreaterThan(days[days.length - 1]!);
  });

  it("filters to vehicles over 60 days, in the URL", async () => {
    const box = $("filter-aged") as HTMLInputElement;
    expect(box.checked).toBe(false);
    box.checked = true;
    box.dispatchEvent(new Event("change"));
    await vi.waitFor(() => expect(location.hash).toContain("minDays=61"));
    // The recorded stock is younger than that: nothing matches, and the list says so.
    await vi.waitFor(() => expect($("result-count")?.textContent).toMatch(/^0 vehicles|No vehicles/));
    expect(all("vehicle-row")).toHaveLength(0);
    go("#/inventory");
    await vi.waitFor(() => expect(($("filter-aged") as HTMLInputElement).checked).toBe(false));
  });

  it("honours another threshold from a link", async () => {
    go("#/inventory?minDays=10&sort=daysOnLot&order=asc");
    // Counted now, as the list counts: the preview moves the stock by whole days, so a
    // vehicle recorded at 9 days may be at 10 later in the day.
    const { vehicles, daysOnLot } = await import("../preview/fake-store");
    const expected = vehicles.filter((v) => daysOnLot(v, Date.now()) >= 10).length;
    expect(expected).toBeGreaterThan(0);
    await vi.waitFor(() => expect(all("vehicle-row").length).toBe(expected));
    expect(($("filter-aged") as HTMLInputElement).checked).toBe(true);
    const days = daysShown();
    expect(days.every((d) => d >= 10)).toBe(true);
    expect(days).toEqual([...days].sort((a, b) => a - b));
  });
});

describe("dashboard aging", () => {
  it("charts the stock by days on the lot, with the average and its numbers", async () => {
    go("#/dashboard");
    await vi.waitFor(() => expect($("chart-aging")).not.toBeNull());
    const rows = [...($("chart-aging")!.querySelectorAll('[data-testid="chart-data"] tbody tr'))].map((r) => [r.querySelector("th")?.textContent, r.querySelector("td")?.textContent]);
    const available = fixtures.vehicles.filter((v) => v.status === "available");
    const upTo30 = available.filter((v) => (v.daysOnLot ?? 0) <= 30).length;
    expect(rows.slice(0, 4)).toEqual([
      ["0–30 days", String(upTo30)],
      ["31–60 days", String(available.filter((v) => (v.daysOnLot ?? 0) > 30 && (v.daysOnLot ?? 0) <= 60).length)],
      ["61–90 days", String(available.filter((v) => (v.daysOnLot ?? 0) > 60 && (v.daysOnLot ?? 0) <= 90).length)],
      ["91+ days", String(available.filter((v) => (v.daysOnLot ?? 0) > 90).length)],
    ]);
    expect(rows[4]?.[0]).toBe("Average days on the lot");
    expect($("aging-average")?.textContent).toMatch(/^Average: \d+(\.\d)? days$/);
  });
});
