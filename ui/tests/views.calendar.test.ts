// The calendar in the whole app against the preview's fake backend: the week of drives as
// blocks with their status in words, the day view and previous/next/today, a drive opened
// in its panel, and "Move": refused before saving on a double booking, a server refusal
// shown in the app's words with its detail, and a free slot saved.
import { describe, expect, it, vi } from "vitest";

import type { PreviewFixtures, TestDrive } from "../generated/bindings";
import recorded from "../generated/fixtures.json";

vi.mock("../generated/bindings", () => import("../preview/fake-backend"));
const { $, all, go, mountAppForTests } = await import("./app-harness");
const { commands } = await import("../preview/fake-backend");
const { isoDay, startOfWeek, addDays } = await import("../src/views/calendar-grid");
const { toDateTimeLocal } = await import("../src/format");
await mountAppForTests();

async function allDrives(): Promise<TestDrive[]> {
  const r = await commands.calendar("2000-01-01T00:00:00Z", "2100-01-01T00:00:00Z");
  if (r.status !== "ok") throw new Error("calendar failed");
  return r.data.map((x) => x.testDrive);
}
const block = (id: string) => document.querySelector<HTMLButtonElement>(`[data-testid="calendar-block"][data-id="${id}"]`);

const confirmed = (await allDrives()).find((d) => d.status === "confirmed" && d.scheduledAt && new Date(d.scheduledAt).getHours() >= 8 && new Date(d.scheduledAt).getHours() < 18)!;
const day = new Date(confirmed.scheduledAt!);

describe("calendar", () => {
  it("is in the navigation and shows the week's drives as blocks with their status", async () => {
    expect($("nav-calendar")?.textContent).toContain("Calendar");
    go(`#/calendar?date=${isoDay(day)}`);
    await vi.waitFor(() => expect(block(confirmed.id)).not.toBeNull());
    expect($("calendar-grid")?.dataset["days"]).toBe("7");
    expect($("calendar-grid")?.querySelectorAll("h3")).toHaveLength(7);
    const from = startOfWeek(day).getTime();
    const inWeek = (await allDrives()).filter((d) => {
      const t = Date.parse(d.scheduledAt ?? d.preferredDate ?? "");
      const local = d.scheduledAt ? t : new Date(`${d.preferredDate}T00:00:00`).getTime();
      return local >= from && local < addDays(startOfWeek(day), 7).getTime();
    });
    expect(all("calendar-block")).toHaveLength(inWeek.length);
    const b = block(confirmed.id)!;
    expect(b.dataset["status"]).toBe("confirmed");
    expect(b.textContent).toContain("Confirmed");
    expect(b.textContent).toContain(confirmed.name);
    expect(b.textContent).toContain(confirmed.vehicleName ?? "vehicle");
    expect(b.style.top).toMatch(/%$/);
  });

  it("switches to the day view and steps through days", async () => {
    $("calendar-day")!.click();
    await vi.waitFor(() => expect($("calendar-grid")?.dataset["days"]).toBe("1"));
    expect($("calendar-grid")?.dataset["from"]).toBe(isoDay(day));
    expect($("calendar-day")?.getAttribute("aria-pressed")).toBe("true");
    expect(block(confirmed.id)).not.toBeNull();
    $("calendar-next")!.click();
    await vi.waitFor(() => expect($("calendar-grid")?.dataset["from"]).toBe(isoDay(addDays(day, 1))));
    expect(block(confirmed.id)).toBeNull();
    $("calendar-today")!.click();
    await vi.waitFor(() => expect($("calendar-grid")?.dataset["from"]).toBe(isoDay(new Date())));
    $("calendar-week")!.click();
    await vi.waitFor(() => expect($("calendar-grid")?.dataset["days"]).toBe("7"));
  });

  it("opens a drive, refuses a double booking, shows a server refusal and moves to a free slot", async () => {
    // Off the calendar while the drives are made: it opens afresh on them below.
    go("#/test-drives");
    // A vehicle with a confirmed drive at 11:00, and a second request for it that day without a time.
    const vehicleId = (recorded as PreviewFixtures).vehicles[0]!.id;
    const eleven = new Date(day.getFullYear(), day.getMonth(), day.getDate(), 11).toISOString();
    const first = await commands.createTestDrive({ vehicleId, name: "Bo First", email: "bo@example.com", preferredDate: isoDay(day) });
    if (first.status !== "ok") throw new Error("booking failed");
    const taken = await commands.updateTestDrive(first.data.testDrive.id, { status: "confirmed", scheduledAt: eleven });
    if (taken.status !== "ok") throw new Error("confirming failed");
    const confirmed = taken.data.testDrive;
    const made = await commands.createTestDrive({ vehicleId, name: "Ada Second", email: "ada@example.com", preferredDate: isoDay(day) });
    if (made.status !== "ok") throw new Error("booking failed");
    // A request may sit on a confirmed slot (pending never blocks, nor is blocked)...
    const request = await commands.createTestDrive({ vehicleId, name: "Eve Request", email: "eve@example.com", preferredDate: isoDay(day) });
    if (request.status !== "ok") throw new Error("booking failed");
    // ...but a confirmed drive may not: Ada's is confirmed later that day, then moved.
    const sixteen = new Date(Date.parse(eleven) + 5 * 3600_000).toISOString();
    const confirmedOther = await commands.updateTestDrive(made.data.testDrive.id, { status: "confirmed", scheduledAt: sixteen });
    if (confirmedOther.status !== "ok") throw new Error("confirming failed");
    const other = confirmedOther.data.testDrive;
    go(`#/calendar?date=${isoDay(day)}`);
    await vi.waitFor(() => expect(block(other.id)?.dataset["status"]).toBe("confirmed"));
    block(other.id)!.click();
    await vi.waitFor(() => expect($("calendar-move-input")).not.toBeNull());
    expect($("calendar-drive-panel")?.hidden).toBe(false);
    expect($("calendar-drive-panel")?.textContent).toContain("Ada Second");

    const input = $("calendar-move-input") as HTMLInputElement;
    const at = (ms: number) => toDateTimeLocal(new Date(Date.parse(confirmed.scheduledAt!) + ms).toISOString());
    input.value = at(10 * 60_000);
    $("calendar-move-save")!.click();
    await vi.waitFor(() => expect($("calendar-double-booking")?.hidden).toBe(false));
    expect($("calendar-double-booking")?.textContent).toContain(`Double booking: overlaps drive “${confirmed.name}”`);
    expect((await allDrives()).find((d) => d.id === other.id)?.scheduledAt).toBe(sixteen);

    // The console/server may still refuse (a drive it knows and the check did not see).
    const refuse = vi.spyOn(commands, "rescheduleTestDrive").mockResolvedValueOnce({ status: "error", error: { code: "conflict", message: "This slot overlaps confirmed test drive td-x of the same vehicle" } });
    input.value = at(3 * 3600_000);
    input.dispatchEvent(new Event("input"));
    expect($("calendar-double-booking")?.hidden).toBe(true);
    $("calendar-move-save")!.click();
    await vi.waitFor(() => expect($("calendar-double-booking")?.hidden).toBe(false));
    expect($("calendar-double-booking")?.textContent).toContain("Someone else changed this record");
    expect($("calendar-double-booking")?.textContent).toContain("overlaps confirmed test drive td-x");
    refuse.mockRestore();

    $("calendar-move-save")!.click();
    await vi.waitFor(async () => expect((await allDrives()).find((d) => d.id === other.id)?.scheduledAt).toBe(new Date(Date.parse(confirmed.scheduledAt!) + 3 * 3600_000).toISOString()));
    await vi.waitFor(() => expect(block(other.id)?.closest(".cal-hours")).not.toBeNull());

    // The pending request moves onto the confirmed slot, and is told it cannot be confirmed there.
    const onSlot = new Date(Date.parse(confirmed.scheduledAt!) + 10 * 60_000).toISOString();
    go(`#/calendar?date=${isoDay(day)}&drive=${request.data.testDrive.id}`);
    await vi.waitFor(() => expect(document.querySelector(`[data-testid="calendar-drive"][data-id="${request.data.testDrive.id}"]`)).not.toBeNull());
    const pendingInput = $("calendar-move-input") as HTMLInputElement;
    pendingInput.value = toDateTimeLocal(onSlot);
    $("calendar-move-save")!.click();
    await vi.waitFor(async () => expect((await allDrives()).find((d) => d.id === request.data.testDrive.id)?.scheduledAt).toBe(onSlot));
    expect($("calendar-double-booking")?.hidden).toBe(true);
    await vi.waitFor(() => expect(document.body.textContent).toContain("cannot be confirmed at that time"));
  });
});

