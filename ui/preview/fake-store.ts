// The fake backend's data and state (see fake-backend.ts): the recorded fixtures moved to
// today, the knobs, the events, and the helpers every fake command uses.

import type {
  AppStatus,
  Capabilities,
  Conflict,
  Customer,
  CustomerRow,
  Dashboard,
  DealerSettings,
  ErrorCode,
  Feature,
  LeadDetailRow,
  LeadRow,
  LeadStats,
  Page,
  PricePoint,
  PreviewFixtures,
  ProfileInfo,
  SyncProgress,
  StaffMember,
  Task,
  TaskQuery,
  TaskRow,
  TestDrive,
  TestDriveRow,
  UiError,
  Vehicle,
  events as RealEvents,
} from "../generated/bindings";
import recorded from "../generated/fixtures.json";
import { FEATURES as FEATURE_WORDS } from "../src/feature-words";

export type Result<T, E> = { status: "ok"; data: T } | { status: "error"; error: E };

// ---------------------------------------------------------------- knobs + data
export const search = typeof location !== "undefined" ? new URLSearchParams(location.search) : new URLSearchParams();
export const SLOW = search.get("fakeSlow") === "1";
export const EMPTY = search.get("fakeEmpty") === "1";
export const DOCS_ONLY = search.get("fakeDocsOnly") === "1";

export const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
export const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** `value` with every instant and date moved by `ms`, so the recorded data looks as fresh as when it was recorded. */
export function moved<T>(value: T, ms: number): T {
  const move = (v: unknown) => {
    if (typeof v !== "string") return v;
    if (INSTANT.test(v)) return new Date(Date.parse(v) + ms).toISOString();
    if (DATE.test(v)) return new Date(Date.parse(v) + ms).toISOString().slice(0, 10);
    return v;
  };
  return JSON.parse(JSON.stringify(value), (_key, v: unknown) => move(v)) as T;
}
/** As if last synced a couple of minutes before the preview opened. */
export const RECORDED_AGO_MS = 130_000;
export const DAY_MS = 24 * 3600 * 1000;
/**
 * Whole days from the recording's (UTC) day to today's. The data moves by days, not by the
 * exact time since, so a drive booked for 11:30 is still at 11:30 and the demo's "today"
 * (its leads since midnight) is today, at whatever hour the preview opens.
 */
export const daysSinceRecorded = (now: number, generatedAt: string): number =>
  Math.floor(now / DAY_MS) - Math.floor(Date.parse(generatedAt) / DAY_MS);
export const fixtures: PreviewFixtures = moved(recorded as PreviewFixtures, daysSinceRecorded(Date.now(), recorded.generatedAt) * DAY_MS);

export const vehicles: Vehicle[] = EMPTY ? [] : fixtures.vehicles;
export const customers: Customer[] = EMPTY ? [] : fixtures.customers;
export const testDrives: TestDrive[] = EMPTY ? [] : fixtures.testDrives;
export const conflicts: Conflict[] = EMPTY ? [] : fixtures.conflicts;
// The dealer's day: a published-API server has none of it.
export const leads: LeadDetailRow[] = EMPTY || DOCS_ONLY ? [] : fixtures.leads;
export const tasks: Task[] = EMPTY || DOCS_ONLY ? [] : fixtures.tasks;
export const staff: StaffMember[] = EMPTY || DOCS_ONLY ? [] : fixtures.staff;
export const profiles: ProfileInfo[] = [fixtures.profile];
export const outbox = new Set<string>();

export const FEATURES: Feature[] = FEATURE_WORDS.map(([feature]) => feature);
export const capabilities: Capabilities = {
  source: DOCS_ONLY ? "probing" : "openApi",
  ...(Object.fromEntries(FEATURES.map((f) => [f, !DOCS_ONLY])) as Omit<Capabilities, "source">),
};
/** Drives booked in this console: on a docs-only server, the only ones it knows. */
export const bookedHere = new Set<string>(DOCS_ONLY ? testDrives.slice(0, 3).map((t) => t.id) : []);
/** Bookings whose reply was lost, by outbox seq. */
export const unconfirmed = new Map<string, number>(DOCS_ONLY && testDrives[0] ? [[testDrives[0].id, 1]] : []);
export const listedDrives = (): TestDrive[] => (DOCS_ONLY ? testDrives.filter((t) => bookedHere.has(t.id)) : testDrives);

