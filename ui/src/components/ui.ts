// Small shared building blocks: page headers, KPI tiles, badges, chips, empty/error states,
// a side drawer, the "Export CSV" button, and labelled selects.

import { h, options as optionEls } from "../dom";
import type { Child } from "../dom";
import { exportCsvWithDialog, friendlyMessage } from "../backend";
import type { ExportKind } from "../backend";
import { num, plural } from "../format";
import { toast, toastError } from "./toast";

export function pageHeader(title: string, ...actions: Child[]): HTMLElement {
  return h("div", { class: "page-header" }, h("h1", { class: "page-title", tabindex: -1 }, title), h("div", { class: "page-actions" }, actions));
}

export function kpiTile(testId: string, labelText: string, value: string, hint?: string, fullValue?: string): HTMLElement {
  return h(
    "div",
    { class: "kpi" },
    h("span", { class: "kpi-label" }, labelText),
    h("strong", { class: "kpi-value", "data-testid": testId, title: fullValue ?? value }, value),
    hint ? h("span", { class: "kpi-hint" }, hint) : null,
  );
}

export type BadgeKind = "neutral" | "info" | "success" | "warning" | "danger" | "vip";

export function badge(text: string, kind: BadgeKind = "neutral", attrs: Record<string, string> = {}): HTMLElement {
  return h("span", { class: `badge badge-${kind}`, ...attrs }, text);
}

export function pendingBadge(): HTMLElement {
  return badge("Pending sync", "warning", { "data-testid": "pending-badge", title: "Saved on this computer; will be sent at the next sync" });
}

export function conflictBadge(): HTMLElement {
  return badge("Conflict", "danger", { "data-testid": "conflict-badge", title: "Changed here and on the server" });
}

export function emptyState(title: string, text?: string, action?: Child): HTMLElement {
  return h("div", { class: "empty-state" }, h("p", { class: "empty-title" }, title), text ? h("p", { class: "muted" }, text) : null, action ?? null);
}

export function errorState(error: unknown, retry?: () => void): HTMLElement {
  return h(
    "div",
    { class: "error-state", role: "alert" },
    h("p", null, friendlyMessage(error)),
    retry ? h("button", { class: "btn", type: "button", onclick: retry }, "Try again") : null,
  );
}

export function loadingBlock(text = "Loading…"): HTMLElement {
  return h("div", { class: "loading-block", "aria-busy": "true" }, h("span", { class: "spinner", "aria-hidden": "true" }), text);
}

export function select(
  attrs: Record<string, string>,
  items: ReadonlyArray<{ value: string; label: string }>,
  selected: string | null,
  onChange: (value: string) => void,
): HTMLSelectElement {
  const el = h("select", attrs, optionEls(items, selected));
  el.addEventListener("change", () => onChange(el.value));
  return el;
}

/** "Export CSV": asks for a path with the save dialog, then the backend writes the file. */
export function exportButton(kind: ExportKind): HTMLButtonElement {
  const btn = h("button", { class: "btn", type: "button", "data-testid": `export-${kind}` }, "Export CSV");
  btn.addEventListener("click", async () => {
    btn.disabled = true;
    try {
      const done = await exportCsvWithDialog(kind);
      if (done) toast(`Exported ${plural(done.rows, "row", "rows")} to ${done.path}`, "success");
    } catch (e) {
      toastError(e, "Export failed");
    } finally {
      btn.disabled = false;
    }
  });
  return btn;
}

export interface Drawer {
  el: HTMLElement;
  body: HTMLElement;
  open(): void;
  close(): void;
  readonly isOpen: boolean;
}

/** A side panel over the list (non-modal): close button, labelled by its heading. */
export function createDrawer(opts: { label: string; testId: string; onClose(): void; wide?: boolean }): Drawer {
  const body = h("div", { class: "drawer-body" });
  const closeBtn = h("button", { class: "icon-btn drawer-close", type: "button", "aria-label": `Close ${opts.label.toLowerCase()}`, title: "Close (Esc)", onclick: () => opts.onClose() }, "×");
  const bar = h("div", { class: "drawer-bar" }, h("span", { class: "drawer-label" }, opts.label), h("span", { class: "drawer-hint muted" }, "Esc to close"), closeBtn);
  const el = h("aside", { class: `drawer${opts.wide ? " drawer-wide" : ""}`, role: "region", "aria-label": opts.label, "data-testid": opts.testId, hidden: true }, bar, body);
  let open = false;
  return {
    el,
    body,
    open() {
      open = true;
      el.hidden = false;
    },
    close() {
      open = false;
      el.hidden = true;
    },
    get isOpen() {
      return open;
    },
  };
}

/** Definition list from [term, value] pairs; null values are skipped. */
export function facts(pairs: Array<[string, Child]>): HTMLElement {
  return h(
    "dl",
    { class: "facts" },
    pairs.filter(([, v]) => v !== null && v !== undefined && v !== "").map(([k, v]) => h("div", { class: "fact" }, h("dt", null, k), h("dd", null, v))),
  );
}

export function countText(n: number | null, one: string, many: string): string {
  return n === null ? "Loading…" : n === 0 ? `No ${many}` : `${num(n)} ${n === 1 ? one : many}`;
}
