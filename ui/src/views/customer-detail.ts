// Customer detail panel: contact, stats, classification, preferences, and the three edits
// staff make all day — notes, tags, VIP. Edits show at once, are then replaced by the record
// the backend returns (with "Pending sync" until the outbox has sent them), and are rolled
// back with a toast if the backend refuses. A conflict shows both versions side by side.

import { h, replaceChildren } from "../dom";
import { api } from "../backend";
import type { Conflict, Customer, CustomerRow, CustomerUpdate, Keep, Preferences } from "../backend";
import { date, label, money, num } from "../format";
import { customerName, initials } from "../domain";
import { badge, conflictBadge, errorState, facts, pendingBadge } from "../components/ui";
import { createTagsEditor } from "../components/tags-editor";
import { toast, toastError } from "../components/toast";

/** The fields a conflict compares, read defensively from the untyped conflict JSON. */
export interface EditableFields {
  notes: string;
  tags: string[];
  isVip: boolean;
  preferences: string;
}

function prefsText(p: Partial<Preferences> | null | undefined): string {
  if (!p) return "—";
  const parts: string[] = [];
  if (Array.isArray(p.vehicleTypes) && p.vehicleTypes.length) parts.push(p.vehicleTypes.join(", "));
  if (Array.isArray(p.brands) && p.brands.length) parts.push(p.brands.join(", "));
  if (p.priceRange && (p.priceRange.min !== null || p.priceRange.max !== null)) parts.push(`${money(p.priceRange.min)} – ${money(p.priceRange.max)}`);
  if (p.contactMethod) parts.push(`by ${p.contactMethod}`);
  return parts.length ? parts.join(" · ") : "—";
}

export function editableFields(json: unknown): EditableFields {
  const o = (json && typeof json === "object" ? json : {}) as Partial<Customer> & { classification?: { isVip?: unknown } };
  return {
    notes: typeof o.notes === "string" ? o.notes : "",
    tags: Array.isArray(o.tags) ? o.tags.filter((t): t is string => typeof t === "string") : [],
    isVip: o.classification?.isVip === true,
    preferences: prefsText(o.preferences as Partial<Preferences> | undefined),
  };
}

function conflictPanel(conflict: Conflict, onResolve: (keep: Keep) => void): HTMLElement {
  const mine = editableFields(conflict.mine);
  const theirs = editableFields(conflict.theirs);
  const rows: Array<[string, string, string]> = [
    ["Notes", mine.notes || "—", theirs.notes || "—"],
    ["Tags", mine.tags.join(", ") || "—", theirs.tags.join(", ") || "—"],
    ["VIP", mine.isVip ? "Yes" : "No", theirs.isVip ? "Yes" : "No"],
    ["Preferences", mine.preferences, theirs.preferences],
  ];
  return h(
    "section",
    { class: "conflict-panel", "data-testid": "conflict-panel", role: "group", "aria-labelledby": "conflict-title" },
    h("h3", { id: "conflict-title" }, "This customer was changed here and on the server"),
    h("p", { class: "muted" }, "Compare the two versions and choose which one to keep. The other one is discarded."),
    h(
      "table",
      { class: "compare" },
      h("thead", null, h("tr", null, h("th", { scope: "col" }, "Field"), h("th", { scope: "col" }, "Your version"), h("th", { scope: "col" }, "Server version"))),
      h(
        "tbody",
        null,
        rows.map(([name, a, b]) =>
          h("tr", { class: a === b ? "" : "differs" }, h("th", { scope: "row" }, name), h("td", { class: "compare-mine" }, a), h("td", { class: "compare-theirs" }, b)),
        ),
      ),
    ),
    h(
      "div",
      { class: "conflict-actions" },
      h("button", { type: "button", class: "btn btn-primary", "data-testid": "conflict-keep-mine", onclick: () => onResolve("mine") }, "Keep mine"),
      h("button", { type: "button", class: "btn", "data-testid": "conflict-take-theirs", onclick: () => onResolve("theirs") }, "Take theirs"),
    ),
  );
}

export interface CustomerPanel {
  el: HTMLElement;
  set(row: CustomerRow): void;
  /** True while the notes box has unsaved text. */
  dirty(): boolean;
}

