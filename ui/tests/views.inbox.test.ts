// The dealer's day in the whole app against the preview's fake backend: the inbox with its
// count badge, a lead's page and its one-click work (lost asks for a reason), a follow-up
// task added, the tasks list checked off in one click, and the dashboard's lead figures.
import { describe, expect, it, vi } from "vitest";

import type { PreviewFixtures } from "../generated/bindings";
import recorded from "../generated/fixtures.json";

vi.mock("../generated/bindings", () => import("../preview/fake-backend"));
const { $, all, go, mountAppForTests } = await import("./app-harness");
await mountAppForTests();
const fixtures = recorded as PreviewFixtures;
const newLeads = fixtures.leads.filter((l) => l.lead.status === "new");

describe("inbox", () => {
  it("counts the new leads in the navigation and lists them first", async () => {
    await vi.waitFor(() => expect($("nav-leads-count")?.textContent).toBe(String(newLeads.length)));
    go("#/leads");
    await vi.waitFor(() => expect(all("lead-row").length).toBe(newLeads.length));
    expect($("lead-tab-new")?.getAttribute("aria-selected")).toBe("true");
  });

  it("opens a lead's page, works it in one click and adds a follow-up", async () => {
    const lead = newLeads[0]!.lead;
    go(`#/leads/${lead.id}?status=new`);
    await vi.waitFor(() => expect($("lead-page")).not.toBeNull());
    expect($("lead-timeline")?.children.length).toBeGreaterThan(0);
    // Lost asks for a reason first.
    $("lead-move-lost")!.click();
    expect(($("lead-lost-reason") as HTMLInputElement).hidden).toBe(false);
    $("lead-move-contacted")!.click();
    // Once contacted, the page offers the other moves only.
    await vi.waitFor(() => expect($("lead-move-contacted")).toBeNull());
    expect($("lead-move-qualified")).not.toBeNull();
    await vi.waitFor(() => expect($("nav-leads-count")?.textContent).toBe(newLeads.length > 1 ? String(newLeads.length - 1) : ""));
    ($("lead-task-title") as HTMLInputElement).value = "Call back about financing";
    $("lead-task-add")!.click();
    await vi.waitFor(() => expect(document.body.textContent).toContain("Follow-up task added"));
    go("#/tasks?due=upcoming");
    await vi.waitFor(() => expect(document.body.textContent).toContain("Call back about financing"));
  });
});

describe("tasks", () => {
  it("checks an overdue task off in one click", async () => {
    go("#/tasks?due=overdue");
    await vi.waitFor(() => expect(all("task-row").length).toBeGreaterThan(0));
    const before = all("task-row").length;
    all("task-done")[0]!.click();
    await vi.waitFor(() => expect(all("task-row").length).toBe(before - 1));
  });
});

describe("customer page", () => {
  it("shows the customer's open follow-up tasks", async () => {
    const { commands } = await import("../preview/fake-backend");
    const customerId = fixtures.customers[0]!.id;
    const task = { title: "Send the trade-in valuation", dueAt: "2030-01-15", customerId };
    await commands.createTask(task);
    go(`#/customers/${customerId}`);
    await vi.waitFor(() => expect([...all("customer-task")].some((el) => el.textContent?.startsWith(task.title))).toBe(true), { timeout: 5000 });
  });
});

describe("dashboard", () => {
  it("shows the day's lead figures and overdue tasks", async () => {
    go("#/dashboard");
    await vi.waitFor(() => expect($("kpi-new-leads-today")?.textContent).toBe(String(fixtures.dashboard.leads.newToday)));
    expect($("kpi-overdue-tasks")).not.toBeNull();
    expect($("chart-lead-sources")).not.toBeNull();
  });
});
