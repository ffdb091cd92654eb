// A window on a profile that has never synced (the fake backend's ?fakeEmpty=1): the
// dashboard says "not synced yet" and offers the download, and shows no zeros as if they
// were the dealer's figures.
import { describe, expect, it, vi } from "vitest";

window.history.replaceState(null, "", "/?fakeEmpty=1");
vi.mock("../generated/bindings", () => import("../preview/fake-backend"));

const { $, go, mountAppForTests } = await import("./app-harness");
await mountAppForTests();

describe("a profile that has never synced", () => {
  it("the dashboard says so instead of showing zeros", async () => {
    go("#/dashboard");
    await vi.waitFor(() => expect($("dashboard-empty")?.dataset["neverSynced"]).toBe("true"));
    expect($("dashboard-empty")?.textContent).toContain("Not synced yet");
    expect($("kpi-total-vehicles")).toBeNull();
    expect($("kpi-total-customers")).toBeNull();
  });
});
