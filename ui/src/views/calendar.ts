// Calendar (#/calendar?view=week|day&date=YYYY-MM-DD&drive=id): the test drives of a week
// (or a day) over the hours 8–20, with previous / next / today; a drive opens in a side
// panel (its details and "Move"). The view, the day and the open drive live in the URL, so
// Back and a reload keep them.

import { h, replaceChildren } from "../dom";
import { api } from "../backend";
import type { TestDrive } from "../backend";
import { onDataChanged } from "../state";
import { navigate } from "../router";
import type { Location } from "../router";
import { createDrawer, emptyState, errorState, loadingBlock, pageHeader } from "../components/ui";
import { addDays, calendarGrid, isoDay, startOfDay, startOfWeek } from "./calendar-grid";
import { drivePanel } from "./calendar-move";
import type { View } from "./view";

type Mode = "week" | "day";

interface CalState {
  mode: Mode;
  day: Date;
  drive: string | null;
}

/** The dealer's drive length when no setting comes (the rule book's default). */
const FALLBACK_MINUTES = 30;

export function calendarFromParams(p: URLSearchParams, now: Date = new Date()): CalState {
  const raw = p.get("date") ?? "";
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(raw);
  const parsed = m ? new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : null;
  const day = parsed && !Number.isNaN(parsed.getTime()) && isoDay(parsed) === raw ? parsed : startOfDay(now);
  return { mode: p.get("view") === "day" ? "day" : "week", day, drive: p.get("drive") || null };
}

function toParams(s: CalState): Record<string, string> {
  const out: Record<string, string> = {};
  if (s.mode === "day") out["view"] = "day";
  if (isoDay(s.day) !== isoDay(new Date())) out["date"] = isoDay(s.day);
  if (s.drive) out["drive"] = s.drive;
  return out;
}

export function calendarView(loc: Location): View {
  let state = calendarFromParams(loc.params);
  let drives: TestDrive[] = [];
  let minutes = FALLBACK_MINUTES;
  let seq = 0;

  const go = (next: Partial<CalState>, replace = false) => navigate({ name: "calendar" }, toParams({ ...state, ...next }), { replace });
  const first = () => (state.mode === "week" ? startOfWeek(state.day) : state.day);
  const count = () => (state.mode === "week" ? 7 : 1);

  const title = h("h2", { class: "cal-range", "data-testid": "calendar-range", "aria-live": "polite" });
  const btn = (text: string, testId: string, name: string, onclick: () => void) => h("button", { type: "button", class: "btn", "data-testid": testId, "aria-label": name, onclick }, text);
  const prev = btn("‹ Previous", "calendar-prev", "Previous", () => go({ day: addDays(state.day, -count()), drive: null }));
  const next = btn("Next ›", "calendar-next", "Next", () => go({ day: addDays(state.day, count()), drive: null }));
  const today = btn("Today", "calendar-today", "Today", () => go({ day: startOfDay(new Date()), drive: null }));
  const weekBtn = h("button", { type: "button", class: "btn", "data-testid": "calendar-week", onclick: () => go({ mode: "week" }) }, "Week");
  const dayBtn = h("button", { type: "button", class: "btn", "data-testid": "calendar-day", onclick: () => go({ mode: "day" }) }, "Day");
  const toolbar = h("div", { class: "cal-toolbar", role: "toolbar", "aria-label": "Calendar" }, prev, today, next, title, h("div", { class: "cal-modes", role: "group", "aria-label": "View" }, weekBtn, dayBtn));
  const body = h("div", { class: "cal-body" }, loadingBlock("Loading test drives…"));
  const drawer = createDrawer({ label: "Test drive", testId: "calendar-drive-panel", onClose: () => go({ drive: null }) });

  function paint(): void {
    const from = first();
    const days = count();
    title.textContent = days === 7
      ? `${from.toLocaleDateString(undefined, { day: "numeric", month: "short" })} – ${addDays(from, 6).toLocaleDateString(undefined, { day: "numeric", month: "short", year: "numeric" })}`
      : from.toLocaleDateString(undefined, { weekday: "long", day: "numeric", month: "long", year: "numeric" });
    weekBtn.setAttribute("aria-pressed", String(state.mode === "week"));
    dayBtn.setAttribute("aria-pressed", String(state.mode === "day"));
    const grid = calendarGrid(from, days, drives, minutes, (td) => go({ drive: td.id }));
    replaceChildren(body, grid, drives.length === 0 ? emptyState(days === 7 ? "No test drives this week" : "No test drives this day") : null);
    paintDrive();
  }

  function paintDrive(): void {
    const td = state.drive ? drives.find((d) => d.id === state.drive) : undefined;
    if (!td) {
      drawer.close();
      replaceChildren(drawer.body);
      return;
    }
    if (drawer.isOpen && drawer.body.querySelector(`[data-id="${CSS.escape(td.id)}"]`)) return;
    replaceChildren(drawer.body, drivePanel(td, () => void load()));
    drawer.open();
    drawer.body.querySelector<HTMLElement>("#calendar-drive-title")?.focus({ preventScroll: true });
  }

  async function load(): Promise<void> {
    const mine = ++seq;
    const from = first();
    try {
      const [rows, settings] = await Promise.all([
        api.calendar(from.toISOString(), addDays(from, count()).toISOString()),
        api.dealerSettings().catch(() => null),
      ]);
      if (mine !== seq) return;
      drives = rows.map((r) => r.testDrive);
      minutes = settings?.testDriveMinutes ?? FALLBACK_MINUTES;
      // A moved drive's panel shows its new time.
      replaceChildren(drawer.body);
      drawer.close();
      paint();
    } catch (e) {
      if (mine !== seq) return;
      replaceChildren(body, errorState(e, () => void load()));
    }
  }

  const unsub = onDataChanged(() => void load());

  const el = h("section", { class: "view view-calendar" }, pageHeader("Calendar"), toolbar, h("div", { class: "list-area" }, body, drawer.el));
  paint();
  void load();

  return {
    el,
    update(loc2) {
      const prevState = state;
      state = calendarFromParams(loc2.params);
      if (state.mode !== prevState.mode || isoDay(first()) !== isoDay(prevState.mode === "week" ? startOfWeek(prevState.day) : prevState.day)) {
        paint();
        void load();
      } else paintDrive();
    },
    onEscape() {
      if (!state.drive) return false;
      go({ drive: null });
      return true;
    },
    dispose() {
      unsub();
      seq++;
    },
  };
}
