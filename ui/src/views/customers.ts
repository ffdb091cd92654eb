// Customers (CRM): search as you type (the offline cache answers in milliseconds), segment
// filter, sort + order (kept in the URL), a virtualized list with VIP / pending / conflict
// markers, and the customer panel (#/customers/:id) for notes, tags and VIP.

import { field, h, options, replaceChildren } from "../dom";
import { api } from "../backend";
import type { CustomerRow } from "../backend";
import { appState } from "../state";
import { date, label, money, num } from "../format";
import { navigate } from "../router";
import type { Location } from "../router";
import { CUSTOMER_SORTS, SEGMENTS, SORT_ORDERS, customersFromParams, customersToParams, toCustomerQuery } from "../query-state";
import type { CustomerFilters } from "../query-state";
import { createVirtualTable } from "../components/virtual-table";
import type { Column } from "../components/virtual-table";
import { badge, conflictBadge, countText, createDrawer, errorState, exportButton, loadingBlock, pageHeader, pendingBadge } from "../components/ui";
import { customerName, initials } from "../domain";
import { toast } from "../components/toast";
import { customerPanel } from "./customer-detail";
import type { CustomerPanel } from "./customer-detail";
import type { View } from "./view";

const COLUMNS: Column<CustomerRow>[] = [
  {
    id: "name",
    header: "Customer",
    width: "minmax(240px, 2.4fr)",
    cell: (r) =>
      h(
        "span",
        { class: "cell-person" },
        h("span", { class: "avatar", "aria-hidden": "true" }, initials(r.customer)),
        h("span", { class: "cell-stack" }, h("span", { class: "cell-main" }, customerName(r.customer), r.customer.classification.isVip ? h("span", { class: "vip-star", title: "VIP", "aria-label": "VIP" }, " ★") : null), h("span", { class: "cell-sub" }, r.customer.user.email)),
      ),
  },
  {
    id: "segment",
    header: "Segment",
    width: "84px",
    cell: (r) => {
      const s = r.customer.classification.customerSegment;
      return badge(label(s), s === "vip" ? "vip" : s === "at_risk" ? "danger" : s === "new" ? "info" : "neutral");
    },
  },
  { id: "lead", header: "Lead score", width: "84px", align: "end", cell: (r) => num(r.customer.classification.leadScore) },
  { id: "spent", header: "Total spent", width: "minmax(96px, 0.9fr)", align: "end", cell: (r) => h("span", { class: "num" }, money(r.customer.stats.totalSpent)) },
  { id: "last", header: "Last purchase", width: "minmax(104px, 0.9fr)", cell: (r) => date(r.customer.stats.lastPurchaseDate) },
  {
    id: "tags",
    header: "Tags",
    width: "minmax(140px, 1.6fr)",
    cell: (r) => {
      const t = r.customer.tags;
      if (t.length === 0) return h("span", { class: "muted" }, "—");
      return h("span", { class: "chips chips-inline" }, t.slice(0, 2).map((x) => h("span", { class: "chip" }, x)), t.length > 2 ? h("span", { class: "chip chip-more" }, `+${t.length - 2}`) : null);
    },
  },
  {
    id: "state",
    header: "Sync",
    width: "104px",
    cell: (r) => (r.conflict ? conflictBadge() : r.pending ? pendingBadge() : h("span", { class: "muted" }, "Synced")),
  },
];