export function customerPanel(initial: CustomerRow, hooks: { onUpdated(row: CustomerRow): void; onBookTestDrive(c: Customer): void }): CustomerPanel {
  let row = initial;
  let savedNotes = row.customer.notes ?? "";

  const header = h("header", { class: "detail-header" });
  const badges = h("div", { class: "detail-badges" });
  const conflictSlot = h("div", { class: "conflict-slot" });
  const stats = h("section", { class: "detail-section" });
  const classification = h("section", { class: "detail-section" });
  const prefs = h("section", { class: "detail-section" });
  const meta = h("section", { class: "detail-section" });

  const vip = h("button", { type: "button", class: "switch", role: "switch", "data-testid": "vip-toggle", "aria-checked": "false" }, h("span", { class: "switch-track", "aria-hidden": "true" }, h("span", { class: "switch-thumb" })), h("span", { class: "switch-label" }, "VIP"));

  const tags = createTagsEditor({
    tags: row.customer.tags,
    label: "Tags",
    onChange: (next) => void save({ tags: next }, () => tags.setTags(row.customer.tags)),
  });

  const notes = h("textarea", { class: "notes-input", "data-testid": "notes-input", rows: 5, "aria-label": "Notes", placeholder: "Add a note about this customer…", maxlength: 5000 });
  notes.value = savedNotes;
  const notesSave = h("button", { type: "button", class: "btn btn-primary btn-small", "data-testid": "notes-save", disabled: true }, "Save notes");
  const notesState = h("span", { class: "notes-state muted", "aria-live": "polite" });
  const notesDirty = () => notes.value !== savedNotes;
  const refreshNotesState = () => {
    notesSave.disabled = !notesDirty();
    notesState.textContent = notesDirty() ? "Unsaved changes" : "";
  };
  notes.addEventListener("input", refreshNotesState);
  notes.addEventListener("keydown", (ev) => {
    if (ev.key === "Enter" && (ev.ctrlKey || ev.metaKey)) {
      ev.preventDefault();
      notesSave.click();
    }
  });
  notesSave.addEventListener("click", () => {
    const text = notes.value;
    void save({ notes: text }, undefined, () => {
      savedNotes = text;
      refreshNotesState();
      notesState.textContent = "Saved";
    });
  });

  vip.addEventListener("click", () => {
    const next = !row.customer.classification.isVip;
    setVip(next); // show it now
    void save({ isVip: next }, () => setVip(row.customer.classification.isVip));
  });

  function setVip(on: boolean): void {
    vip.setAttribute("aria-checked", String(on));
    vip.classList.toggle("is-on", on);
  }

  async function save(change: Partial<CustomerUpdate>, rollback?: () => void, onSaved?: () => void): Promise<void> {
    const full: CustomerUpdate = { notes: null, tags: null, preferences: null, isVip: null, ...change };
    try {
      const updated = await api.updateCustomer(row.customer.id, full);
      apply(updated);
      onSaved?.();
      hooks.onUpdated(updated);
    } catch (e) {
      rollback?.();
      toastError(e, "Not saved");
    }
  }

  async function resolve(conflict: Conflict, keep: Keep): Promise<void> {
    try {
      await api.resolveConflict(conflict.id, keep);
      const fresh = await api.getCustomer(row.customer.id);
      savedNotes = fresh.customer.notes ?? "";
      notes.value = savedNotes;
      apply(fresh);
      hooks.onUpdated(fresh);
      toast(keep === "mine" ? "Kept your version; it will be sent at the next sync." : "Took the server's version.", "success");
    } catch (e) {
      toastError(e);
    }
  }

  async function loadConflict(): Promise<void> {
    const id = row.customer.id;
    try {
      const list = await api.listConflicts();
      const c = list.find((x) => x.entity === "customer" && x.entityId === id);
      if (row.customer.id !== id) return;
      replaceChildren(conflictSlot, c ? conflictPanel(c, (keep) => void resolve(c, keep)) : null);
    } catch (e) {
      replaceChildren(conflictSlot, errorState(e, () => void loadConflict()));
    }
  }

  function apply(next: CustomerRow): void {
    row = next;
    const c = next.customer;
    const phone = c.user.phone?.mobile ?? c.user.phone?.whatsapp ?? null;
    const avatar = h("div", { class: "avatar avatar-lg", "aria-hidden": "true" }, initials(c));
    replaceChildren(
      header,
      avatar,
      h(
        "div",
        { class: "detail-heading" },
        h("h2", { class: "detail-title", id: "customer-detail-title", tabindex: -1 }, customerName(c)),
        h("p", { class: "contact" }, h("a", { href: `mailto:${c.user.email}`, class: "link" }, c.user.email), phone ? h("span", null, ` · ${phone}`) : null),
        badges,
      ),
      h(
        "div",
        { class: "detail-actions" },
        vip,
        h("button", { type: "button", class: "btn", "data-testid": "customer-book-test-drive", onclick: () => hooks.onBookTestDrive(row.customer) }, "Book test drive"),
      ),
    );
    replaceChildren(
      badges,
      c.classification.isVip ? badge("★ VIP", "vip") : null,
      c.classification.customerSegment === "vip" && c.classification.isVip
        ? null
        : badge(`${label(c.classification.customerSegment)} segment`, c.classification.customerSegment === "vip" ? "vip" : c.classification.customerSegment === "at_risk" ? "danger" : "neutral"),
      next.pending ? pendingBadge() : null,
      next.conflict ? conflictBadge() : null,
    );
    setVip(c.classification.isVip);
    if (tags.getTags().join("\u0000") !== c.tags.join("\u0000")) tags.setTags(c.tags);
    const serverNotes = c.notes ?? "";
    if (!notesDirty() && serverNotes !== savedNotes) {
      savedNotes = serverNotes;
      notes.value = serverNotes;
    } else if (!notesDirty()) {
      savedNotes = serverNotes;
    }
    refreshNotesState();

    const s = c.stats;
    replaceChildren(
      stats,
      h("h3", null, "Purchases"),
      h(
        "div",
        { class: "mini-stats" },
        mini("Total spent", money(s.totalSpent)),
        mini("Purchases", num(s.totalPurchases)),
        mini("Bought", num(s.totalVehiclesPurchased)),
        mini("Rented", num(s.totalVehiclesRented)),
        mini("Last purchase", date(s.lastPurchaseDate)),
      ),
    );
    const score = Math.max(0, Math.min(100, c.classification.leadScore));
    const meter = h("meter", { min: 0, max: 100, low: 40, high: 70, optimum: 100, value: score, class: "lead-meter", "aria-label": "Lead score" });
    replaceChildren(
      classification,
      h("h3", null, "Classification"),
      facts([
        ["Lead score", h("span", { class: "lead" }, meter, h("strong", null, num(c.classification.leadScore)))],
        ["Lifecycle", label(c.classification.lifecycleStage)],
        ["Segment", label(c.classification.customerSegment)],
        ["VIP", c.classification.isVip ? "Yes" : "No"],
      ]),
    );
    const p = c.preferences;
    const chipList = (items: string[]) => (items.length ? h("ul", { class: "chips" }, items.map((t) => h("li", { class: "chip" }, t))) : "—");
    replaceChildren(
      prefs,
      h("h3", null, "Preferences"),
      facts([
        ["Vehicle types", chipList(p.vehicleTypes ?? [])],
        ["Brands", chipList(p.brands ?? [])],
        ["Budget", p.priceRange && (p.priceRange.min !== null || p.priceRange.max !== null) ? `${money(p.priceRange.min)} – ${money(p.priceRange.max)}` : "—"],
        ["Contact by", p.contactMethod ? label(p.contactMethod) : "—"],
      ]),
    );
    replaceChildren(meta, facts([["Customer since", date(c.createdDate)], ["Last updated", date(c.updatedDate)]]));
    void loadTasks(c.id);
    if (next.conflict) void loadConflict();
    else replaceChildren(conflictSlot);
  }

  // The customer's follow-up tasks, open ones first (none on a server without tasks).
  const tasksSlot = h("section", { class: "detail-section", "data-testid": "customer-tasks" });
  async function loadTasks(id: string): Promise<void> {
    try {
      const open = await api.listTasks({ customerId: id, done: false, limit: 20 });
      if (row.customer.id !== id) return;
      replaceChildren(
        tasksSlot,
        h("h3", null, "Tasks"),
        open.items.length
          ? h("ul", { class: "chips" }, open.items.map((t) => h("li", { class: "chip", "data-testid": "customer-task" }, `${t.task.title} · due ${date(t.task.dueAt)}`)))
          : h("p", { class: "muted" }, "No open follow-up tasks."),
      );
    } catch {
      replaceChildren(tasksSlot);
    }
  }

  const el = h(
    "article",
    { class: "customer-detail", "data-id": initial.customer.id },
    header,
    conflictSlot,
    h("section", { class: "detail-section" }, h("h3", null, "Tags"), tags.el),
    h("section", { class: "detail-section" }, h("h3", null, "Notes"), notes, h("div", { class: "notes-actions" }, notesSave, notesState)),
    tasksSlot,
    stats,
    classification,
    prefs,
    meta,
  );
  apply(initial);

  return { el, set: apply, dirty: notesDirty };
}

function mini(labelText: string, value: string): HTMLElement {
  return h("div", { class: "mini-stat" }, h("span", { class: "mini-label" }, labelText), h("strong", { class: "mini-value", title: value }, value));
}
