// The calendar's grid: day columns (7 in the week view, 1 in the day view) over the hours
// 8–20, each drive a button placed in its slot (scheduled time, else the preferred one;
// its own length, else the dealer's), coloured by status and saying it in words too. A
// drive with a preferred day but no time sits in the day's "any time" strip.

import { h } from "../dom";
import type { TestDrive, TestDriveStatus } from "../backend";
import { isDateOnly, label, time, toDate } from "../format";
import { badge } from "../components/ui";
import type { BadgeKind } from "../components/ui";

export const FIRST_HOUR = 8;
export const LAST_HOUR = 20;
const SPAN_MINUTES = (LAST_HOUR - FIRST_HOUR) * 60;

const STATUS_KIND: Record<TestDriveStatus, BadgeKind> = {
  pending: "warning",
  confirmed: "info",
  completed: "success",
  cancelled: "neutral",
  no_show: "danger",
};

export function statusBadge(status: TestDriveStatus): HTMLElement {
  return badge(label(status), STATUS_KIND[status]);
}

/** Local midnight of `d`'s day. */
export function startOfDay(d: Date): Date {
  return new Date(d.getFullYear(), d.getMonth(), d.getDate());
}

/** Monday of `d`'s week, at local midnight. */
export function startOfWeek(d: Date): Date {
  const s = startOfDay(d);
  s.setDate(s.getDate() - ((s.getDay() + 6) % 7));
  return s;
}

export function addDays(d: Date, n: number): Date {
  const x = new Date(d);
  x.setDate(x.getDate() + n);
  return x;
}

/** `YYYY-MM-DD` of a local date (the URL's `date`). */
export function isoDay(d: Date): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
}

/** A drive's place in its day: minutes from `FIRST_HOUR` and length, or "any time". */
export type Placement = { day: string; anyTime: true } | { day: string; anyTime: false; top: number; minutes: number };

export function placement(td: TestDrive, defaultMinutes: number): Placement | null {
  const at = td.scheduledAt ?? td.preferredDate;
  if (!at) return null;
  if (!td.scheduledAt && isDateOnly(at)) return { day: at.slice(0, 10), anyTime: true };
  const d = toDate(at);
  if (!d) return null;
  const minutes = td.durationMinutes ?? defaultMinutes;
  const top = d.getHours() * 60 + d.getMinutes() - FIRST_HOUR * 60;
  return { day: isoDay(d), anyTime: false, top, minutes };
}

function block(td: TestDrive, p: Placement, onOpen: (td: TestDrive) => void): HTMLElement {
  const when = p.anyTime ? "Any time" : `${time(td.scheduledAt ?? td.preferredDate)}${td.scheduledAt ? "" : " (preferred)"}`;
  const attrs: Record<string, string> = {
    type: "button",
    class: `cal-block status-${td.status}`,
    "data-testid": "calendar-block",
    "data-status": td.status,
    "data-id": td.id,
  };
  // The name read out is the text shown (time, person, status) plus the car, hidden from
  // sight: a label of its own would differ from what a voice-control user sees.
  const b = h(
    "button",
    attrs,
    h("span", { class: "cal-block-time" }, when),
    h("span", { class: "visually-hidden" }, ", "),
    h("span", { class: "cal-block-name" }, td.name),
    h("span", { class: "visually-hidden" }, ", "),
    h("span", { class: "cal-block-status" }, label(td.status)),
    h("span", { class: "visually-hidden" }, `, ${td.vehicleName ?? "vehicle"}`),
  );
  if (!p.anyTime) {
    // Clipped to the hours shown; a drive outside them sits at the edge. Set through the
    // CSSOM: the window's CSP refuses style attributes.
    const top = Math.min(Math.max(p.top, 0), SPAN_MINUTES - 15);
    const height = Math.max(Math.min(p.minutes, SPAN_MINUTES - top), 15);
    b.style.top = `${(top / SPAN_MINUTES) * 100}%`;
    b.style.height = `${(height / SPAN_MINUTES) * 100}%`;
  }
  b.addEventListener("click", () => onOpen(td));
  return b;
}

/** The grid for the days from `first`, `count` of them. */
export function calendarGrid(first: Date, count: number, drives: readonly TestDrive[], defaultMinutes: number, onOpen: (td: TestDrive) => void): HTMLElement {
  const days = Array.from({ length: count }, (_, i) => addDays(first, i));
  const today = isoDay(new Date());
  const placed = drives.map((td) => [td, placement(td, defaultMinutes)] as const);
  const hours = Array.from({ length: LAST_HOUR - FIRST_HOUR }, (_, i) => FIRST_HOUR + i);
  const gutter = h("div", { class: "cal-gutter", "aria-hidden": "true" }, h("div", { class: "cal-day-head" }), h("div", { class: "cal-any" }), h("div", { class: "cal-hours" }, hours.map((hr) => h("div", { class: "cal-hour-label" }, `${String(hr).padStart(2, "0")}:00`))));
  const columns = days.map((d) => {
    const key = isoDay(d);
    const mine = placed.filter((x): x is readonly [TestDrive, Placement] => x[1]?.day === key);
    const heading = d.toLocaleDateString(undefined, { weekday: "short", day: "numeric", month: "short" });
    return h(
      "section",
      { class: `cal-day${key === today ? " is-today" : ""}`, "aria-label": d.toLocaleDateString(undefined, { weekday: "long", day: "numeric", month: "long" }), "data-day": key },
      h("h3", { class: "cal-day-head" }, heading, key === today ? h("span", { class: "visually-hidden" }, " (today)") : null),
      h("div", { class: "cal-any" }, mine.filter(([, p]) => p.anyTime).map(([td, p]) => block(td, p, onOpen))),
      h(
        "div",
        { class: "cal-hours" },
        hours.map(() => h("div", { class: "cal-hour-line", "aria-hidden": "true" })),
        mine.filter(([, p]) => !p.anyTime).map(([td, p]) => block(td, p, onOpen)),
      ),
    );
  });
  return h("div", { class: `cal-grid cal-days-${count}`, "data-testid": "calendar-grid", "data-from": isoDay(first), "data-days": count }, gutter, columns);
}

