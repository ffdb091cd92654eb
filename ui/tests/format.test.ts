import { describe, expect, it } from "vitest";
import { date, dateTime, fromDateTimeLocal, label, mileage, money, moneyShort, num, plural, relativeTime, resolveLocale, setCurrency, settings, toDateTimeLocal } from "../src/format";

describe("money", () => {
  it("formats whole amounts without cents and fractional ones with cents", () => {
    expect(money(24500)).toBe("$24,500");
    expect(money(19.5)).toBe("$19.50");
    expect(money(0)).toBe("$0");
  });
  it("shows a dash for missing values", () => {
    expect(money(null)).toBe("—");
    expect(money(undefined)).toBe("—");
    expect(money(Number.NaN)).toBe("—");
  });
  it("uses the currency setting", () => {
    setCurrency("EUR");
    try {
      expect(money(1000)).toBe("€1,000");
    } finally {
      setCurrency("USD");
    }
    expect(() => setCurrency("dollars")).toThrow();
  });
  it("shortens millions for tiles and rounds smaller amounts", () => {
    expect(moneyShort(14_972_638)).toBe("$14.97M");
    expect(moneyShort(74_863.45)).toBe("$74,863");
  });
  it("follows the locale", () => {
    const before = settings.locale;
    settings.locale = "de-DE";
    try {
      expect(money(24500)).toMatch(/^24\.500\s\$$/);
    } finally {
      settings.locale = before;
    }
  });
});

describe("numbers", () => {
  it("groups thousands", () => {
    expect(num(100000)).toBe("100,000");
    expect(num(49.56, 1)).toBe("49.6");
    expect(mileage(45000)).toBe("45,000");
    expect(num(null)).toBe("—");
  });
  it("pluralises", () => {
    expect(plural(1, "change", "changes")).toBe("1 change");
    expect(plural(3, "change", "changes")).toBe("3 changes");
  });
});

describe("dates", () => {
  it("formats dates and date-times", () => {
    expect(date("2025-03-04T12:00:00Z")).toMatch(/Mar 4, 2025/);
    expect(dateTime("2025-03-04T12:00:00Z")).toMatch(/Mar 4, 2025/);
    expect(date(null)).toBe("—");
    expect(date("not a date")).toBe("—");
  });
  it("gives relative times", () => {
    const now = Date.parse("2025-03-04T12:00:00Z");
    expect(relativeTime("2025-03-04T11:59:50Z", now)).toBe("just now");
    expect(relativeTime("2025-03-04T11:58:00Z", now)).toBe("2 minutes ago");
    expect(relativeTime("2025-03-04T09:00:00Z", now)).toBe("3 hours ago");
    expect(relativeTime("2025-03-03T12:00:00Z", now)).toBe("yesterday");
    expect(relativeTime("2025-03-06T12:00:00Z", now)).toBe("in 2 days");
    expect(relativeTime(null, now)).toBe("never");
  });
  it("round-trips datetime-local values in local time", () => {
    const iso = fromDateTimeLocal("2025-06-01T14:30");
    expect(iso).not.toBeNull();
    expect(toDateTimeLocal(iso)).toBe("2025-06-01T14:30");
    expect(fromDateTimeLocal("")).toBeNull();
    expect(fromDateTimeLocal("tomorrow")).toBeNull();
    expect(toDateTimeLocal(null)).toBe("");
  });
});

describe("labels", () => {
  it("turns API values into words", () => {
    expect(label("no_show")).toBe("No-show");
    expect(label("at_risk")).toBe("At risk");
    expect(label("sale")).toBe("Sale");
    expect(label("testDrives")).toBe("Test drives");
    expect(label("repeat_customer")).toBe("Repeat customer");
  });
});

import { progressText, reportText } from "../src/components/status-bar";

describe("sync texts", () => {
  it("describes progress", () => {
    expect(progressText({ phase: "vehicles", done: 300, total: 500 })).toBe("Syncing vehicles — 300 of 500");
    expect(progressText({ phase: "testDrives", done: 12, total: null })).toBe("Syncing test drives — 12 so far");
    expect(progressText({ phase: "outbox", done: 1, total: 3 }, true)).toBe("Downloading your changes — 1 of 3 (first download, for offline use)");
  });
  it("summarises a report", () => {
    const base = { vehicles: 0, customers: 0, testDrives: 0, leads: 0, tasks: 0, deleted: 0, sent: 0, conflicts: 0, full: false, resumed: false, fellBackToLists: false, unconfirmed: 0, missing: [] };
    expect(reportText(base)).toBe("Sync finished: everything is up to date.");
    expect(reportText({ ...base, vehicles: 3, customers: 1, sent: 2 })).toBe("Sync finished: 4 records updated, 2 changes sent.");
    // A server without some additions is not a failure: the report does not mention it.
    const docsOnly = { ...base, fellBackToLists: true, missing: ["testDriveList" as const, "idempotency" as const] };
    expect(reportText(docsOnly)).toBe("Sync finished: everything is up to date.");
    expect(reportText({ ...docsOnly, unconfirmed: 1 })).toBe("Sync finished: 1 booking to check on the Test drives page.");
  });
});

describe("resolveLocale", () => {
  it("falls back to en-US for the POSIX C locale WebKitGTK reports without LANG", () => {
    expect(resolveLocale(["C"])).toBe("en-US");
    expect(resolveLocale(["POSIX", undefined])).toBe("en-US");
    expect(resolveLocale([])).toBe("en-US");
  });
  it("turns POSIX locale names into BCP 47 tags", () => {
    expect(resolveLocale(["en_GB.UTF-8"])).toBe("en-GB");
    expect(resolveLocale(["sw_KE@euro"])).toBe("sw-KE");
  });
  it("keeps the first valid candidate", () => {
    expect(resolveLocale(["not a tag!", "fr-FR", "de-DE"])).toBe("fr-FR");
  });
});