export function customersView(loc: Location): View {
  let filters: CustomerFilters = customersFromParams(loc.params);
  let detailId: string | null = null;
  let panel: CustomerPanel | null = null;
  let detailSeq = 0;
  let discardArmed = false;

  const count = h("span", { class: "result-count", "data-testid": "result-count", "aria-live": "polite" }, "Loading…");
  const search = h("input", { type: "search", class: "search-input", "data-testid": "search-input", placeholder: "Search name, email, phone…  ( / )", "aria-label": "Search customers", value: filters.search, autocomplete: "off" });
  const segment = h("select", { "data-testid": "filter-segment" }, options([{ value: "", label: "All segments" }, ...SEGMENTS.map((s) => ({ value: s, label: label(s) }))], filters.segment));
  const sortBy = h("select", { "data-testid": "sort-select" }, options(CUSTOMER_SORTS.map((s) => ({ value: s, label: label(s) })), filters.sortBy));
  const order = h("select", { "data-testid": "order-select" }, options(SORT_ORDERS.map((o) => ({ value: o, label: o === "asc" ? "Ascending" : "Descending" })), filters.sortOrder));

  const form = h(
    "form",
    { class: "filters", role: "search", "aria-label": "Customer filters" },
    h("div", { class: "filters-row" }, field("Search", search, "grow"), field("Segment", segment), field("Sort by", sortBy), field("Order", order)),
  );
  form.addEventListener("submit", (ev) => ev.preventDefault());

  const readForm = (): CustomerFilters => ({
    search: search.value,
    segment: (segment.value || null) as CustomerFilters["segment"],
    sortBy: sortBy.value as CustomerFilters["sortBy"],
    sortOrder: order.value as CustomerFilters["sortOrder"],
  });
  const push = () => navigate({ name: "customers", id: detailId }, customersToParams(readForm()), { replace: true });
  search.addEventListener("input", push);
  for (const s of [segment, sortBy, order]) s.addEventListener("change", push);

  const fetcherFor = (f: CustomerFilters) => (page: number, limit: number) => api.listCustomers(toCustomerQuery(f, page, limit));
  const table = createVirtualTable<CustomerRow>({
    label: "Customers",
    columns: COLUMNS,
    fetchPage: fetcherFor(filters),
    rowId: (r) => r.customer.id,
    rowTestId: "customer-row",
    rowHeight: 48,
    rowClass: (r) => (r.conflict ? "has-conflict" : r.pending ? "is-pending" : null),
    onOpen: (r) => navigate({ name: "customers", id: r.customer.id }, customersToParams(filters)),
    emptyText: () =>
      filters.search.trim() === "" && filters.segment === null
        ? "No customers on this computer yet. Press Sync now to download them."
        : "No customers match. Try another search or segment.",
    onTotal: (t) => (count.textContent = countText(t, "customer", "customers")),
    onError: () => (count.textContent = "Couldn't load customers"),
  });

  const drawer = createDrawer({ label: "Customer details", testId: "customer-detail", onClose: () => closeDetail(), wide: true });
  const closeDetail = () => navigate({ name: "customers", id: null }, customersToParams(filters));

  async function showDetail(id: string, quiet = false): Promise<void> {
    const mine = ++detailSeq;
    drawer.open();
    table.setSelected(id);
    if (!quiet) {
      panel = null;
      replaceChildren(drawer.body, loadingBlock("Loading customer…"));
    }
    try {
      const row = await api.getCustomer(id);
      if (mine !== detailSeq) return;
      if (panel && quiet) {
        panel.set(row);
      } else {
        panel = customerPanel(row, {
          onUpdated: (r) => table.replaceRow(r.customer.id, r),
          onBookTestDrive: (c) => navigate({ name: "test-drives" }, { new: "1", customer: c.id }),
        });
        replaceChildren(drawer.body, panel.el);
        drawer.body.scrollTop = 0;
        drawer.el.querySelector<HTMLElement>("#customer-detail-title")?.focus({ preventScroll: true });
      }
      table.replaceRow(row.customer.id, row);
    } catch (e) {
      if (mine !== detailSeq) return;
      panel = null;
      replaceChildren(drawer.body, errorState(e, () => void showDetail(id)));
    }
  }

  function applyDetail(id: string | null): void {
    if (id === detailId) return;
    discardArmed = false;
    const wasOpen = detailId !== null;
    detailId = id;
    if (id) void showDetail(id);
    else {
      detailSeq++;
      panel = null;
      drawer.close();
      table.setSelected(null);
      if (wasOpen) table.focus();
    }
  }

  // After a sync (or the outbox draining) rows and the open customer may have changed.
  let version = appState.get().dataVersion;
  let outbox = appState.get().status?.pendingOutbox ?? 0;
  let conflicts = appState.get().status?.conflicts ?? 0;
  const unsub = appState.subscribe((s) => {
    const ob = s.status?.pendingOutbox ?? 0;
    const cf = s.status?.conflicts ?? 0;
    if (s.dataVersion !== version || ob !== outbox || cf !== conflicts) {
      version = s.dataVersion;
      outbox = ob;
      conflicts = cf;
      table.refresh();
      if (detailId) void showDetail(detailId, true);
    }
  });

  const el = h(
    "section",
    { class: "view view-list view-customers" },
    pageHeader("Customers", count, exportButton("customers")),
    form,
    h("div", { class: "list-area" }, table.el, drawer.el),
  );

  applyDetail(loc.route.name === "customers" ? loc.route.id : null);

  return {
    el,
    update(next) {
      const f = customersFromParams(next.params);
      if (customersToParams(f).toString() !== customersToParams(filters).toString()) {
        filters = f;
        if (document.activeElement !== search) search.value = f.search;
        segment.value = f.segment ?? "";
        sortBy.value = f.sortBy;
        order.value = f.sortOrder;
        table.switchQuery(fetcherFor(filters));
      }
      applyDetail(next.route.name === "customers" ? next.route.id : null);
    },
    onEscape() {
      if (detailId) {
        if (panel?.dirty() && !discardArmed) {
          discardArmed = true;
          toast("This note isn't saved yet. Press Save notes, or Esc again to discard it.", "info");
          return true;
        }
        discardArmed = false;
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
      table.dispose();
    },
  };
}
