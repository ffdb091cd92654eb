import { describe, expect, it } from "vitest";
import { actionLabel, allowedActions, isFinal, quotedPrice, sortTestDrives, sortedImages, statusAfter, vehiclePrice } from "../src/domain";
import type { Media, TestDrive, Vehicle } from "../src/backend";
import type { PreviewFixtures } from "../generated/bindings";
import fixtures from "../generated/fixtures.json";

describe("test-drive actions", () => {
  it("offers exactly the moves the rule book allows", () => {
    for (const { from, to } of (fixtures as PreviewFixtures).testDriveMoves) {
      const offered = allowedActions(from).map(statusAfter).filter((s) => s !== from);
      expect(offered.sort(), `from ${from}`).toEqual([...to].sort());
    }
    expect(allowedActions("pending")).toEqual(["confirm", "cancel"]);
    expect(allowedActions("confirmed")).toEqual(["confirm", "complete", "no_show", "cancel"]);
    expect(actionLabel("confirm", "pending")).toBe("Confirm");
    expect(actionLabel("confirm", "confirmed")).toBe("Reschedule");
    expect(actionLabel("no_show", "confirmed")).toBe("No-show");
    for (const s of ["completed", "cancelled", "no_show"] as const) {
      expect(isFinal(s)).toBe(true);
      expect(allowedActions(s)).toEqual([]);
    }
    expect(statusAfter("no_show")).toBe("no_show");
    expect(statusAfter("confirm")).toBe("confirmed");
  });

  it("sorts upcoming soonest first and finished newest first", () => {
    const td = (id: string, when: string): { testDrive: TestDrive } => ({
      testDrive: { id, vehicleId: "v", vehicleName: null, customerId: null, name: id, email: "a@b.c", phone: null, preferredDate: when, scheduledAt: null, status: "pending", notes: null, createdDate: when, updatedDate: when, version: 1 },
    });
    const rows = [td("b", "2025-05-02T10:00:00Z"), td("a", "2025-05-01T10:00:00Z"), td("c", "2025-05-03T10:00:00Z")];
    expect(sortTestDrives(rows, "pending").map((r) => r.testDrive.id)).toEqual(["a", "b", "c"]);
    expect(sortTestDrives(rows, "completed").map((r) => r.testDrive.id)).toEqual(["c", "b", "a"]);
  });
});

describe("media order", () => {
  it("puts the featured image first, then by sortOrder, images only", () => {
    const m = (id: string, sortOrder: number, isFeatured = false, type = "image"): Media => ({ id, url: `https://x/${id}.jpg`, type, category: "exterior", isFeatured, sortOrder });
    const out = sortedImages([m("c", 2), m("a", 0), m("f", 5, true), m("v", 1, false, "video"), m("b", 1)]);
    expect(out.map((x) => x.id)).toEqual(["f", "a", "b", "c"]);
  });
});

describe("vehiclePrice", () => {
  const base = { listingType: "sale", price: 100, saleOptions: null, rentalOptions: null, auctionOptions: null } as unknown as Vehicle;
  it("shows the right headline per listing type", () => {
    expect(vehiclePrice({ ...base, saleOptions: { price: 24500, isNegotiable: true, financingAvailable: true } })).toBe("$24,500");
    expect(vehiclePrice({ ...base, listingType: "rental", rentalOptions: { dailyRate: 89, weeklyRate: null, monthlyRate: null, deposit: null, minRentalDays: 1 } })).toBe("$89 / day");
    expect(vehiclePrice({ ...base, listingType: "auction", auctionOptions: { startingBid: 5000, reservePrice: null, currentBid: 6250, auctionEnd: null } })).toBe("$6,250");
    expect(vehiclePrice({ ...base, price: null })).toBe("—");
  });
  it("quotes a table row the same way", () => {
    expect(quotedPrice({ listingType: "sale", price: 24500, currentBid: null })).toBe("$24,500");
    expect(quotedPrice({ listingType: "rental", price: 89, currentBid: null })).toBe("$89 / day");
    expect(quotedPrice({ listingType: "auction", price: 5000, currentBid: 6250 })).toBe("$6,250");
    expect(quotedPrice({ listingType: "auction", price: 5000, currentBid: null })).toBe("$5,000");
    expect(quotedPrice({ listingType: "rental", price: null, currentBid: null })).toBe("—");
  });
});
