// Inventory: every API filter (brand, model by brand, body type, year and price ranges,
// listing type), sort + order and a full-text search as you type, all kept in the URL; a
// virtualized table that fetches pages of 50 as you scroll; and the vehicle detail panel
// (#/inventory/:id) with "Book test drive".

import { debounce, field, h, options, replaceChildren } from "../dom";
import { api } from "../backend";
import type { FilterOptions, VehicleRow } from "../backend";
import { onDataChanged } from "../state";
import { label, mileage, num } from "../format";
import { navigate } from "../router";
import type { Location } from "../router";
import {
  DEFAULT_INVENTORY,
  LISTING_TYPES,
  SORT_ORDERS,
  VEHICLE_SORTS,
  inventoryFromParams,
  inventoryProblems,
  inventoryToParams,
  parseNumber,
  sameInventory,
  searchArg,
  toVehicleQuery,
} from "../query-state";
import type { InventoryFilters } from "../query-state";
import { createVirtualTable } from "../components/virtual-table";
import type { Column } from "../components/virtual-table";
import { badge, countText, createDrawer, errorState, exportButton, loadingBlock, pageHeader } from "../components/ui";
import { toastError } from "../components/toast";
import { quotedPrice } from "../domain";
import { photoUrl } from "../photo-url";
import { vehicleDetail } from "./vehicle-detail";
import type { View } from "./view";

/** The row's main photo, small, from the photo cache; decorative (the name is beside it),
 *  and an empty frame when the photo is not to be had. */
function rowPhoto(v: VehicleRow): HTMLElement {
  if (v.photo === null) return h("span", { class: "row-thumb is-missing", "aria-hidden": "true" });
  const img = h("img", { class: "row-thumb", src: photoUrl(v.id, v.photo, "thumb"), alt: "", loading: "lazy", decoding: "async", "data-testid": "row-photo" });
  img.addEventListener("error", () => img.replaceWith(h("span", { class: "row-thumb is-missing", "aria-hidden": "true" })));
  return img;
}

const COLUMNS: Column<VehicleRow>[] = [
  { id: "photo", header: "Photo", width: "52px", cell: rowPhoto },
  {
    id: "name",
    header: "Vehicle",
    width: "minmax(180px, 2.2fr)",
    cell: (v) => h("span", { class: "cell-stack" }, h("span", { class: "cell-main" }, v.name), h("span", { class: "cell-sub" }, `${v.brandName} · ${v.bodyTypeName ?? v.modelName}`)),
  },
  { id: "year", header: "Year", width: "64px", align: "end", cell: (v) => String(v.year) },
  { id: "mileage", header: "Mileage", width: "minmax(84px, 0.8fr)", align: "end", cell: (v) => mileage(v.mileage) },
  {
    id: "listingType",
    header: "Listing",
    width: "84px",
    cell: (v) => badge(label(v.listingType), v.listingType === "sale" ? "info" : v.listingType === "rental" ? "success" : "warning"),
  },
  { id: "price", header: "Price", width: "minmax(100px, 0.9fr)", align: "end", cell: (v) => h("span", { class: "num" }, quotedPrice(v)) },
  { id: "location", header: "Location", width: "minmax(110px, 1.3fr)", cell: (v) => v.locationName ?? "—" },
  { id: "daysOnLot", header: "Days on lot", width: "88px", align: "end", cell: (v) => (v.daysOnLot == null ? "—" : num(v.daysOnLot)) },
  { id: "impressions", header: "Views", width: "72px", align: "end", cell: (v) => num(v.impressionsCount) },
];

const SORT_LABELS: Record<string, string> = {
  createdDate: "Date added",
  impressionsCount: "Views",
  year: "Year",
  mileage: "Mileage",
  price: "Price",
  name: "Name",
  daysOnLot: "Days on lot",
};

/** "Over 60 days" means at least 61 whole days on the lot. */
const AGED_DAYS = 61;

