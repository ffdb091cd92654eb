import { afterEach, describe, expect, it, vi } from "vitest";
import { formatHash, navigate, parseHash, startRouter } from "../src/router";

describe("parseHash", () => {
  it("parses every route", () => {
    expect(parseHash("#/dashboard").route).toEqual({ name: "dashboard" });
    expect(parseHash("#/inventory").route).toEqual({ name: "inventory", id: null });
    expect(parseHash("#/inventory/veh_1").route).toEqual({ name: "inventory", id: "veh_1" });
    expect(parseHash("#/customers").route).toEqual({ name: "customers", id: null });
    expect(parseHash("#/customers/c%2F1").route).toEqual({ name: "customers", id: "c/1" });
    expect(parseHash("#/test-drives").route).toEqual({ name: "test-drives" });
    expect(parseHash("#/connections").route).toEqual({ name: "connections" });
  });
  it("falls back to the dashboard", () => {
    for (const h of ["", "#", "#/", "#/nope", "#/dashboard/x", "#/inventory/a/b", "#/test-drives/1", "#/inventory/%E0%A4%A"]) {
      expect(parseHash(h).route).toEqual({ name: "dashboard" });
    }
    expect(parseHash("#/nope?brand=x").params.toString()).toBe("");
  });
  it("keeps the query", () => {
    const loc = parseHash("#/inventory/veh_1?brand=b1&minYear=2018");
    expect(loc.params.get("brand")).toBe("b1");
    expect(loc.params.get("minYear")).toBe("2018");
  });
});

describe("formatHash", () => {
  it("round-trips", () => {
    const cases = [
      { name: "dashboard" as const },
      { name: "inventory" as const, id: null },
      { name: "inventory" as const, id: "a b/c" },
      { name: "customers" as const, id: "cus_1" },
      { name: "test-drives" as const },
      { name: "connections" as const },
    ];
    for (const r of cases) expect(parseHash(formatHash(r)).route).toEqual(r);
    expect(formatHash({ name: "inventory", id: null }, { q: "golf", type: "sale" })).toBe("#/inventory?q=golf&type=sale");
  });
});

describe("navigate + startRouter", () => {
  afterEach(() => history.replaceState(null, "", "#"));
  it("notifies on hash changes, and replace does not add history", async () => {
    const seen: string[] = [];
    const stop = startRouter((loc) => seen.push(loc.route.name));
    navigate({ name: "customers", id: null }, undefined, { replace: true });
    expect(location.hash).toBe("#/customers");
    const before = history.length;
    navigate({ name: "connections" }, undefined, { replace: true });
    expect(history.length).toBe(before);
    await vi.waitFor(() => expect(seen).toContain("connections"));
    stop();
  });
});
