// List filters <-> URL query. Inventory and customer filters live in the hash query
// ("#/inventory?brand=b1&minYear=2018&sort=price&order=asc&q=golf") so a filtered list
// survives reloads and Back; parsing validates every value, so a hand-edited URL can
// never send a bad query to the backend.

import type {
  CustomerQuery,
  CustomerSegment,
  CustomerSort,
  ListingType,
  SortOrder,
  VehicleQuery,
  VehicleSort,
} from "./backend";

export const LISTING_TYPES: readonly ListingType[] = ["sale", "rental", "auction"];
export const VEHICLE_SORTS: readonly VehicleSort[] = ["createdDate", "impressionsCount", "year", "mileage", "price", "name", "daysOnLot"];
export const SORT_ORDERS: readonly SortOrder[] = ["asc", "desc"];
export const SEGMENTS: readonly CustomerSegment[] = ["new", "regular", "vip", "at_risk"];
export const CUSTOMER_SORTS: readonly CustomerSort[] = ["createdDate", "totalSpent", "lastPurchaseDate", "leadScore"];

export interface InventoryFilters {
  brandId: string | null;
  modelId: string | null;
  bodyTypeId: string | null;
  minYear: number | null;
  maxYear: number | null;
  minPrice: number | null;
  maxPrice: number | null;
  listingType: ListingType | null;
  /** Only vehicles on the lot at least this many whole days ("over 60 days" is 61). */
  minDaysOnLot: number | null;
  sort: VehicleSort;
  order: SortOrder;
  search: string;
}

export const DEFAULT_INVENTORY: Readonly<InventoryFilters> = Object.freeze({
  brandId: null,
  modelId: null,
  bodyTypeId: null,
  minYear: null,
  maxYear: null,
  minPrice: null,
  maxPrice: null,
  listingType: null,
  minDaysOnLot: null,
  sort: "createdDate",
  order: "desc",
  search: "",
});

function oneOf<T extends string>(allowed: readonly T[], v: string | null): T | null {
  return v !== null && (allowed as readonly string[]).includes(v) ? (v as T) : null;
}

function str(v: string | null): string | null {
  const t = v?.trim();
  return t ? t : null;
}

/** A non-negative number, or null (empty, not a number, negative). Years are whole numbers. */
export function parseNumber(v: string | null | undefined, integer = false): number | null {
  if (v === null || v === undefined) return null;
  const t = v.trim();
  if (t === "") return null;
  const n = Number(t);
  if (!Number.isFinite(n) || n < 0) return null;
  return integer ? Math.trunc(n) : n;
}

const INV_KEYS = {
  brandId: "brand",
  modelId: "model",
  bodyTypeId: "body",
  minYear: "minYear",
  maxYear: "maxYear",
  minPrice: "minPrice",
  maxPrice: "maxPrice",
  listingType: "type",
  minDaysOnLot: "minDays",
  sort: "sort",
  order: "order",
  search: "q",
} as const satisfies Record<keyof InventoryFilters, string>;

/** Filters → query (only values that differ from the defaults, in a stable order). */
export function inventoryToParams(f: InventoryFilters): URLSearchParams {
  const p = new URLSearchParams();
  for (const key of Object.keys(INV_KEYS) as Array<keyof InventoryFilters>) {
    const value = f[key];
    if (value === null || value === "" || value === DEFAULT_INVENTORY[key]) continue;
    p.set(INV_KEYS[key], String(value));
  }
  return p;
}

