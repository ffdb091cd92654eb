import { describe, expect, it } from "vitest";
import {
  DEFAULT_INVENTORY,
  customersFromParams,
  customersToParams,
  inventoryFromParams,
  inventoryProblems,
  inventoryToParams,
  parseNumber,
  searchArg,
  toCustomerQuery,
  toVehicleQuery,
} from "../src/query-state";
import type { InventoryFilters } from "../src/query-state";

const full: InventoryFilters = {
  brandId: "br_1",
  modelId: "mo_1_2",
  bodyTypeId: "bt_suv",
  minYear: 2018,
  maxYear: 2023,
  minPrice: 10000,
  maxPrice: 45000.5,
  listingType: "rental",
  minDaysOnLot: 61,
  sort: "price",
  order: "asc",
  search: "golf gti",
};

describe("inventory filters <-> URL", () => {
  it("round-trips every filter", () => {
    expect(inventoryFromParams(inventoryToParams(full))).toEqual(full);
  });
  it("writes nothing for the defaults", () => {
    expect(inventoryToParams({ ...DEFAULT_INVENTORY }).toString()).toBe("");
  });
  it("uses short stable keys", () => {
    expect(inventoryToParams(full).toString()).toBe(
      "brand=br_1&model=mo_1_2&body=bt_suv&minYear=2018&maxYear=2023&minPrice=10000&maxPrice=45000.5&type=rental&minDays=61&sort=price&order=asc&q=golf+gti",
    );
  });
  it("drops invalid values instead of sending them", () => {
    const f = inventoryFromParams(new URLSearchParams("type=boat&sort=color&order=up&minYear=abc&maxPrice=-5&minPrice=&brand=%20&minDays=soon"));
    expect(f).toEqual({ ...DEFAULT_INVENTORY });
  });
  it("truncates years to whole numbers", () => {
    expect(inventoryFromParams(new URLSearchParams("minYear=2019.7")).minYear).toBe(2019);
    expect(parseNumber(" 12.5 ")).toBe(12.5);
    expect(parseNumber("1e3")).toBe(1000);
    expect(parseNumber("Infinity")).toBeNull();
  });
  it("flags inverted ranges", () => {
    expect(inventoryProblems({ ...full, minYear: 2024, maxYear: 2010 })).toHaveLength(1);
    expect(inventoryProblems({ ...full, minPrice: 9, maxPrice: 1 })).toHaveLength(1);
    expect(inventoryProblems(full)).toHaveLength(0);
  });
  it("maps to the backend query", () => {
    expect(toVehicleQuery(full, 3, 100)).toEqual({
      page: 3,
      limit: 100,
      brandId: "br_1",
      modelId: "mo_1_2",
      bodyTypeId: "bt_suv",
      minYear: 2018,
      maxYear: 2023,
      minPrice: 10000,
      maxPrice: 45000.5,
      listingType: "rental",
      minDaysOnLot: 61,
      sort: "price",
      order: "asc",
    });
    expect(searchArg(full)).toBe("golf gti");
    expect(searchArg({ ...full, search: "   " })).toBeNull();
  });
});

describe("customer filters <-> URL", () => {
  it("round-trips and validates", () => {
    const f = { search: "ana", segment: "at_risk" as const, sortBy: "leadScore" as const, sortOrder: "asc" as const };
    expect(customersFromParams(customersToParams(f))).toEqual(f);
    expect(customersFromParams(new URLSearchParams("segment=gold&sortBy=x"))).toEqual({ search: "", segment: null, sortBy: "createdDate", sortOrder: "desc" });
    expect(toCustomerQuery(f, 1, 100)).toEqual({ page: 1, limit: 100, search: "ana", segment: "at_risk", sortBy: "leadScore", sortOrder: "asc" });
  });
});
