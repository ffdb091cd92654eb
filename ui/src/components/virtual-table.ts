// Virtualized table (@tanstack/virtual-core): only the rows in view (plus a little overscan)
// exist in the DOM, positioned with CSSOM transforms; rows come from a PageCache that fetches
// pages (100 by default) on demand. Keyboard: the grid is one tab stop; ↑/↓, PageUp/PageDown,
// Home/End move the active row (aria-activedescendant), Enter/Space open it. The grid is
// itself the scroller (the header sticks to its top), so the one focusable element is the
// one that scrolls; the empty/error message sits beside the grid, not inside it.

import { Virtualizer, elementScroll, observeElementOffset, observeElementRect } from "@tanstack/virtual-core";
import type { VirtualizerOptions } from "@tanstack/virtual-core";
import { h, replaceChildren } from "../dom";
import type { Child } from "../dom";
import { friendlyMessage } from "../backend";
import { PageCache } from "./paging";
import type { FetchPage } from "./paging";

export interface Column<T> {
  id: string;
  header: string;
  /** A CSS grid track, e.g. "minmax(220px, 2fr)" or "90px". */
  width: string;
  align?: "start" | "end";
  cell(row: T): Child;
}

export interface VirtualTableOptions<T> {
  label: string;
  columns: Column<T>[];
  fetchPage: FetchPage<T>;
  rowId(row: T): string;
  /** data-testid of loaded rows (each also gets data-id). */
  rowTestId: string;
  onOpen?(row: T, index: number): void;
  rowClass?(row: T): string | null;
  rowHeight?: number;
  pageSize?: number;
  /** Shown when there are no rows (a function: the text can depend on the filters). */
  emptyText?: string | (() => string);
  onTotal?(total: number | null): void;
  onError?(error: unknown): void;
}

export interface VirtualTable<T> {
  el: HTMLElement;
  /** New query, back to the top, the old rows shown until its first page answers (typing). */
  switchQuery(fetchPage: FetchPage<T>): void;
  /** Same query, fresh data (after a sync): keeps the scroll position and shows old rows meanwhile. */
  refresh(): void;
  /** Put an updated record in place without a refetch. */
  replaceRow(id: string, next: T): void;
  setSelected(id: string | null): void;
  focus(): void;
  readonly total: number | null;
  /** Rows currently in the DOM (for tests and diagnostics). */
  renderedCount(): number;
  dispose(): void;
}

/** Used until the scroller has a real size (detached, or no layout as in jsdom). */
const FALLBACK_HEIGHT = 640;
/** The sticky header's height (table.css: a 36 px row and its 1 px border). */
const HEADER_HEIGHT = 37;
let uid = 0;

/** What a row element was last filled with, before it was filled with anything. */
const UNFILLED: unique symbol = Symbol("unfilled");

interface RowRecord<T> {
  el: HTMLElement;
  key: string | null | undefined;
  /** The row object it shows (undefined while its page loads). */
  row: T | undefined | typeof UNFILLED;
  /** That row's content as JSON: a new page's copy of the same row is not filled again. */
  content: string | null;
}