export function inventoryView(loc: Location): View {
  let filters: InventoryFilters = inventoryFromParams(loc.params);
  let detailId: string | null = null;
  let opts: FilterOptions = { brands: [], models: [], bodyTypes: [] };
  let detailSeq = 0;

  const count = h("span", { class: "result-count", "data-testid": "result-count", "aria-live": "polite" }, "Loading…");

  // ---- filter controls (they write to the URL; update() reads it back) ----
  const search = h("input", { type: "search", class: "search-input", "data-testid": "search-input", placeholder: "Search name, brand, model…  ( / )", "aria-label": "Search inventory", value: filters.search, autocomplete: "off" });
  const brand = h("select", { "data-testid": "filter-brand" });
  const model = h("select", { "data-testid": "filter-model" });
  const body = h("select", { "data-testid": "filter-body-type" });
  const listing = h("select", { "data-testid": "filter-listing-type" }, options([{ value: "", label: "All listings" }, ...LISTING_TYPES.map((t) => ({ value: t, label: label(t) }))], filters.listingType));
  const minYear = h("input", { type: "number", inputmode: "numeric", min: 1900, max: 2100, step: 1, placeholder: "From", "data-testid": "filter-min-year", "aria-label": "Year from" });
  const maxYear = h("input", { type: "number", inputmode: "numeric", min: 1900, max: 2100, step: 1, placeholder: "To", "data-testid": "filter-max-year", "aria-label": "Year to" });
  const minPrice = h("input", { type: "number", inputmode: "decimal", min: 0, step: 500, placeholder: "Min", "data-testid": "filter-min-price", "aria-label": "Minimum price" });
  const maxPrice = h("input", { type: "number", inputmode: "decimal", min: 0, step: 500, placeholder: "Max", "data-testid": "filter-max-price", "aria-label": "Maximum price" });
  const aged = h("input", { type: "checkbox", "data-testid": "filter-aged" });
  const sort = h("select", { "data-testid": "sort-select" }, options(VEHICLE_SORTS.map((s) => ({ value: s, label: SORT_LABELS[s] ?? label(s) })), filters.sort));
  const order = h("select", { "data-testid": "order-select" }, options(SORT_ORDERS.map((o) => ({ value: o, label: o === "asc" ? "Ascending" : "Descending" })), filters.order));
  const clearBtn = h("button", { type: "button", class: "btn btn-ghost", "data-testid": "filters-clear" }, "Clear filters");
  const problems = h("p", { class: "form-problems", role: "alert", hidden: true });

  const form = h(
    "form",
    { class: "filters", role: "search", "aria-label": "Inventory filters" },
    h("div", { class: "filters-row" }, field("Search", search, "grow"), field("Brand", brand), field("Model", model), field("Body type", body), field("Listing type", listing)),
    h(
      "div",
      { class: "filters-row" },
      h("fieldset", { class: "range" }, h("legend", { class: "field-label" }, "Year"), minYear, h("span", { class: "range-sep", "aria-hidden": "true" }, "–"), maxYear),
      h("fieldset", { class: "range" }, h("legend", { class: "field-label" }, "Price"), minPrice, h("span", { class: "range-sep", "aria-hidden": "true" }, "–"), maxPrice),
      h("label", { class: "check-field" }, aged, " On the lot over 60 days"),
      field("Sort by", sort),
      field("Order", order),
      h("div", { class: "filters-end" }, clearBtn),
    ),
    problems,
  );
  form.addEventListener("submit", (ev) => ev.preventDefault());

  function push(next: InventoryFilters): void {
    const route = { name: "inventory" as const, id: detailId };
    navigate(route, inventoryToParams(next), { replace: true });
  }
  const readForm = (): InventoryFilters => ({
    brandId: brand.value || null,
    modelId: model.value || null,
    bodyTypeId: body.value || null,
    minYear: parseNumber(minYear.value, true),
    maxYear: parseNumber(maxYear.value, true),
    minPrice: parseNumber(minPrice.value),
    maxPrice: parseNumber(maxPrice.value),
    listingType: (listing.value || null) as InventoryFilters["listingType"],
    // Kept as it came when it is another threshold (a hand-made link), else the box.
    minDaysOnLot: aged.checked ? (filters.minDaysOnLot ?? AGED_DAYS) : null,
    sort: sort.value as InventoryFilters["sort"],
    order: order.value as InventoryFilters["order"],
    search: search.value,
  });
  // Each key searches at once: the offline cache answers in milliseconds, and the table
  // keeps its rows until the new ones come (switchQuery). Number boxes wait for a pause, so
  // "2018" is not first refused as the year 2.
  search.addEventListener("input", () => push(readForm()));
  const pushSoon = debounce(() => push(readForm()), 300);
  for (const input of [minYear, maxYear, minPrice, maxPrice]) input.addEventListener("input", pushSoon);
  brand.addEventListener("change", () => {
    fillModels(brand.value || null, null);
    push(readForm());
  });
  for (const s of [model, body, listing, sort, order, aged]) s.addEventListener("change", () => push(readForm()));
  clearBtn.addEventListener("click", () => {
    pushSoon.cancel();
    push({ ...DEFAULT_INVENTORY });
  });

  function fillModels(brandId: string | null, selected: string | null): void {
    const list = brandId ? opts.models.filter((m) => m.brandId === brandId) : [];
    replaceChildren(
      model,
      options([{ value: "", label: "All models" }, ...list.map((m) => ({ value: m.id, label: m.name }))], selected),
    );
    model.disabled = !brandId;
    model.title = brandId ? "" : "Choose a brand first";
  }

  function fillOptions(): void {
    const byName = <T extends { name: string }>(a: T, b: T) => a.name.localeCompare(b.name);
    replaceChildren(brand, options([{ value: "", label: "All brands" }, ...[...opts.brands].sort(byName).map((b) => ({ value: b.id, label: b.name }))], filters.brandId));
    replaceChildren(body, options([{ value: "", label: "All body types" }, ...[...opts.bodyTypes].sort(byName).map((b) => ({ value: b.id, label: b.name }))], filters.bodyTypeId));
    opts.models.sort(byName);
    fillModels(filters.brandId, filters.modelId);
  }

  /** Put filter values into the controls (skipping the one being typed in). */
  function syncControls(): void {
    const focused = document.activeElement;
    const set = (input: HTMLInputElement, v: string) => {
      if (input !== focused && input.value !== v) input.value = v;
    };
    set(search, filters.search);
    set(minYear, filters.minYear === null ? "" : String(filters.minYear));
    set(maxYear, filters.maxYear === null ? "" : String(filters.maxYear));
    set(minPrice, filters.minPrice === null ? "" : String(filters.minPrice));
    set(maxPrice, filters.maxPrice === null ? "" : String(filters.maxPrice));
    brand.value = filters.brandId ?? "";
    if (filters.brandId && brand.value !== filters.brandId) brand.value = "";
    fillModels(filters.brandId, filters.modelId);
    body.value = filters.bodyTypeId ?? "";
    listing.value = filters.listingType ?? "";
    aged.checked = filters.minDaysOnLot !== null;
    sort.value = filters.sort;
    order.value = filters.order;
    const bad = inventoryProblems(filters);
    problems.hidden = bad.length === 0;
    problems.textContent = bad.join(" ");
    minYear.setAttribute("aria-invalid", String(bad.some((p) => p.includes("Year"))));
    maxYear.setAttribute("aria-invalid", String(bad.some((p) => p.includes("Year"))));
    minPrice.setAttribute("aria-invalid", String(bad.some((p) => p.includes("price"))));
    maxPrice.setAttribute("aria-invalid", String(bad.some((p) => p.includes("price"))));
    clearBtn.disabled = sameInventory(filters, DEFAULT_INVENTORY);
  }

  // ---- table ----
  const fetcherFor = (f: InventoryFilters) => (page: number, limit: number) => {
    if (inventoryProblems(f).length > 0) return Promise.resolve({ items: [], total: 0, page, limit, totalPages: 0 });
    return api.listVehicleRows(toVehicleQuery(f, page, limit), searchArg(f));
  };
  const table = createVirtualTable<VehicleRow>({
    label: "Vehicles",
    columns: COLUMNS,
    // Pages of 50 rows (~300 bytes each over IPC, against ~2.3 KB for a whole vehicle)
    // fill a tall window.
    pageSize: 50,
    fetchPage: fetcherFor(filters),
    rowId: (v) => v.id,
    rowTestId: "vehicle-row",
    onOpen: (v) => navigate({ name: "inventory", id: v.id }, inventoryToParams(filters)),
    emptyText: () =>
      sameInventory(filters, DEFAULT_INVENTORY)
        ? "No vehicles on this computer yet. Press Sync now to download the inventory."
        : "No vehicles match these filters. Try clearing some of them.",
    onTotal: (t) => (count.textContent = countText(t, "vehicle", "vehicles")),
    onError: () => (count.textContent = "Couldn't load vehicles"),
  });

  // ---- detail drawer ----
  const drawer = createDrawer({ label: "Vehicle details", testId: "vehicle-detail", onClose: () => closeDetail(), wide: true });

  function closeDetail(): void {
    navigate({ name: "inventory", id: null }, inventoryToParams(filters));
  }

  async function showDetail(id: string): Promise<void> {
    const mine = ++detailSeq;
    drawer.open();
    replaceChildren(drawer.body, loadingBlock("Loading vehicle…"));
    table.setSelected(id);
    try {
      const v = await api.getVehicle(id);
      if (mine !== detailSeq) return;
      replaceChildren(
        drawer.body,
        vehicleDetail(v, {
          onBookTestDrive: () => navigate({ name: "test-drives" }, { new: "1", vehicle: v.id }),
        }),
      );
      drawer.body.scrollTop = 0;
      drawer.el.querySelector<HTMLElement>("#vehicle-detail-title")?.focus({ preventScroll: true });
    } catch (e) {
      if (mine !== detailSeq) return;
      replaceChildren(drawer.body, errorState(e, () => void showDetail(id)));
    }
  }

  function applyDetail(id: string | null): void {
    if (id === detailId) return;
    const wasOpen = detailId !== null;
    detailId = id;
    if (id) void showDetail(id);
    else {
      detailSeq++;
      drawer.close();
      table.setSelected(null);
      if (wasOpen) table.focus();
    }
  }

  const el = h(
    "section",
    { class: "view view-list view-inventory" },
    pageHeader("Inventory", count, exportButton("vehicles")),
    form,
    h("div", { class: "list-area" }, table.el, drawer.el),
  );

  async function loadOptions(): Promise<void> {
    try {
      opts = await api.filterOptions();
      fillOptions();
      syncControls();
    } catch (e) {
      toastError(e, "Couldn't load brands and models");
    }
  }

  const unsub = onDataChanged(() => {
    table.refresh();
    void loadOptions();
    if (detailId) void showDetail(detailId);
  });

  fillOptions();
  syncControls();
  void loadOptions();
  applyDetail(loc.route.name === "inventory" ? loc.route.id : null);

  return {
    el,
    update(next) {
      const f = inventoryFromParams(next.params);
      if (!sameInventory(f, filters)) {
        filters = f;
        syncControls();
        table.switchQuery(fetcherFor(filters));
      } else {
        filters = f;
      }
      applyDetail(next.route.name === "inventory" ? next.route.id : null);
    },
    onEscape() {
      if (detailId) {
        closeDetail();
        return true;
      }
      return false;
    },
    focusSearch() {
      search.focus();
      search.select();
      return true;
    },
    dispose() {
      unsub();
      pushSoon.cancel();
      table.dispose();
    },
  };
}
