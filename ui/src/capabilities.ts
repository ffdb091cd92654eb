// What the active profile's server offers beyond the published CarStrel API, in words, and
// the questions screens ask of it. Before the first sync nothing is known, and screens
// behave as on a server with every addition (what the console was built against).

import type { Capabilities, Feature } from "./backend";
import { appState } from "./state";

export { FEATURES } from "./feature-words";

/** What the console does instead, for a feature the server lacks. */
export const INSTEAD: Partial<Record<Feature, string>> = {
  vehicleFeed: "the whole inventory is paged at each sync; sold cars leave the cache",
  customerFeed: "the whole customer list is paged at each sync",
  testDriveList: "only test drives booked from this console are shown",
  testDriveUpdate: "status changes are made on the CarStrel site",
  conditionalRequests: "each edit is checked against the server's copy before it is sent",
  idempotency: "a booking whose reply was lost waits for you to send it again or discard it",
};

export function currentCapabilities(): Capabilities | null {
  return appState.get().status?.capabilities ?? null;
}

/** Whether the server lists test drives (assumed until a sync has asked). */
export function listsTestDrives(caps: Capabilities | null = currentCapabilities()): boolean {
  return caps === null || caps.testDriveList || caps.testDriveFeed;
}

/** Whether the server accepts test-drive status changes (assumed until asked). */
export function updatesTestDrives(caps: Capabilities | null = currentCapabilities()): boolean {
  return caps === null || caps.testDriveUpdate;
}