/** What the commands change: whether the sandbox runs, a sync is under way, the last sync. */
export const state = {
  sandboxRunning: search.get("fakeOffline") !== "1",
  syncing: false,
  lastSyncedAt: (EMPTY ? null : new Date(Date.now() - RECORDED_AGO_MS).toISOString()) as string | null,
};

export function activeProfile(): ProfileInfo {
  return profiles.find((p) => p.active) ?? fixtures.profile;
}
export function online(): boolean {
  return activeProfile().kind === "sandbox" ? state.sandboxRunning : true;
}
export function status(): AppStatus {
  return { profile: { ...activeProfile() }, online: online(), syncing: state.syncing, lastSyncedAt: state.lastSyncedAt, pendingOutbox: outbox.size, conflicts: conflicts.length, hasFullCopy: state.lastSyncedAt !== null, capabilities: state.lastSyncedAt === null ? null : { ...capabilities } };
}

// ---------------------------------------------------------------- events
type Listener<T> = (ev: { event: string; id: number; payload: T }) => void;
export const listeners = new Map<string, Set<Listener<unknown>>>();
export function emit<T>(name: string, payload: T): void {
  for (const l of listeners.get(name) ?? []) l({ event: name, id: 0, payload });
}
export function eventObj<T>(name: string) {
  const subscribe = (cb: Listener<T>, once: boolean) => {
    const set = listeners.get(name) ?? new Set();
    const wrap: Listener<unknown> = (ev) => {
      if (once) set.delete(wrap);
      cb(ev as { event: string; id: number; payload: T });
    };
    set.add(wrap);
    listeners.set(name, set);
    return async () => void set.delete(wrap);
  };
  return {
    listen: async (cb: Listener<T>) => subscribe(cb, false),
    once: async (cb: Listener<T>) => subscribe(cb, true),
    emit: async (payload: T) => emit(name, payload),
  };
}
export const events = {
  syncProgressEvent: eventObj<SyncProgress>("sync-progress-event"),
  statusChanged: eventObj<AppStatus>("status-changed"),
} satisfies Record<keyof typeof RealEvents, unknown>;
export const statusChanged = () => emit("status-changed", status());

// ---------------------------------------------------------------- helpers
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
export const latency = () => sleep(15 + Math.floor(Math.random() * 40));
export const ok = <T>(data: T): Result<T, UiError> => ({ status: "ok", data });
export const err = <T>(code: ErrorCode, message: string): Result<T, UiError> => ({ status: "error", error: { code, message } });
export const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;
export function paginate<T>(items: T[], page: number | null | undefined, limit: number | null | undefined): Page<T> {
  const l = Math.max(1, Math.min(100, limit ?? 20));
  const p = Math.max(1, page ?? 1);
  return { items: items.slice((p - 1) * l, p * l), total: items.length, page: p, limit: l, totalPages: Math.max(1, Math.ceil(items.length / l)) };
}
export const contains = (text: string, needle: string | null | undefined) => !needle?.trim() || text.toLowerCase().includes(needle.trim().toLowerCase());
export const customerRow = (c: Customer): CustomerRow => {
  const conflict = conflicts.some((x) => x.entity === "customer" && x.entityId === c.id);
  return { customer: clone(c), pending: outbox.has(c.id) || conflict, conflict };
};
export const driveRow = (t: TestDrive): TestDriveRow => ({ testDrive: clone(t), pending: outbox.has(t.id) || unconfirmed.has(t.id), bookedHere: bookedHere.has(t.id), unconfirmed: unconfirmed.get(t.id) ?? null });
export const leadRow = (l: LeadDetailRow): LeadRow => ({ lead: clone(l.lead), pending: outbox.has(l.lead.id), conflict: false });
export const taskRow = (t: Task): TaskRow => ({ task: clone(t), pending: outbox.has(t.id), conflict: false });
/** Where an open task falls due against now, as the API's `due` windows put it. */
export function dueWindow(t: Task, due: TaskQuery["due"]): boolean {
  if (due == null || due === "all") return true;
  if (t.done) return false;
  const now = Date.now();
  const at = Date.parse(t.dueAt);
  const endOfToday = now - (now % DAY_MS) + DAY_MS;
  if (due === "overdue") return at < now;
  if (due === "today") return at >= now && at < endOfToday;
  return at >= endOfToday;
}
/** The lead stats as the cache computes them (the fixtures' figures, recounted by status). */
export function leadStats(): LeadStats {
  const base = EMPTY || DOCS_ONLY ? emptyDashboard().leads : fixtures.dashboard.leads;
  return clone(base);
}
export const notFound = (what: string) => err<never>("not_found", `${what} not found in the offline cache`);