export function createVirtualTable<T>(o: VirtualTableOptions<T>): VirtualTable<T> {
  const id = `vt${++uid}`;
  const rowHeight = o.rowHeight ?? 40;
  const template = o.columns.map((c) => c.width).join(" ");
  let active = 0;
  let selectedId: string | null = null;
  let disposed = false;
  const rows = new Map<number, RowRecord<T>>();

  const cellClass = (c: Column<T>) => `vt-cell${c.align === "end" ? " align-end" : ""}`;

  const headerRow = h(
    "div",
    { class: "vt-row vt-header-row", role: "row", "aria-rowindex": 1 },
    o.columns.map((c) => h("div", { class: cellClass(c), role: "columnheader" }, c.header)),
  );
  headerRow.style.gridTemplateColumns = template;
  const header = h("div", { class: "vt-head", role: "rowgroup" }, headerRow);
  const body = h("div", { class: "vt-body", role: "rowgroup" });
  const grid = h(
    "div",
    {
      class: "vt-scroll",
      role: "grid",
      tabindex: 0,
      "aria-label": o.label,
      "aria-rowcount": -1,
      "aria-colcount": o.columns.length,
      "aria-busy": "true",
    },
    header,
    body,
  );
  const scroller = grid;
  const status = h("div", { class: "vt-status", "aria-live": "polite" });
  const el = h("div", { class: "vtable" }, grid, status);

  const cache = new PageCache<T>(o.fetchPage, {
    pageSize: o.pageSize ?? 100,
    onChange: () => sync(),
    onError: (e) => o.onError?.(e),
  });

  const vopts: VirtualizerOptions<HTMLDivElement, HTMLElement> = {
    count: 0,
    getScrollElement: () => scroller,
    estimateSize: () => rowHeight,
    // Rows start below the sticky header, and scrolling to one keeps it clear of it.
    scrollMargin: HEADER_HEIGHT,
    scrollPaddingStart: HEADER_HEIGHT,
    overscan: 8,
    scrollToFn: elementScroll,
    observeElementOffset,
    observeElementRect: (inst, cb) =>
      observeElementRect(inst, (r) => cb(r.height > 0 ? r : { width: r.width || 960, height: FALLBACK_HEIGHT })),
    onChange: () => render(),
  };
  const v = new Virtualizer<HTMLDivElement, HTMLElement>(vopts);
  v._willUpdate();
  const unmount = v._didMount();

  function setCount(n: number): void {
    if (vopts.count === n) return;
    vopts.count = n;
    v.setOptions({ ...vopts });
    v._willUpdate();
  }

  function sync(): void {
    if (disposed) return;
    const total = cache.total;
    setCount(total ?? 0);
    grid.setAttribute("aria-rowcount", total === null ? "-1" : String(total + 1));
    if (total !== null && active > Math.max(0, total - 1)) active = Math.max(0, total - 1);
    o.onTotal?.(total);
    render();
  }

  function fill(rec: RowRecord<T>, row: T | undefined, index: number): void {
    const rowEl = rec.el;
    rowEl.className = "vt-row";
    if (row === undefined) {
      rowEl.classList.add("is-loading");
      rowEl.setAttribute("data-testid", "row-loading");
      rowEl.removeAttribute("data-id");
      replaceChildren(
        rowEl,
        o.columns.map((c) => h("div", { class: cellClass(c), role: "gridcell" }, h("span", { class: "skeleton", "aria-hidden": "true" }))),
      );
      rowEl.setAttribute("aria-label", `Row ${index + 1}, loading`);
      return;
    }
    rowEl.removeAttribute("aria-label");
    rowEl.setAttribute("data-testid", o.rowTestId);
    rowEl.setAttribute("data-id", o.rowId(row));
    const extra = o.rowClass?.(row);
    if (extra) for (const c of extra.split(/\s+/).filter(Boolean)) rowEl.classList.add(c);
    replaceChildren(
      rowEl,
      o.columns.map((c) => h("div", { class: cellClass(c), role: "gridcell" }, c.cell(row))),
    );
  }

  function decorate(rec: RowRecord<T>, index: number): void {
    const isActive = index === active;
    rec.el.classList.toggle("is-active", isActive);
    const selected = rec.key !== null && rec.key !== undefined && rec.key === selectedId;
    rec.el.classList.toggle("is-selected", selected);
    rec.el.setAttribute("aria-selected", selected ? "true" : "false");
  }

  function render(): void {
    if (disposed) return;
    const items = v.getVirtualItems();
    body.style.height = `${v.getTotalSize()}px`;
    const seen = new Set<number>();
    for (const it of items) {
      seen.add(it.index);
      let rec = rows.get(it.index);
      if (!rec) {
        const rowEl = h("div", { class: "vt-row", role: "row", id: `${id}-r${it.index}`, "aria-rowindex": it.index + 2, "data-index": it.index });
        rowEl.style.gridTemplateColumns = template;
        rowEl.style.height = `${rowHeight}px`;
        rec = { el: rowEl, key: undefined, row: UNFILLED, content: null };
        rows.set(it.index, rec);
        body.appendChild(rowEl);
      }
      const row = cache.get(it.index);
      if (rec.row !== row) {
        // Pages come as new objects (a search's next key, a refresh after an edit): a row
        // whose content did not change keeps its cells, photo included, so typing on
        // while the same vehicles stay on top rebuilds nothing.
        const content = row === undefined ? null : JSON.stringify(row);
        if (rec.row === UNFILLED || content !== rec.content) fill(rec, row, it.index);
        rec.key = row === undefined ? null : o.rowId(row);
        rec.row = row;
        rec.content = content;
      }
      rec.el.style.transform = `translateY(${it.start - HEADER_HEIGHT}px)`;
      decorate(rec, it.index);
    }
    for (const [i, rec] of rows) {
      if (!seen.has(i)) {
        rec.el.remove();
        rows.delete(i);
      }
    }
    const first = items[0];
    const last = items[items.length - 1];
    if (first && last) cache.ensureRange(first.index, last.index);
    else if (cache.total === null || cache.switching) cache.ensureRange(0, 0);

    if (rows.has(active)) grid.setAttribute("aria-activedescendant", `${id}-r${active}`);
    else grid.removeAttribute("aria-activedescendant");
    renderStatus();
  }

  function renderStatus(): void {
    const total = cache.total;
    grid.setAttribute("aria-busy", (total === null || cache.switching) && !cache.error ? "true" : "false");
    if (cache.error && (total === null || rows.size === 0 || [...rows.values()].some((r) => r.key === null))) {
      const retry = h("button", { class: "btn btn-small", type: "button", onclick: () => { cache.retry(); render(); } }, "Try again");
      replaceChildren(status, h("div", { class: "vt-message is-error", role: "alert" }, h("p", null, friendlyMessage(cache.error)), retry));
      status.hidden = false;
    } else if (total === 0) {
      replaceChildren(status, h("div", { class: "vt-message" }, h("p", null, (typeof o.emptyText === "function" ? o.emptyText() : o.emptyText) ?? "Nothing here.")));
      status.hidden = false;
    } else {
      replaceChildren(status);
      status.hidden = true;
    }
  }

  function setActive(index: number, scroll = true): void {
    const total = cache.total ?? 0;
    if (total === 0) return;
    active = Math.min(Math.max(0, index), total - 1);
    if (scroll) v.scrollToIndex(active, { align: "auto" });
    render();
  }

  function open(index: number): void {
    const row = cache.get(index);
    if (row !== undefined) o.onOpen?.(row, index);
  }

  const pageRows = () => Math.max(1, Math.floor((scroller.clientHeight || FALLBACK_HEIGHT) / rowHeight) - 1);

  grid.addEventListener("keydown", (ev) => {
    if (ev.target !== grid) return;
    const total = cache.total ?? 0;
    switch (ev.key) {
      case "ArrowDown":
        setActive(active + 1);
        break;
      case "ArrowUp":
        setActive(active - 1);
        break;
      case "PageDown":
        setActive(active + pageRows());
        break;
      case "PageUp":
        setActive(active - pageRows());
        break;
      case "Home":
        setActive(0);
        break;
      case "End":
        setActive(total - 1);
        break;
      case "Enter":
      case " ":
        open(active);
        break;
      default:
        return;
    }
    ev.preventDefault();
  });

  body.addEventListener("click", (ev) => {
    const rowEl = (ev.target as Element | null)?.closest?.(".vt-row");
    if (!(rowEl instanceof HTMLElement)) return;
    const index = Number(rowEl.dataset["index"]);
    if (!Number.isFinite(index)) return;
    active = index;
    grid.focus({ preventScroll: true });
    render();
    open(index);
  });

  render();

  return {
    el,
    switchQuery(fetchPage) {
      cache.switchQuery(fetchPage);
      active = 0;
      scroller.scrollTop = 0;
      render();
    },
    refresh() {
      cache.invalidate();
      render();
    },
    replaceRow(rowId, next) {
      if (cache.replace((r) => o.rowId(r) === rowId, next)) render();
    },
    setSelected(next) {
      selectedId = next;
      for (const [i, rec] of rows) decorate(rec, i);
    },
    focus() {
      grid.focus();
    },
    get total() {
      return cache.total;
    },
    renderedCount: () => rows.size,
    dispose() {
      disposed = true;
      unmount();
    },
  };
}
