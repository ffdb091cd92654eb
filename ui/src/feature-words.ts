// The additions a server may offer, in words. A module of its own, with no imports but
// types, so the preview's fake backend can list them without pulling in the app's state.

import type { Feature } from "../generated/bindings";

/** Every addition, in the order the connections page lists them, with what it gives. */
export const FEATURES: ReadonlyArray<[Feature, string]> = [
  ["vehicleFeed", "Vehicle changes feed (quick delta sync)"],
  ["customerFeed", "Customer changes feed (quick delta sync)"],
  ["testDriveFeed", "Test-drive changes feed"],
  ["testDriveList", "Test-drive list (requests from your website)"],
  ["testDriveUpdate", "Test-drive status changes (confirm, complete, cancel)"],
  ["vehicleUpdate", "Vehicle edits (mark sold, remove)"],
  ["conditionalRequests", "Stale-edit protection (If-Match)"],
  ["idempotency", "Safe retries (Idempotency-Key)"],
  ["tokenRefresh", "Customer token refresh"],
  ["staffApi", "Staff sign-in and API-key management"],
  ["rateLimitHeaders", "Rate-limit headers"],
  ["testDriveCalendar", "Test-drive calendar (date ranges, no double bookings)"],
  ["dealerSettings", "Dealer settings (drive length, no-show delay)"],
  ["vehicleAging", "Inventory aging (days on the lot)"],
  ["priceHistory", "Vehicle price history"],
  ["leads", "Lead inbox"],
  ["leadFeed", "Lead changes feed"],
  ["tasks", "Follow-up tasks"],
  ["taskFeed", "Task changes feed"],
  ["staffList", "Staff list (assigning leads and tasks)"],
];
