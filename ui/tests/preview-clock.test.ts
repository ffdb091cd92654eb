// The preview's recorded data moved to today: by whole days, so its times of day hold at
// any hour the preview opens (a CI run at 07:43 once found every demo drive at night).
import { describe, expect, it } from "vitest";

import { DAY_MS, daysSinceRecorded, moved } from "../preview/fake-store";

describe("the preview's clock", () => {
  const recordedAt = "2026-12-01T00:07:51.844Z";
  const drive = { scheduledAt: "2026-12-04T11:30:00.000Z", preferredDate: "2026-12-04", name: "Ada" };

  it("counts calendar days since the recording, not 24-hour spans", () => {
    expect(daysSinceRecorded(Date.parse("2026-12-01T23:59:00Z"), recordedAt)).toBe(0);
    expect(daysSinceRecorded(Date.parse("2026-12-02T00:01:00Z"), recordedAt)).toBe(1);
    expect(daysSinceRecorded(Date.parse("2026-12-09T07:43:00Z"), recordedAt)).toBe(8);
  });

  it("moves instants and dates by those days, keeping the time of day and other text", () => {
    const days = daysSinceRecorded(Date.parse("2026-12-09T07:43:00Z"), recordedAt);
    expect(moved(drive, days * DAY_MS)).toEqual({ scheduledAt: "2026-12-12T11:30:00.000Z", preferredDate: "2026-12-12", name: "Ada" });
  });
});
