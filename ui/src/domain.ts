// Display rules for the dealer's records that more than one screen needs: a vehicle's
// headline price, a customer's name, which test-drive actions a status allows, media order.

import { money, toDate } from "./format";
import type { Customer, Media, TestDrive, TestDriveStatus, Vehicle, VehicleRow } from "./backend";

/** What a headline price needs: a table row has exactly this, a vehicle derives it. */
export type Quote = Pick<VehicleRow, "listingType" | "price" | "currentBid">;

/** Headline price text: the price ("$89 / day" for rentals), or an auction's current bid once there is one. */
export function quotedPrice(q: Quote): string {
  switch (q.listingType) {
    case "rental":
      return q.price === null ? money(null) : `${money(q.price)} / day`;
    case "auction":
      return money(q.currentBid ?? q.price);
    default:
      return money(q.price);
  }
}

/** A vehicle's headline price: sale price, daily rate or starting bid from its listing options when present. */
export function vehiclePrice(v: Vehicle): string {
  const price = v.saleOptions?.price ?? v.rentalOptions?.dailyRate ?? v.auctionOptions?.startingBid ?? v.price;
  return quotedPrice({ listingType: v.listingType, price, currentBid: v.auctionOptions?.currentBid ?? null });
}

const IMAGE_URL = /\.(jpe?g|png|webp|gif|avif|svg)(\?|$)/i;

/** Images, featured first, then by sortOrder. Media typed as something else (video) is left out. */
export function sortedImages(media: readonly Media[]): Media[] {
  return media
    .filter((m) => (m.type ? /image|photo/i.test(m.type) : IMAGE_URL.test(m.url) || m.url.startsWith("data:image/")))
    .slice()
    .sort((a, b) => Number(b.isFeatured) - Number(a.isFeatured) || a.sortOrder - b.sortOrder);
}

export function customerName(c: Customer): string {
  const n = `${c.user.firstName} ${c.user.lastName}`.trim();
  return n || c.user.email;
}

export function initials(c: Customer): string {
  const a = c.user.firstName.trim().charAt(0);
  const b = c.user.lastName.trim().charAt(0);
  return (a + b).toUpperCase() || c.user.email.charAt(0).toUpperCase();
}

export type TestDriveAction = "confirm" | "complete" | "cancel" | "no_show";

const NEXT: Record<TestDriveAction, TestDriveStatus> = {
  confirm: "confirmed",
  complete: "completed",
  cancel: "cancelled",
  no_show: "no_show",
};

/** Completed, cancelled and no-show are final; pending and confirmed can move on. */
export function isFinal(status: TestDriveStatus): boolean {
  return status === "completed" || status === "cancelled" || status === "no_show";
}

/**
 * The buttons a row shows, as the server's status rules allow: a request is confirmed or
 * cancelled; a confirmed drive is completed, marked a no-show, cancelled or rescheduled
 * (re-confirmed with a new time); a settled drive offers nothing.
 */
export function allowedActions(status: TestDriveStatus): TestDriveAction[] {
  if (status === "pending") return ["confirm", "cancel"];
  if (status === "confirmed") return ["confirm", "complete", "no_show", "cancel"];
  return [];
}

const ACTION_LABEL: Record<TestDriveAction, string> = {
  confirm: "Confirm",
  complete: "Complete",
  cancel: "Cancel",
  no_show: "No-show",
};

/** A button's text: confirming an already confirmed drive moves it, so it says so. */
export function actionLabel(action: TestDriveAction, status: TestDriveStatus): string {
  return action === "confirm" && status === "confirmed" ? "Reschedule" : ACTION_LABEL[action];
}

export function statusAfter(action: TestDriveAction): TestDriveStatus {
  return NEXT[action];
}

/** The date a drive is listed by: when it is scheduled, else when the customer wanted it, else when asked. */
export function testDriveDate(td: TestDrive): string {
  return td.scheduledAt ?? td.preferredDate ?? td.createdDate;
}

/** Upcoming statuses read soonest-first; finished ones newest-first. */
export function sortTestDrives<T extends { testDrive: TestDrive }>(rows: readonly T[], status: TestDriveStatus | null): T[] {
  const dir = status === "pending" || status === "confirmed" ? 1 : -1;
  return rows
    .slice()
    .sort((a, b) => dir * (instant(testDriveDate(a.testDrive)) - instant(testDriveDate(b.testDrive))) || a.testDrive.id.localeCompare(b.testDrive.id));
}

function instant(iso: string): number {
  return toDate(iso)?.getTime() ?? Number.NaN;
}
