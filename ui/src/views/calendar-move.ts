// A calendar drive's panel: who, which vehicle, when, its status, and "Move": a new time
// checked against the vehicle's taken slots before anything is sent. A confirmed drive's
// overlap is named ("Double booking: overlaps drive …") and the move refused (a pending
// request may move anywhere, as on the server, and is told it cannot be confirmed there); a refusal from the console or
// the server (a conflict the check could not see) is shown in the app's words with the
// server's detail beside it, and stays until the dealer changes the time.

import { h } from "../dom";
import { api, errorText, toBackendError } from "../backend";
import type { TakenSlot, TestDrive } from "../backend";
import { dateTime, fromDateTimeLocal, label, time, toDateTimeLocal } from "../format";
import { facts } from "../components/ui";
import { toast } from "../components/toast";
import { isFinal } from "../domain";
import { statusBadge } from "./calendar-grid";

const MINUTE = 60_000;

/** The confirmed drive (another than `id`) whose slot `[start, start + minutes)` overlaps. */
export function overlapping(taken: readonly TakenSlot[], id: string, start: number, minutes: number): TakenSlot | undefined {
  const end = start + minutes * MINUTE;
  return taken.find((s) => s.testDriveId !== id && Date.parse(s.start) < end && start < Date.parse(s.end));
}

/** What a refusal says: the app's words, then the detail when it adds something. */
function refusalText(e: unknown): string {
  const err = toBackendError(e);
  const words = errorText(err.code, err.message);
  return err.message && !words.includes(err.message) ? `${words} (${err.message})` : words;
}

export function drivePanel(td: TestDrive, onMoved: (moved: TestDrive) => void): HTMLElement {
  const when = td.scheduledAt ?? td.preferredDate;
  const input = h("input", { type: "datetime-local", id: "calendar-move-at", "data-testid": "calendar-move-input", value: toDateTimeLocal(td.scheduledAt ?? null) });
  const save = h("button", { type: "submit", class: "btn btn-primary", "data-testid": "calendar-move-save" }, "Move");
  const message = h("p", { class: "form-problems", role: "alert", "data-testid": "calendar-double-booking", hidden: true });
  const show = (text: string | null) => {
    message.hidden = text === null;
    message.textContent = text ?? "";
    input.setAttribute("aria-invalid", String(text !== null));
  };
  input.addEventListener("input", () => show(null));

  async function move(): Promise<void> {
    const at = fromDateTimeLocal(input.value);
    if (at === null) return show("Choose a date and a time for the drive.");
    const start = Date.parse(at);
    save.disabled = true;
    try {
      // The vehicle's day around the new slot: enough for any drive that could overlap it.
      const slots = await api.vehicleSlots(td.vehicleId, new Date(start - 24 * 60 * MINUTE).toISOString(), new Date(start + 24 * 60 * MINUTE).toISOString());
      const other = overlapping(slots.taken, td.id, start, slots.minutes);
      const clash = other ? `overlaps drive “${other.name}” (${time(other.start)}–${time(other.end)})` : null;
      // Only a confirmed drive holds its slot; a request may sit anywhere (the server's rule).
      if (clash && td.status === "confirmed") return show(`Double booking: ${clash}. Choose another time.`);
      const row = await api.rescheduleTestDrive(td.id, at);
      show(null);
      const note = clash ? ` — it ${clash}, so it cannot be confirmed at that time` : "";
      toast(`Moved ${td.name}'s drive to ${dateTime(row.testDrive.scheduledAt)}${note}`, clash ? "info" : "success");
      onMoved(row.testDrive);
    } catch (e) {
      show(refusalText(e));
    } finally {
      save.disabled = false;
    }
  }

  const form = h(
    "form",
    { class: "calendar-move", "aria-labelledby": "calendar-move-title" },
    h("h3", { id: "calendar-move-title", class: "section-title" }, "Move"),
    h("label", { class: "field", for: "calendar-move-at" }, h("span", { class: "field-label" }, "New date and time"), input),
    h("div", { class: "form-actions" }, save),
    message,
  );
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    void move();
  });

  return h(
    "div",
    { class: "calendar-drive", "data-testid": "calendar-drive", "data-id": td.id },
    h("h2", { id: "calendar-drive-title", class: "detail-title", tabindex: -1 }, td.name),
    statusBadge(td.status),
    facts([
      ["Vehicle", td.vehicleName ?? "—"],
      ["When", when ? `${dateTime(when)}${td.scheduledAt ? "" : " (preferred)"}` : "No date yet"],
      ["Length", `${td.durationMinutes ?? "—"} min`],
      ["Status", label(td.status)],
      ["Email", td.email],
      ["Phone", td.phone],
      ["Notes", td.notes],
    ]),
    h("a", { class: "link", href: `#/test-drives?status=${td.status}` }, `Open in Test drives (${label(td.status)})`),
    // A drive that is over (completed, cancelled, no-show) has no time left to move.
    isFinal(td.status) ? null : form,
  );
}