/** Queues an edit of `id`; online, it is "sent" a moment later. */
export function enqueue(id: string): void {
  outbox.add(id);
  statusChanged();
  sendSoon();
}
export function sendSoon(): void {
  setTimeout(() => {
    if (!online()) return;
    outbox.clear();
    statusChanged();
  }, 2500);
}

/** How often the UI reported things the tests check (e.g. the first painted dashboard). */
export const calls = { dashboardPainted: 0, dashboardChartsDrawn: 0 };

/** The dashboard of a console that has synced nothing yet. */
export function emptyDashboard(): Dashboard {
  const { vehicles: v, customers: c } = fixtures.dashboard;
  return {
    vehicles: { ...v, totalVehicles: 0, availableVehicles: 0, byListingType: { sale: 0, rental: 0, auction: 0 }, byBodyType: {}, byBrand: {} },
    customers: { ...c, totalCustomers: 0, vipCustomers: 0, totalRevenue: 0, averageSpent: 0, totalTransactions: 0, averageLeadScore: 0, newCustomersLast30Days: 0, segmentBreakdown: { new: 0, regular: 0, vip: 0, atRisk: 0 } },
    pendingTestDrives: 0,
    upcomingTestDrives: [],
    leads: {
      total: 0,
      byStatus: { new: 0, contacted: 0, qualified: 0, won: 0, lost: 0 },
      bySource: { contact_form: 0, test_drive: 0, registration: 0, newsletter: 0, walk_in: 0, phone: 0, other: 0 },
      medianFirstResponseMinutes: null,
      conversionRate: null,
      newToday: 0,
    },
    overdueTasks: 0,
  };
}

// ---------------------------------------------------------------- calendar + aging
// The rule book's defaults (the real cache keeps the dealer's settings from the server).
export const SETTINGS: DealerSettings = { testDriveMinutes: 30, noShowAfterMinutes: 60 };
export const slotStart = (t: TestDrive): number | null => {
  const at = t.scheduledAt ?? t.preferredDate;
  return at == null ? null : Date.parse(at);
};
export const slotEnd = (t: TestDrive, start: number) => start + (t.durationMinutes ?? SETTINGS.testDriveMinutes) * 60_000;
/** The confirmed drive of the same vehicle that `[start, end)` would overlap. */
export function doubleBooking(id: string, vehicleId: string, start: number, end: number): TestDrive | undefined {
  return testDrives.find((o) => {
    const s = slotStart(o);
    return o.id !== id && o.vehicleId === vehicleId && o.status === "confirmed" && s !== null && s < end && start < slotEnd(o, s);
  });
}
export const daysOnLot = (v: Vehicle, now: number) => Math.max(0, Math.floor((now - Date.parse(v.listedDate ?? v.createdDate)) / DAY_MS));
/** Prices set in the preview, per vehicle, after the listing price. */
export const priceChanges = new Map<string, PricePoint[]>();
