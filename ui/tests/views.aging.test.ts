// Stock aging in the whole app against the preview's fake backend: the inventory's
// "Days on lot" column, its sort and the "over 60 days" filter kept in the URL, and the
// dashboard's aging chart.
import { describe, expect, it, vi } from "vitest";

vi.mock("../generated/bindings", () => import("../preview/fake-backend"));
const { $, all, go, mountAppForTests } = await import("./app-harness");
await mountAppForTests();
const { vehicles, daysOnLot } = await import("../preview/fake-store");
/** Days on the lot counted now, as the app counts them: the preview moves the recorded
 *  stock by whole days, so a vehicle recorded at 9 days may be at 10 later in the day. */
const daysNow = (v: (typeof vehicles)[number]) => daysOnLot(v, Date.now());

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
    const expected = vehicles.filter((v) => daysNow(v) >= 10).length;
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
    const days = vehicles.filter((v) => v.status === "available").map(daysNow);
    const upTo30 = days.filter((d) => d <= 30).length;
    expect(rows.slice(0, 4)).toEqual([
      ["0–30 days", String(upTo30)],
      ["31–60 days", String(days.filter((d) => d > 30 && d <= 60).length)],
      ["61–90 days", String(days.filter((d) => d > 60 && d <= 90).length)],
      ["91+ days", String(days.filter((d) => d > 90).length)],
    ]);
    expect(rows[4]?.[0]).toBe("Average days on the lot");
    expect($("aging-average")?.textContent).toMatch(/^Average: \d+(\.\d)? days$/);
  });
});
