// Booking from a vehicle: its day, from opening to closing, as free slots (buttons that
// fill in the booking's time) and taken ones (the confirmed drives that block a booking,
// named). Answered by the cache, so it works offline; shown only where the server has
// the calendar, since without it the cache knows of no other drive.

import { h, replaceChildren } from "../dom";
import { api, friendlyMessage } from "../backend";
import type { TakenSlot, VehicleSlots } from "../backend";
import { dayDate, plural, time } from "../format";
import { isoDay, startOfDay } from "./calendar-grid";

/** The showroom's bookable hours, local time. */
export const OPENS_AT = 9;
export const CLOSES_AT = 18;

export interface SlotPicker {
  el: HTMLElement;
  /** Shows `vehicleId`'s slots on the current day (none when null). */
  showVehicle(vehicleId: string | null): void;
  /** Shows the day of `iso` and marks the slot starting at it, if any. */
  showTime(iso: string | null): void;
}

/** One line of the day: a free start, or a taken slot; in time order. */
export type SlotLine = { free: true; start: string } | { free: false; slot: TakenSlot };

/** Free starts and taken slots merged in time order; free starts already gone are dropped. */
export function dayLines(slots: VehicleSlots, now: number = Date.now()): SlotLine[] {
  const lines: SlotLine[] = [
    ...slots.free.filter((s) => Date.parse(s) >= now).map((start): SlotLine => ({ free: true, start })),
    ...slots.taken.map((slot): SlotLine => ({ free: false, slot })),
  ];
  const at = (l: SlotLine) => Date.parse(l.free ? l.start : l.slot.start);
  return lines.sort((a, b) => at(a) - at(b));
}

/** The taken slot `start` (ISO) falls in, if any. */
export function takenAt(taken: readonly TakenSlot[], start: string): TakenSlot | undefined {
  const t = Date.parse(start);
  return taken.find((s) => Date.parse(s.start) <= t && t < Date.parse(s.end));
}

export function vehicleSlotPicker(opts: { onPick(start: string): void }): SlotPicker {
  let vehicleId: string | null = null;
  let day = startOfDay(new Date());
  let picked: string | null = null;
  let shown: VehicleSlots | null = null;
  let asked = 0;
  /** `hour` o'clock on the shown day, local time. */
  const at = (hour: number) => new Date(day.getFullYear(), day.getMonth(), day.getDate(), hour);

  const dayInput = h("input", { type: "date", id: "td-slots-day", "data-testid": "td-slots-day", value: isoDay(day) });
  const summary = h("p", { class: "slot-summary", "data-testid": "td-slots-summary", "aria-live": "polite" });
  const list = h("ul", { class: "slot-list", "data-testid": "td-slots", "aria-labelledby": "td-slots-title" });
  const warning = h("p", { class: "slot-warning", role: "status", "data-testid": "td-slot-warning", hidden: true });
  const el = h(
    "section",
    { class: "vehicle-slots", "data-testid": "td-slot-picker", "aria-labelledby": "td-slots-title", hidden: true },
    h(
      "div",
      { class: "slot-head" },
      h("h3", { id: "td-slots-title", class: "section-title" }, "This vehicle's day"),
      h("label", { class: "field field-inline", for: "td-slots-day" }, h("span", { class: "field-label" }, "Day"), dayInput),
    ),
    summary,
    list,
    warning,
  );

  function render(): void {
    if (!shown) return;
    const lines = dayLines(shown);
    const free = lines.filter((l) => l.free).length;
    const hours = `${time(at(OPENS_AT).toISOString())}–${time(at(CLOSES_AT).toISOString())}`;
    summary.textContent = `${dayDate(day.toISOString())}: ${plural(free, "free slot", "free slots")}, ${plural(shown.taken.length, "taken", "taken")} (${shown.minutes} min each, ${hours})`;
    replaceChildren(
      list,
      ...lines.map((l) =>
        l.free
          ? h(
              "li",
              {},
              h(
                "button",
                {
                  type: "button",
                  class: "slot slot-free",
                  "data-testid": "td-slot-free",
                  "data-start": l.start,
                  "aria-pressed": String(l.start === picked),
                  onclick: () => {
                    picked = l.start;
                    opts.onPick(l.start);
                    render();
                  },
                },
                time(l.start),
              ),
            )
          : h(
              "li",
              { class: "slot slot-taken", "data-testid": "td-slot-taken", "data-id": l.slot.testDriveId },
              h("span", { class: "slot-time" }, `${time(l.slot.start)}–${time(l.slot.end)}`),
              ` taken · ${l.slot.name}`,
            ),
      ),
    );
    const clash = picked ? takenAt(shown.taken, picked) : undefined;
    warning.hidden = !clash;
    warning.textContent = clash
      ? `${time(picked)} is taken by ${clash.name}'s confirmed drive: the request can be sent, but it cannot be confirmed at that time.`
      : "";
  }

  async function load(): Promise<void> {
    el.hidden = vehicleId === null;
    if (vehicleId === null) return;
    const ask = ++asked;
    const [from, to] = [at(OPENS_AT), at(CLOSES_AT)];
    summary.textContent = "Loading slots…";
    try {
      const slots = await api.vehicleSlots(vehicleId, from.toISOString(), to.toISOString());
      if (ask !== asked) return;
      shown = slots;
      render();
    } catch (e) {
      if (ask !== asked) return;
      shown = null;
      replaceChildren(list);
      summary.textContent = `Couldn't load this vehicle's slots: ${friendlyMessage(e)}`;
    }
  }

  dayInput.addEventListener("change", () => {
    const [y, m, d] = dayInput.value.split("-").map(Number);
    if (!y || !m || !d) return;
    day = new Date(y, m - 1, d);
    void load();
  });

  return {
    el,
    showVehicle(id) {
      vehicleId = id;
      void load();
    },
    showTime(iso) {
      picked = iso;
      const at = iso ? new Date(iso) : null;
      if (at && isoDay(at) !== isoDay(day)) {
        day = startOfDay(at);
        dayInput.value = isoDay(day);
        void load();
      } else {
        render();
      }
    },
  };
}
