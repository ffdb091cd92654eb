// Test drives: status tabs (pending, confirmed, completed, cancelled, no-show, all) with
// counts, the list sorted by date, the allowed actions per row (Confirm with a "scheduled
// at" time, Complete, Cancel, No-show — final statuses have none), and the "New test drive"
// form (#/test-drives?new=1&vehicle=…&customer=…). On a server without the test-drive
// list (the published API alone) it says so and shows the drives booked here; a booking
// whose reply was lost there offers "Send again" and "Discard".

import { h, replaceChildren } from "../dom";
import { api } from "../backend";
import type { TestDrive, TestDriveRow, TestDriveStatus } from "../backend";
import { appState, onDataChanged } from "../state";
import { dayDate, fromDateTimeLocal, isDateOnly, label, num, time, toDate, toDateTimeLocal } from "../format";
import { navigate } from "../router";
import type { Location } from "../router";
import { actionLabel, allowedActions, sortTestDrives, statusAfter } from "../domain";
import type { TestDriveAction } from "../domain";
import { badge, createDrawer, emptyState, errorState, loadingBlock, pageHeader, pendingBadge } from "../components/ui";
import { toast, toastError } from "../components/toast";
import { testDriveForm } from "./test-drive-form";
import { statusBadge } from "./calendar-grid";
import { currentCapabilities, listsTestDrives, updatesTestDrives } from "../capabilities";
import type { View } from "./view";

/** What a queued booking's toast adds: only an offline window has to wait for the network. */
function pendingNote(): string {
  return appState.get().status?.online === false ? " — it will sync when online" : " — sending it to the server now";
}

export type Tab = TestDriveStatus | "all";
export const TABS: readonly Tab[] = ["pending", "confirmed", "completed", "cancelled", "no_show", "all"];
const PAGE = 100;

export function tabFromParams(p: URLSearchParams): Tab {
  const s = p.get("status");
  return (TABS as readonly string[]).includes(s ?? "") ? (s as Tab) : "pending";
}

/** The time offered when confirming: the one already scheduled, else the preferred time if
 *  still ahead (10:00 on a preferred day given without a time), else tomorrow at 10:00. */
export function defaultSchedule(td: TestDrive, now: Date = new Date()): string {
  if (td.scheduledAt) return toDateTimeLocal(td.scheduledAt);
  const preferred = toDate(td.preferredDate);
  if (preferred && isDateOnly(td.preferredDate)) preferred.setHours(10, 0, 0, 0);
  if (preferred && preferred.getTime() > now.getTime()) return toDateTimeLocal(preferred.toISOString());
  const d = new Date(now);
  d.setDate(d.getDate() + 1);
  d.setHours(10, 0, 0, 0);
  return toDateTimeLocal(d.toISOString());
}

/** When the drive is, as a list shows it: the date, then the time and whether it is
 *  scheduled or only preferred (a preferred day without a time says so). */
function whenCell(td: TestDrive): HTMLElement {
  const when = td.scheduledAt ?? td.preferredDate;
  const kind = td.scheduledAt ? " · scheduled" : " · preferred";
  const hour = td.scheduledAt || !isDateOnly(when) ? time(when) : "Any time";
  return h(
    "div",
    { class: "td-when" },
    h("time", { datetime: when ?? "" }, when ? dayDate(when) : "No date yet"),
    when ? h("span", { class: "td-time" }, hour, h("span", { class: "muted" }, kind)) : null,
  );
}