describe("booking from a vehicle", () => {
  it("shows the vehicle's free and taken slots of a day, and a free one fills in the time", async () => {
    const vehicleId = (recorded as PreviewFixtures).vehicles[1]!.id;
    const later = addDays(new Date(), 2);
    const eleven = new Date(later.getFullYear(), later.getMonth(), later.getDate(), 11);
    const made = await commands.createTestDrive({ vehicleId, name: "Cy Taken", email: "cy@example.com", preferredDate: isoDay(later) });
    if (made.status !== "ok") throw new Error("booking failed");
    const taken = await commands.updateTestDrive(made.data.testDrive.id, { status: "confirmed", scheduledAt: eleven.toISOString() });
    if (taken.status !== "ok") throw new Error("confirming failed");

    go(`#/test-drives?new=1&vehicle=${vehicleId}`);
    await vi.waitFor(() => expect($("td-slot-picker")?.hidden).toBe(false));
    const day = $("td-slots-day") as HTMLInputElement;
    day.value = isoDay(later);
    day.dispatchEvent(new Event("change"));
    const takenLine = () => document.querySelector(`[data-testid="td-slot-taken"][data-id="${made.data.testDrive.id}"]`);
    await vi.waitFor(() => expect(takenLine()).not.toBeNull());
    expect(takenLine()!.textContent).toContain("Cy Taken");

    const minutes = taken.data.testDrive.durationMinutes ?? 30;
    const starts = [...all("td-slot-free")].map((b) => Date.parse(b.dataset["start"]!));
    expect(starts.length).toBeGreaterThan(0);
    const [from, to] = [eleven.getTime(), eleven.getTime() + minutes * 60_000];
    expect(starts.filter((s) => s < to && from < s + minutes * 60_000)).toEqual([]);
    expect(starts).toContain(to);
    expect($("td-slots-summary")?.textContent).toContain(`${starts.length} free slot`);

    const first = all("td-slot-free")[0] as HTMLButtonElement;
    first.click();
    expect(($("td-preferred-date") as HTMLInputElement).value).toBe(toDateTimeLocal(first.dataset["start"]!));
    expect((all("td-slot-free")[0] as HTMLButtonElement).getAttribute("aria-pressed")).toBe("true");
    expect($("td-slot-warning")?.hidden).toBe(true);

    // A time typed into a taken slot is named (a request may still be sent: pending never blocks).
    const preferred = $("td-preferred-date") as HTMLInputElement;
    preferred.value = toDateTimeLocal(new Date(from + 10 * 60_000).toISOString());
    preferred.dispatchEvent(new Event("change"));
    await vi.waitFor(() => expect($("td-slot-warning")?.hidden).toBe(false));
    expect($("td-slot-warning")?.textContent).toContain("Cy Taken");
  });
});
