// The window on a server with the published CarStrel API alone (the fake backend's
// ?fakeDocsOnly=1): the connections page lists what it lacks, the test-drive view says
// plainly that the server does not list test drives and shows those booked here, a
// booking whose reply was lost offers "Send again" / "Discard", and nothing is an error.
import { describe, expect, it, vi } from "vitest";

window.history.replaceState(null, "", "/?fakeDocsOnly=1");
vi.mock("../generated/bindings", () => import("../preview/fake-backend"));

const { $, all, go, mountAppForTests } = await import("./app-harness");
await mountAppForTests();

describe("on the published API alone", () => {
  it("the connections page says what the server lacks", async () => {
    go("#/connections");
    await vi.waitFor(() => expect($("capabilities-summary")?.textContent).toContain("published CarStrel API only"));
    expect($("capability-testDriveList")?.dataset["available"]).toBe("false");
    expect($("capability-testDriveList")?.textContent).toContain("only test drives booked from this console are shown");
  });

  it("the test-drive view says it plainly and shows the drives booked here", async () => {
    go("#/test-drives?status=all");
    await vi.waitFor(() => expect(all("td-booked-here").length).toBe(3));
    expect($("td-unlisted-notice")?.hidden).toBe(false);
    expect($("td-unlisted-notice")?.textContent).toContain("does not list test drives");
    expect(all("td-confirm")).toHaveLength(0);
    expect($("td-unconfirmed")?.textContent).toContain("The reply was lost");
    $("td-discard")?.click();
    await vi.waitFor(() => expect(all("td-unconfirmed")).toHaveLength(0));
    await vi.waitFor(() => expect(all("td-booked-here").length).toBe(2));
    expect(document.querySelector(".banner-error:not([hidden])")).toBeNull();
  });

  it("the dashboard leaves out the aging chart, without an error", async () => {
    go("#/dashboard");
    await vi.waitFor(() => expect($("kpi-total-vehicles")).not.toBeNull());
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect($("chart-aging")).toBeNull();
    expect(document.querySelector(".view-dashboard [role=alert]")).toBeNull();
  });
});