/** Query → filters; anything invalid falls back to its default. */
export function inventoryFromParams(p: URLSearchParams): InventoryFilters {
  return {
    brandId: str(p.get(INV_KEYS.brandId)),
    modelId: str(p.get(INV_KEYS.modelId)),
    bodyTypeId: str(p.get(INV_KEYS.bodyTypeId)),
    minYear: parseNumber(p.get(INV_KEYS.minYear), true),
    maxYear: parseNumber(p.get(INV_KEYS.maxYear), true),
    minPrice: parseNumber(p.get(INV_KEYS.minPrice)),
    maxPrice: parseNumber(p.get(INV_KEYS.maxPrice)),
    listingType: oneOf(LISTING_TYPES, p.get(INV_KEYS.listingType)),
    minDaysOnLot: parseNumber(p.get(INV_KEYS.minDaysOnLot), true),
    sort: oneOf(VEHICLE_SORTS, p.get(INV_KEYS.sort)) ?? DEFAULT_INVENTORY.sort,
    order: oneOf(SORT_ORDERS, p.get(INV_KEYS.order)) ?? DEFAULT_INVENTORY.order,
    search: p.get(INV_KEYS.search)?.trim() ?? "",
  };
}

/** Problems a dealer should fix before we ask the backend (shown inline, not sent). */
export function inventoryProblems(f: InventoryFilters): string[] {
  const out: string[] = [];
  if (f.minYear !== null && f.maxYear !== null && f.minYear > f.maxYear) out.push("“Year from” is after “Year to”.");
  if (f.minPrice !== null && f.maxPrice !== null && f.minPrice > f.maxPrice) out.push("“Min price” is above “Max price”.");
  return out;
}

/** Filters + page → the backend's VehicleQuery. */
export function toVehicleQuery(f: InventoryFilters, page: number, limit: number): VehicleQuery {
  return {
    page,
    limit,
    brandId: f.brandId,
    modelId: f.modelId,
    bodyTypeId: f.bodyTypeId,
    minYear: f.minYear,
    maxYear: f.maxYear,
    minPrice: f.minPrice,
    maxPrice: f.maxPrice,
    listingType: f.listingType,
    minDaysOnLot: f.minDaysOnLot,
    sort: f.sort,
    order: f.order,
  };
}

/** The search text for listVehicles (null when empty). */
export function searchArg(f: InventoryFilters): string | null {
  return f.search.trim() === "" ? null : f.search.trim();
}

/** True when two filter sets would fetch the same rows. */
export function sameInventory(a: InventoryFilters, b: InventoryFilters): boolean {
  return inventoryToParams(a).toString() === inventoryToParams(b).toString();
}

export interface CustomerFilters {
  search: string;
  segment: CustomerSegment | null;
  sortBy: CustomerSort;
  sortOrder: SortOrder;
}

export const DEFAULT_CUSTOMERS: Readonly<CustomerFilters> = Object.freeze({
  search: "",
  segment: null,
  sortBy: "createdDate",
  sortOrder: "desc",
});

export function customersToParams(f: CustomerFilters): URLSearchParams {
  const p = new URLSearchParams();
  if (f.search.trim()) p.set("q", f.search.trim());
  if (f.segment) p.set("segment", f.segment);
  if (f.sortBy !== DEFAULT_CUSTOMERS.sortBy) p.set("sortBy", f.sortBy);
  if (f.sortOrder !== DEFAULT_CUSTOMERS.sortOrder) p.set("order", f.sortOrder);
  return p;
}

export function customersFromParams(p: URLSearchParams): CustomerFilters {
  return {
    search: p.get("q")?.trim() ?? "",
    segment: oneOf(SEGMENTS, p.get("segment")),
    sortBy: oneOf(CUSTOMER_SORTS, p.get("sortBy")) ?? DEFAULT_CUSTOMERS.sortBy,
    sortOrder: oneOf(SORT_ORDERS, p.get("order")) ?? DEFAULT_CUSTOMERS.sortOrder,
  };
}

export function toCustomerQuery(f: CustomerFilters, page: number, limit: number): CustomerQuery {
  return {
    page,
    limit,
    search: f.search.trim() === "" ? null : f.search.trim(),
    segment: f.segment,
    sortBy: f.sortBy,
    sortOrder: f.sortOrder,
  };
}
