// Calendar days without a time ("2026-12-01", a preferred test-drive date) are the same
// day wherever the dealer is; JavaScript alone reads them as UTC midnight, the day before
// west of Greenwich. These tests run in Los Angeles time to catch exactly that.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { dayDate, isDateOnly, toDate, toDateTimeLocal } from "../src/format";
import { sortTestDrives } from "../src/domain";
import { defaultSchedule } from "../src/views/test-drives";
import type { TestDrive } from "../src/backend";

beforeAll(() => {
  vi.stubEnv("TZ", "America/Los_Angeles");
});
afterAll(() => {
  vi.unstubAllEnvs();
});

const drive = (over: Partial<TestDrive>): TestDrive => ({
  id: "td",
  vehicleId: "v",
  vehicleName: null,
  customerId: null,
  name: "Ann Otieno",
  email: "ann@example.com",
  phone: null,
  preferredDate: null,
  scheduledAt: null,
  status: "pending",
  notes: null,
  createdDate: "2026-11-20T09:00:00.000Z",
  updatedDate: "2026-11-20T09:00:00.000Z",
  version: 1,
  ...over,
});

describe("calendar days", () => {
  it("are the same day in any time zone", () => {
    expect(isDateOnly("2026-12-01")).toBe(true);
    expect(isDateOnly("2026-12-01T10:00:00Z")).toBe(false);
    expect(toDate("2026-12-01")?.getDate()).toBe(1);
    expect(dayDate("2026-12-01")).toBe("Tue, Dec 1, 2026");
    expect(toDateTimeLocal("2026-12-01")).toBe("2026-12-01T00:00");
    // An instant stays an instant: 02:00 UTC on the 1st is the evening of the 30th here.
    expect(toDateTimeLocal("2026-12-01T02:00:00Z")).toBe("2026-11-30T18:00");
    expect(toDate("not a date")).toBeNull();
  });

  it("sort with scheduled instants", () => {
    const rows = [
      { testDrive: drive({ id: "late", scheduledAt: "2026-12-01T20:00:00Z" }) }, // noon on the 1st here
      { testDrive: drive({ id: "day", preferredDate: "2026-12-01" }) }, // midnight on the 1st here
      { testDrive: drive({ id: "early", scheduledAt: "2026-12-01T02:00:00Z" }) }, // the 30th here
    ];
    expect(sortTestDrives(rows, "pending").map((r) => r.testDrive.id)).toEqual(["early", "day", "late"]);
  });
});

describe("the time offered when confirming", () => {
  // Nov 29, 3 PM local; made once the zone is Los Angeles (beforeAll), not at collection.
  let now: Date;
  beforeAll(() => {
    now = new Date(2026, 10, 29, 15, 0);
  });
  it("is 10:00 on a preferred day still ahead", () => {
    expect(defaultSchedule(drive({ preferredDate: "2026-12-01" }), now)).toBe("2026-12-01T10:00");
  });
  it("keeps a preferred time, and a scheduled one", () => {
    expect(defaultSchedule(drive({ preferredDate: "2026-12-01T22:30:00Z" }), now)).toBe("2026-12-01T14:30");
    expect(defaultSchedule(drive({ preferredDate: "2026-12-01", scheduledAt: "2026-12-02T17:00:00Z" }), now)).toBe("2026-12-02T09:00");
  });
  it("is tomorrow at 10:00 when the preferred day has passed or none was given", () => {
    expect(defaultSchedule(drive({ preferredDate: "2026-11-20" }), now)).toBe("2026-11-30T10:00");
    expect(defaultSchedule(drive({}), now)).toBe("2026-11-30T10:00");
  });
});