export function testDrivesView(loc: Location): View {
  let tab: Tab = tabFromParams(loc.params);
  let rows: TestDriveRow[] = [];
  let page = 1;
  let totalPages = 1;
  let total = 0;
  let seq = 0;
  let formKey = "";

  const tabButtons = new Map<Tab, HTMLButtonElement>();
  const tabCounts = new Map<Tab, HTMLElement>();
  const tablist = h("div", { class: "tabs", role: "tablist", "aria-label": "Test drive status" });
  for (const t of TABS) {
    const countEl = h("span", { class: "tab-count" });
    const btn = h(
      "button",
      { type: "button", role: "tab", class: "tab", id: `tab-${t}`, "data-testid": `status-tab-${t}`, "aria-controls": "td-panel", onclick: () => selectTab(t) },
      t === "all" ? "All" : label(t),
      countEl,
    );
    tabButtons.set(t, btn);
    tabCounts.set(t, countEl);
    tablist.appendChild(btn);
  }
  tablist.addEventListener("keydown", (ev) => {
    const i = TABS.indexOf(tab);
    let next: Tab | undefined;
    if (ev.key === "ArrowRight") next = TABS[(i + 1) % TABS.length];
    else if (ev.key === "ArrowLeft") next = TABS[(i - 1 + TABS.length) % TABS.length];
    else if (ev.key === "Home") next = TABS[0];
    else if (ev.key === "End") next = TABS[TABS.length - 1];
    if (next) {
      ev.preventDefault();
      selectTab(next);
      tabButtons.get(next)?.focus();
    }
  });

  const list = h("ul", { class: "td-list", "aria-label": "Test drives" });
  const more = h("div", { class: "list-more" });
  const panel = h("div", { class: "tab-panel", id: "td-panel", role: "tabpanel", tabindex: -1 }, loadingBlock("Loading test drives…"));
  const newBtn = h("button", { type: "button", class: "btn btn-primary", "data-testid": "td-new", onclick: () => navigate({ name: "test-drives" }, paramsWith({ new: "1" })) }, "New test drive");
  const unlistedNote = h(
    "p",
    { class: "card notice td-unlisted", role: "note", "data-testid": "td-unlisted-notice", hidden: true },
    "This server does not list test drives. Shown here are the test drives booked from this console; requests made on your website are not listed.",
  );
  const renderNote = () => {
    unlistedNote.hidden = listsTestDrives();
  };
  const drawer = createDrawer({ label: "Book a test drive", testId: "test-drive-form-panel", onClose: () => closeForm() });

  function paramsWith(extra: Record<string, string> = {}): Record<string, string> {
    return { ...(tab === "pending" ? {} : { status: tab }), ...extra };
  }

  function selectTab(t: Tab): void {
    if (t === tab) return;
    navigate({ name: "test-drives" }, { ...(t === "pending" ? {} : { status: t }) }, { replace: true });
  }

  function renderTabs(): void {
    for (const [t, btn] of tabButtons) {
      const on = t === tab;
      btn.setAttribute("aria-selected", String(on));
      btn.tabIndex = on ? 0 : -1;
      btn.classList.toggle("is-active", on);
    }
    panel.setAttribute("aria-labelledby", `tab-${tab}`);
  }

  function rowEl(row: TestDriveRow): HTMLElement {
    const td = row.testDrive;
    const actions = allowedActions(td.status);
    const scheduled = h("input", { type: "datetime-local", class: "td-when-input", "data-testid": "td-scheduled-at", "aria-label": `Scheduled at, for ${td.name}`, value: defaultSchedule(td) });
    const act = async (action: TestDriveAction, btn: HTMLButtonElement) => {
      let scheduledAt: string | null = null;
      if (action === "confirm") {
        scheduledAt = fromDateTimeLocal(scheduled.value);
        if (!scheduledAt) {
          scheduled.setAttribute("aria-invalid", "true");
          scheduled.focus();
          toast("Pick the date and time of the drive first.", "error");
          return;
        }
      }
      btn.disabled = true;
      try {
        const updated = await api.updateTestDrive(td.id, { status: statusAfter(action), scheduledAt, notes: null });
        rows = rows.map((r) => (r.testDrive.id === td.id ? updated : r));
        const fresh = rowEl(updated);
        [...list.children].find((li) => (li as HTMLElement).dataset["id"] === td.id)?.replaceWith(fresh);
        fresh.querySelector<HTMLElement>(".td-name")?.focus();
        toast(`${td.name}: ${label(updated.testDrive.status).toLowerCase()}${updated.pending ? pendingNote() : ""}.`, "success");
        void loadCounts();
      } catch (e) {
        btn.disabled = false;
        toastError(e);
      }
    };
    const button = (a: TestDriveAction) => {
      const b = h("button", { type: "button", class: `btn btn-small${a === "confirm" ? " btn-primary" : a === "complete" ? " btn-success" : ""}`, "data-testid": `td-${a.replace("_", "-")}` }, actionLabel(a, td.status));
      b.addEventListener("click", () => void act(a, b));
      return b;
    };
    const decide = async (seqNo: number, again: boolean, btn: HTMLButtonElement) => {
      btn.disabled = true;
      try {
        if (again) await api.sendBookingAgain(seqNo);
        else await api.discardBooking(seqNo);
        toast(again ? `${td.name}: sent again.` : `${td.name}: discarded.`, "success");
        void load(1, true);
        void loadCounts();
      } catch (e) {
        btn.disabled = false;
        toastError(e);
      }
    };
    const lostReply = (seqNo: number) => {
      const again = h("button", { type: "button", class: "btn btn-small btn-primary", "data-testid": "td-send-again" }, "Send again");
      const discard = h("button", { type: "button", class: "btn btn-small", "data-testid": "td-discard" }, "Discard");
      again.addEventListener("click", () => void decide(seqNo, true, again));
      discard.addEventListener("click", () => void decide(seqNo, false, discard));
      return h("div", { class: "td-actions", "data-testid": "td-unconfirmed" }, h("span", { class: "muted" }, "The reply was lost and this server can't say whether the booking arrived."), again, discard);
    };
    const canUpdate = updatesTestDrives();
    return h(
      "li",
      { class: `td-row status-${td.status}`, "data-testid": "test-drive-row", "data-id": td.id, "data-status": td.status },
      whenCell(td),
      h(
        "div",
        { class: "td-main" },
        h(
          "div",
          { class: "td-line" },
          td.customerId ? h("a", { class: "td-name link", href: `#/customers/${encodeURIComponent(td.customerId)}` }, td.name) : h("strong", { class: "td-name", tabindex: -1 }, td.name),
          h("span", { class: "muted" }, [td.email, td.phone].filter(Boolean).join(" · ")),
        ),
        h("div", { class: "td-line" }, h("a", { class: "link", href: `#/inventory/${encodeURIComponent(td.vehicleId)}` }, td.vehicleName ?? "View vehicle")),
        td.notes ? h("p", { class: "td-notes" }, td.notes) : null,
      ),
      h(
        "div",
        { class: "td-state" },
        statusBadge(td.status),
        row.pending ? pendingBadge() : null,
        row.bookedHere && !listsTestDrives() ? badge("Booked from this console", "neutral", { "data-testid": "td-booked-here" }) : null,
      ),
      row.unconfirmed !== null
        ? lostReply(row.unconfirmed)
        : !canUpdate
        ? h("div", { class: "td-actions muted" }, "Status changes are made on the CarStrel site")
        : actions.length
        ? h(
            "div",
            { class: "td-actions" },
            actions.includes("confirm") ? h("span", { class: "td-confirm-group" }, h("span", { class: "muted td-sched-label", "aria-hidden": "true" }, "Scheduled at"), scheduled, button("confirm")) : null,
            actions.filter((a) => a !== "confirm").map(button),
          )
        : h("div", { class: "td-actions muted" }, "Final"),
    );
  }

  function renderList(): void {
    const sorted = sortTestDrives(rows, tab === "all" ? null : tab);
    if (sorted.length === 0 && !listsTestDrives()) {
      replaceChildren(panel, emptyState(tab === "all" ? "No test drives booked from this console" : `No ${label(tab).toLowerCase()} test drives booked from this console`, "This server does not list test drives, so requests from your website don't appear here."));
      return;
    }
    if (sorted.length === 0) {
      replaceChildren(panel, emptyState(tab === "all" ? "No test drives yet" : `No ${label(tab).toLowerCase()} test drives`, tab === "pending" ? "New requests from your website appear here." : undefined));
      return;
    }
    replaceChildren(list, sorted.map(rowEl));
    replaceChildren(
      more,
      page < totalPages
        ? h("button", { type: "button", class: "btn", onclick: () => void load(page + 1) }, `Show more (${num(total - rows.length)} left)`)
        : h("span", { class: "muted" }, `${num(total)} shown`),
    );
    replaceChildren(panel, list, more);
  }

  /** Loads page `p` of the tab. A `refresh` (the data changed under the same tab) keeps
   *  the rows on screen until the new ones arrive instead of flashing a spinner. */
  async function load(p = 1, refresh = false): Promise<void> {
    const mine = ++seq;
    if (p === 1 && !refresh) replaceChildren(panel, loadingBlock("Loading test drives…"));
    try {
      const res = await api.listTestDrives(tab === "all" ? null : tab, p, PAGE);
      if (mine !== seq) return;
      rows = p === 1 ? res.items : [...rows, ...res.items];
      page = res.page;
      totalPages = res.totalPages;
      total = res.total;
      renderList();
    } catch (e) {
      if (mine !== seq) return;
      replaceChildren(panel, errorState(e, () => void load(p)));
    }
  }

  async function loadCounts(): Promise<void> {
    await Promise.all(
      TABS.map(async (t) => {
        try {
          const res = await api.listTestDrives(t === "all" ? null : t, 1, 1);
          const el = tabCounts.get(t);
          if (el) el.textContent = num(res.total);
        } catch {
          /* counts are a nicety */
        }
      }),
    );
  }

  function closeForm(): void {
    navigate({ name: "test-drives" }, paramsWith(), { replace: false });
  }

  function applyForm(params: URLSearchParams): void {
    const key = params.get("new") === "1" ? `${params.get("vehicle") ?? ""}|${params.get("customer") ?? ""}` : "";
    if (key === formKey) return;
    formKey = key;
    if (!key) {
      drawer.close();
      replaceChildren(drawer.body);
      newBtn.focus();
      return;
    }
    const form = testDriveForm({
      vehicleId: params.get("vehicle"),
      customerId: params.get("customer"),
      onCreated: (row) => {
        toast(`Test drive requested for ${row.testDrive.name}${row.pending ? pendingNote() : ""}.`, "success");
        navigate({ name: "test-drives" }, {}, { replace: true });
        if (tab === "pending") void load();
        void loadCounts();
      },
      onCancel: () => closeForm(),
    });
    replaceChildren(drawer.body, form.el);
    drawer.open();
    form.focus();
  }

  let caps = JSON.stringify(currentCapabilities());
  const unsubCaps = appState.subscribe((s) => {
    const now = JSON.stringify(s.status?.capabilities ?? null);
    if (now !== caps) {
      caps = now;
      renderNote();
      renderList();
    }
  });
  const unsubData = onDataChanged(() => {
    void load(1, true);
    void loadCounts();
  });
  const unsub = (): void => {
    unsubCaps();
    unsubData();
  };

  const el = h(
    "section",
    { class: "view view-test-drives" },
    pageHeader("Test drives", newBtn),
    unlistedNote,
    tablist,
    h("div", { class: "list-area" }, h("div", { class: "list-frame" }, h("div", { class: "list-scroll" }, panel)), drawer.el),
  );

  renderTabs();
  renderNote();
  void load();
  void loadCounts();
  applyForm(loc.params);

  return {
    el,
    update(next) {
      const t = tabFromParams(next.params);
      if (t !== tab) {
        tab = t;
        renderTabs();
        void load();
      }
      applyForm(next.params);
    },
    onEscape() {
      if (formKey) {
        closeForm();
        return true;
      }
      return false;
    },
    dispose() {
      unsub();
      seq++;
    },
  };
}
