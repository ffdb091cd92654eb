// Fake of ../generated/bindings for the browser preview (`npm run preview:fake`) and the
// view smoke tests: the same `commands` and `events`, typed as the real ones so drift fails
// to compile, served from ../generated/fixtures.json. That file is real demo data: a Rust
// test reads the seeded sandbox through console-core and writes it (src-tauri/preview.rs).
//
// Its behaviour is the least the screens need: lists page and take the simple filters,
// edits change the rows in memory and wait in an outbox that a sync (or going back online)
// empties, the sandbox switch takes the app offline. Everything else, the rules included,
// is the real backend's, which the end-to-end test covers.
//
// Query-string knobs (before the #): ?fakeSlow=1 makes a sync take ~20 s (for screenshots of
// the progress bar), ?fakeOffline=1 starts with the sandbox stopped, ?fakeEmpty=1 starts
// with nothing synced yet, ?fakeDocsOnly=1 is a server with the published API alone (no
// test-drive list: only the drives booked here show, one of them with its reply lost).

import type {
  AppStatus,
  Conflict,
  CreateTaskRequest,
  CreateTestDriveRequest,
  Customer,
  CustomerQuery,
  CustomerRow,
  CustomerUpdate,
  AgingStats,
  Dashboard,
  DealerSettings,
  CsvExport,
  ExportKind,
  FilterOptions,
  Keep,
  LeadDetailRow,
  LeadQuery,
  LeadRow,
  LeadStats,
  LeadUpdate,
  Page,
  PricePoint,
  ProfileInfo,
  SyncProgress,
  StaffMember,
  SyncReport,
  Task,
  TaskQuery,
  TaskRow,
  TaskUpdate,
  TestDrive,
  TestDriveRow,
  TestDriveStatus,
  TestDriveUpdate,
  UiError,
  Vehicle,
  VehicleQuery,
  VehicleRow,
  VehicleSlots,
  commands as RealCommands,
} from "../generated/bindings";

import {
  SLOW,
  EMPTY,
  DOCS_ONLY,
  fixtures,
  vehicles,
  customers,
  testDrives,
  conflicts,
  leads,
  tasks,
  staff,
  profiles,
  outbox,
  FEATURES,
  capabilities,
  bookedHere,
  unconfirmed,
  listedDrives,
  online,
  status,
  emit,
  statusChanged,
  sleep,
  latency,
  ok,
  err,
  clone,
  paginate,
  contains,
  customerRow,
  driveRow,
  leadRow,
  taskRow,
  dueWindow,
  leadStats,
  notFound,
  enqueue,
  sendSoon,
  calls,
  emptyDashboard,
  SETTINGS,
  slotStart,
  slotEnd,
  doubleBooking,
  daysOnLot,
  priceChanges,
  state,
} from "./fake-store";
import type { Result } from "./fake-store";

/** The row the real backend would send for `v` (its main photo: the featured one, else the first). */
function vehicleRow(v: Vehicle, now: number): VehicleRow {
  const photos = v.media.filter((m) => m.type === "photo");
  const main = photos.find((m) => m.isFeatured) ?? [...photos].sort((a, b) => a.sortOrder - b.sortOrder)[0];
  return {
    id: v.id,
    name: v.name,
    brandName: v.model.brand.name,
    modelName: v.model.name,
    bodyTypeName: v.model.bodyType?.name ?? null,
    year: v.year,
    mileage: v.mileage,
    listingType: v.listingType,
    price: v.price,
    currentBid: v.auctionOptions?.currentBid ?? null,
    locationName: v.pickupDetails?.locationName ?? null,
    daysOnLot: daysOnLot(v, now),
    impressionsCount: v.impressionsCount,
    photo: main?.sortOrder ?? null,
  };
}

export { calls, events } from "./fake-store";

/** The desktop-notifications setting (the fake shows none; on by default, as in the app). */
let notificationsOn = true;

// ---------------------------------------------------------------- commands
// Typed as the generated commands, so the fake fails to compile when the real API drifts.
export const commands: typeof RealCommands = {
  async appStatus(): Promise<Result<AppStatus, UiError>> {
    return ok(status());
  },

  async ping(): Promise<void> {},

  /** Like the real one, a sync asked for while one runs waits for it rather than failing. */
  async syncNow(full: boolean): Promise<Result<SyncReport, UiError>> {
    while (state.syncing) await sleep(50);
    if (!online()) return err("offline", "The CarStrel API cannot be reached; you are working offline");
    state.syncing = true;
    statusChanged();
    const phases: Array<[SyncProgress["phase"], number]> = [["outbox", outbox.size], ["metadata", 1], ["vehicles", vehicles.length], ["customers", customers.length], ["testDrives", testDrives.length]];
    for (const [phase, total] of phases) {
      for (const done of [0, Math.round(total / 2), total]) {
        emit("sync-progress-event", { phase, done, total });
        await sleep(SLOW ? 1300 : 20);
      }
    }
    const sent = outbox.size;
    outbox.clear();
    emit("sync-progress-event", { phase: "done", done: 0, total: null });
    state.syncing = false;
    state.lastSyncedAt = new Date().toISOString();
    statusChanged();
    return ok({ vehicles: full ? vehicles.length : 0, customers: full ? customers.length : 0, testDrives: full ? testDrives.length : 0, leads: full ? leads.length : 0, tasks: full ? tasks.length : 0, deleted: 0, sent, conflicts: 0, full, resumed: false, fellBackToLists: DOCS_ONLY, unconfirmed: unconfirmed.size, missing: DOCS_ONLY ? [...FEATURES] : [] });
  },

  async dashboardPainted(): Promise<void> {
    calls.dashboardPainted++;
  },

  async dashboardChartsDrawn(): Promise<void> {
    calls.dashboardChartsDrawn++;
  },

  async dashboard(): Promise<Result<Dashboard, UiError>> {
    await latency();
    return ok(clone(EMPTY ? emptyDashboard() : DOCS_ONLY ? { ...fixtures.dashboard, leads: emptyDashboard().leads, overdueTasks: 0 } : fixtures.dashboard));
  },

  async filterOptions(): Promise<Result<FilterOptions, UiError>> {
    await latency();
    return ok(clone(fixtures.filterOptions));
  },

  async listVehicleRows(query: VehicleQuery, text: string | null): Promise<Result<Page<VehicleRow>, UiError>> {
    await latency();
    const now = Date.now();
    const xs = vehicles.filter(
      (v) =>
        (query.listingType == null || v.listingType === query.listingType) &&
        (query.brandId == null || v.model.brand.id === query.brandId) &&
        (query.modelId == null || v.model.id === query.modelId) &&
        (query.bodyTypeId == null || v.model.bodyType?.id === query.bodyTypeId) &&
        (query.minDaysOnLot == null || daysOnLot(v, now) >= query.minDaysOnLot) &&
        (query.maxDaysOnLot == null || daysOnLot(v, now) <= query.maxDaysOnLot) &&
        contains(v.name, text),
    );
    // Like the API: by listedDate, so desc puts the longest on the lot first; ties on id.
    if (query.sort === "daysOnLot") {
      const sign = query.order === "asc" ? -1 : 1;
      xs.sort((a, b) => sign * (Date.parse(a.listedDate ?? a.createdDate) - Date.parse(b.listedDate ?? b.createdDate)) || a.id.localeCompare(b.id));
    }
    const page = paginate(xs, query.page, query.limit);
    return ok({ ...page, items: page.items.map((v) => vehicleRow(v, now)) });
  },

  async getVehicle(id: string): Promise<Result<Vehicle, UiError>> {
    await latency();
    const v = vehicles.find((x) => x.id === id);
    return v ? ok(clone(v)) : notFound("Vehicle");
  },

  async listCustomers(query: CustomerQuery): Promise<Result<Page<CustomerRow>, UiError>> {
    await latency();
    const xs = customers.filter((c) => (query.segment == null || c.classification.customerSegment === query.segment) && contains(`${c.user.firstName} ${c.user.lastName} ${c.user.email}`, query.search));
    const page = paginate(xs, query.page, query.limit);
    return ok({ ...page, items: page.items.map(customerRow) });
  },

  async getCustomer(id: string): Promise<Result<CustomerRow, UiError>> {
    await latency();
    const c = customers.find((x) => x.id === id);
    return c ? ok(customerRow(c)) : notFound("Customer");
  },

  async updateCustomer(id: string, change: CustomerUpdate): Promise<Result<CustomerRow, UiError>> {
    await latency();
    const c = customers.find((x) => x.id === id);
    if (!c) return notFound("Customer");
    if (change.notes != null) c.notes = change.notes === "" ? null : change.notes;
    if (change.tags != null) c.tags = [...change.tags];
    if (change.preferences != null) c.preferences = clone(change.preferences);
    if (change.isVip != null) c.classification.isVip = change.isVip;
    c.updatedDate = new Date().toISOString();
    enqueue(id);
    return ok(customerRow(c));
  },

  async listConflicts(): Promise<Result<Conflict[], UiError>> {
    await latency();
    return ok(clone(conflicts));
  },

  async resolveConflict(id: number, keep: Keep): Promise<Result<null, UiError>> {
    await latency();
    const i = conflicts.findIndex((c) => c.id === id);
    const conflict = conflicts[i];
    if (!conflict) return notFound("Conflict");
    conflicts.splice(i, 1);
    const c = customers.find((x) => x.id === conflict.entityId);
    if (c && conflict.entity === "customer") Object.assign(c, clone(keep === "mine" ? conflict.mine : conflict.theirs) as Customer);
    if (keep === "mine") enqueue(conflict.entityId);
    statusChanged();
    return ok(null);
  },

  async listTestDrives(st: TestDriveStatus | null, page: number | null, limit: number | null): Promise<Result<Page<TestDriveRow>, UiError>> {
    await latency();
    const p = paginate(listedDrives().filter((t) => st === null || t.status === st), page, limit);
    return ok({ ...p, items: p.items.map(driveRow) });
  },

  async createTestDrive(request: CreateTestDriveRequest): Promise<Result<TestDriveRow, UiError>> {
    await latency();
    const v = vehicles.find((x) => x.id === request.vehicleId);
    if (!v) return notFound("Vehicle");
    const now = new Date().toISOString();
    const customer = customers.find((c) => c.user.email === request.email.toLowerCase());
    const td: TestDrive = { id: `preview-${testDrives.length + 1}`, vehicleId: v.id, vehicleName: v.name, customerId: customer?.id ?? null, name: request.name, email: request.email, phone: request.phone ?? null, preferredDate: request.preferredDate ?? null, scheduledAt: null, status: "pending", notes: null, createdDate: now, updatedDate: now, version: 1 };
    testDrives.unshift(td);
    bookedHere.add(td.id);
    enqueue(td.id);
    return ok(driveRow(td));
  },

  async sendBookingAgain(seq: number): Promise<Result<null, UiError>> {
    await latency();
    const id = [...unconfirmed].find(([, s]) => s === seq)?.[0];
    if (!id) return notFound("Unconfirmed booking");
    unconfirmed.delete(id);
    enqueue(id);
    return ok(null);
  },

  async discardBooking(seq: number): Promise<Result<null, UiError>> {
    await latency();
    const id = [...unconfirmed].find(([, s]) => s === seq)?.[0];
    if (!id) return notFound("Unconfirmed booking");
    unconfirmed.delete(id);
    testDrives.splice(testDrives.findIndex((t) => t.id === id), 1);
    statusChanged();
    return ok(null);
  },

  async updateTestDrive(id: string, change: TestDriveUpdate): Promise<Result<TestDriveRow, UiError>> {
    await latency();
    const t = testDrives.find((x) => x.id === id);
    if (!t) return notFound("Test drive");
    if (!capabilities.testDriveUpdate) return err<never>("invalid_change", "This server does not accept test-drive changes");
    if (change.status != null) t.status = change.status;
    if (change.scheduledAt != null) t.scheduledAt = change.scheduledAt;
    if (change.notes != null) t.notes = change.notes;
    t.updatedDate = new Date().toISOString();
    enqueue(id);
    return ok(driveRow(t));
  },

  async calendar(from: string, to: string): Promise<Result<TestDriveRow[], UiError>> {
    await latency();
    const [f, t] = [Date.parse(from), Date.parse(to)];
    if (Number.isNaN(f) || Number.isNaN(t)) return err("invalid_query", "from must be a date (YYYY-MM-DD) or an RFC 3339 date-time");
    const xs = listedDrives()
      .map((d) => [slotStart(d), d] as const)
      .filter((x): x is readonly [number, TestDrive] => x[0] !== null && x[0] >= f && x[0] < t)
      .sort((a, b) => a[0] - b[0] || a[1].id.localeCompare(b[1].id));
    return ok(xs.map(([, d]) => driveRow(d)));
  },

  async vehicleSlots(vehicleId: string, from: string, to: string): Promise<Result<VehicleSlots, UiError>> {
    await latency();
    const [f, t] = [Date.parse(from), Date.parse(to)];
    const minutes = SETTINGS.testDriveMinutes;
    const taken = testDrives
      .filter((d) => d.vehicleId === vehicleId && d.status === "confirmed")
      .map((d) => [slotStart(d), d] as const)
      .filter((x): x is readonly [number, TestDrive] => x[0] !== null && x[0] < t && slotEnd(x[1], x[0]) > f)
      .sort((a, b) => a[0] - b[0])
      .map(([s, d]) => ({ testDriveId: d.id, name: d.name, start: new Date(s).toISOString(), end: new Date(slotEnd(d, s)).toISOString() }));
    const free: string[] = [];
    for (let s = f; s + minutes * 60_000 <= t; s += minutes * 60_000) if (!doubleBooking("", vehicleId, s, s + minutes * 60_000)) free.push(new Date(s).toISOString());
    return ok({ vehicleId, minutes, taken, free });
  },

  async rescheduleTestDrive(id: string, scheduledAt: string): Promise<Result<TestDriveRow, UiError>> {
    await latency();
    const t = testDrives.find((x) => x.id === id);
    if (!t) return notFound("Test drive");
    const start = Date.parse(scheduledAt);
    if (Number.isNaN(start)) return err("invalid_change", "scheduledAt must be an RFC 3339 date-time");
    const end = start + SETTINGS.testDriveMinutes * 60_000;
    const other = t.status === "confirmed" ? doubleBooking(id, t.vehicleId, start, end) : undefined;
    if (other) {
      const o = slotStart(other) ?? 0;
      return err("conflict", `This slot overlaps confirmed test drive ${other.id} of the same vehicle (${new Date(o).toISOString()} to ${new Date(slotEnd(other, o)).toISOString()})`);
    }
    t.scheduledAt = new Date(start).toISOString();
    t.durationMinutes = SETTINGS.testDriveMinutes;
    t.updatedDate = new Date().toISOString();
    enqueue(id);
    return ok(driveRow(t));
  },

  async dealerSettings(): Promise<Result<DealerSettings, UiError>> {
    await latency();
    return ok({ ...SETTINGS });
  },

  async agingStats(): Promise<Result<AgingStats, UiError>> {
    await latency();
    if (DOCS_ONLY) return err("api_error", "The server answered 404 for GET /external/vehicles/stats/aging");
    const now = Date.now();
    const days = vehicles.filter((v) => v.status === "available").map((v) => daysOnLot(v, now));
    const bounds: Array<[string, number, number | null]> = [["0-30", 0, 30], ["31-60", 31, 60], ["61-90", 61, 90], ["91+", 91, null]];
    const buckets = bounds.map(([label, minDays, maxDays]) => ({ label, minDays, maxDays, count: days.filter((d) => d >= minDays && (maxDays === null || d <= maxDays)).length }));
    const average = days.length ? Math.round((days.reduce((a, b) => a + b, 0) / days.length) * 10) / 10 : 0;
    return ok({ averageDaysOnLot: average, buckets });
  },

  async priceHistory(vehicleId: string): Promise<Result<PricePoint[], UiError>> {
    await latency();
    const v = vehicles.find((x) => x.id === vehicleId);
    if (!v) return notFound("Vehicle");
    const listed = fixtures.priceHistories[vehicleId] ?? [{ price: v.price, changedDate: v.listedDate ?? v.createdDate }];
    return ok(clone([...listed, ...(priceChanges.get(vehicleId) ?? [])]));
  },

  async setVehiclePrice(id: string, price: number | null): Promise<Result<Vehicle, UiError>> {
    await latency();
    const v = vehicles.find((x) => x.id === id);
    if (!v) return notFound("Vehicle");
    if (price == null || !Number.isFinite(price) || price < 0) return err("invalid_change", "price must be a non-negative number");
    if (v.price !== price) priceChanges.set(id, [...(priceChanges.get(id) ?? []), { price, changedDate: new Date().toISOString() }]);
    v.price = price;
    if (v.saleOptions) v.saleOptions.price = price;
    if (v.rentalOptions) v.rentalOptions.dailyRate = price;
    if (v.auctionOptions) v.auctionOptions.startingBid = price;
    v.updatedDate = new Date().toISOString();
    enqueue(id);
    return ok(clone(v));
  },

  async listLeads(query: LeadQuery): Promise<Result<Page<LeadRow>, UiError>> {
    await latency();
    const xs = leads.filter(({ lead: l }) => (query.status == null || l.status === query.status) && (query.source == null || l.source === query.source) && (query.assignedTo == null || l.assignedTo === query.assignedTo) && contains(`${l.name ?? ""} ${l.email ?? ""} ${l.phone ?? ""}`, query.search));
    const p = paginate(xs, query.page, query.limit);
    return ok({ ...p, items: p.items.map(leadRow) });
  },

  async getLead(id: string): Promise<Result<LeadDetailRow, UiError>> {
    await latency();
    const l = leads.find((x) => x.lead.id === id);
    return l ? ok({ ...clone(l), pending: outbox.has(id) }) : notFound("Lead");
  },

  async leadStats(): Promise<Result<LeadStats, UiError>> {
    await latency();
    return ok(leadStats());
  },

  async newLeadCount(): Promise<Result<number, UiError>> {
    await latency();
    return ok(leads.filter((l) => l.lead.status === "new").length);
  },

  async listStaff(): Promise<Result<StaffMember[], UiError>> {
    await latency();
    return ok(clone(staff));
  },

  async updateLead(id: string, change: LeadUpdate): Promise<Result<LeadRow, UiError>> {
    await latency();
    const l = leads.find((x) => x.lead.id === id);
    if (!l) return notFound("Lead");
    if (change.status === "lost" && !change.lostReason?.trim()) return err<never>("invalid_change", "lostReason is required when a lead is marked lost");
    const now = new Date().toISOString();
    if (change.status != null && change.status !== l.lead.status) {
      if (l.lead.status === "new" && l.lead.firstResponseDate === null) l.lead.firstResponseDate = now;
      l.activities.push({ type: "status_changed", at: now, detail: `${l.lead.status} → ${change.status}` });
      l.lead.status = change.status;
      l.lead.lastActivityDate = now;
    }
    if (change.lostReason != null) l.lead.lostReason = change.lostReason.trim();
    if (change.assignedTo != null) {
      l.lead.assignedTo = change.assignedTo;
      l.activities.push({ type: "assigned", at: now, detail: staff.find((m) => m.id === change.assignedTo)?.name ?? null });
    }
    l.lead.updatedDate = now;
    enqueue(id);
    return ok(leadRow(l));
  },

  async listTasks(query: TaskQuery): Promise<Result<Page<TaskRow>, UiError>> {
    await latency();
    const xs = tasks
      .filter((t) => dueWindow(t, query.due) && (query.done == null || t.done === query.done) && (query.customerId == null || t.customerId === query.customerId) && (query.leadId == null || t.leadId === query.leadId) && (query.assignedTo == null || t.assignedTo === query.assignedTo))
      .sort((a, b) => a.dueAt.localeCompare(b.dueAt) || a.id.localeCompare(b.id));
    const p = paginate(xs, query.page, query.limit);
    return ok({ ...p, items: p.items.map(taskRow) });
  },

  async createTask(request: CreateTaskRequest): Promise<Result<TaskRow, UiError>> {
    await latency();
    if (!request.title.trim()) return err<never>("invalid_change", "title is required");
    const due = Date.parse(request.dueAt);
    if (Number.isNaN(due)) return err<never>("invalid_change", "dueAt must be a date (YYYY-MM-DD) or an RFC 3339 date-time");
    const now = new Date().toISOString();
    const t: Task = { id: `preview-task-${tasks.length + 1}`, title: request.title.trim(), notes: request.notes ?? null, dueAt: new Date(due).toISOString(), done: false, doneDate: null, customerId: request.customerId ?? null, leadId: request.leadId ?? null, assignedTo: request.assignedTo ?? null, createdDate: now, updatedDate: now, version: 1 };
    tasks.push(t);
    enqueue(t.id);
    return ok(taskRow(t));
  },

  async updateTask(id: string, change: TaskUpdate): Promise<Result<TaskRow, UiError>> {
    await latency();
    const t = tasks.find((x) => x.id === id);
    if (!t) return notFound("Task");
    const now = new Date().toISOString();
    if (change.title != null) t.title = change.title.trim();
    if (change.notes != null) t.notes = change.notes;
    if (change.dueAt != null) t.dueAt = new Date(Date.parse(change.dueAt)).toISOString();
    if (change.done != null) {
      if (change.done && !t.done) t.doneDate = now;
      if (!change.done) t.doneDate = null;
      t.done = change.done;
    }
    if (change.assignedTo != null) t.assignedTo = change.assignedTo;
    t.updatedDate = now;
    enqueue(id);
    return ok(taskRow(t));
  },

  async deleteTask(id: string): Promise<Result<null, UiError>> {
    await latency();
    const i = tasks.findIndex((x) => x.id === id);
    if (i < 0) return notFound("Task");
    tasks.splice(i, 1);
    enqueue(id);
    return ok(null);
  },

  async listProfiles(): Promise<Result<ProfileInfo[], UiError>> {
    await latency();
    return ok(clone(profiles));
  },

  async addProfile(name: string, baseUrl: string, apiKey: string): Promise<Result<ProfileInfo, UiError>> {
    await latency();
    // Like the core: what was typed is shown, and a slug derived from it names the profile.
    const slug = name.trim().toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "") || "connection";
    const p: ProfileInfo = { name: slug, displayName: name.trim(), baseUrl, environment: apiKey.startsWith("sk_live_") ? "live" : "test", kind: "remote", active: false };
    profiles.push(p);
    return ok(clone(p));
  },

  async useProfile(name: string): Promise<Result<AppStatus, UiError>> {
    await latency();
    const p = profiles.find((x) => x.name === name);
    if (!p) return err("not_found", `no profile named "${name}"`);
    for (const x of profiles) x.active = x === p;
    statusChanged();
    return ok(status());
  },

  async removeProfile(name: string): Promise<Result<null, UiError>> {
    await latency();
    const i = profiles.findIndex((x) => x.name === name);
    if (i < 0) return err("not_found", `no profile named "${name}"`);
    if (profiles[i]?.kind === "sandbox" || profiles[i]?.active) return err("invalid_profile", "the sandbox and the active profile cannot be removed");
    profiles.splice(i, 1);
    return ok(null);
  },

  async setSandboxRunning(running: boolean): Promise<Result<AppStatus, UiError>> {
    await latency();
    state.sandboxRunning = running;
    statusChanged();
    if (running && outbox.size > 0) sendSoon();
    return ok(status());
  },
  async notificationsEnabled(): Promise<Result<boolean, UiError>> {
    await latency();
    return ok(notificationsOn);
  },
  async setNotificationsEnabled(enabled: boolean): Promise<Result<null, UiError>> {
    await latency();
    notificationsOn = enabled;
    return ok(null);
  },

  async exportCsv(kind: ExportKind): Promise<Result<CsvExport | null, UiError>> {
    await latency();
    const name = `${kind === "vehicles" ? "inventory" : "customers"}-${new Date().toISOString().slice(0, 10)}.csv`;
    // As if the user picked the suggested name in the save dialog the Rust side opens.
    return ok({ rows: kind === "vehicles" ? vehicles.length : customers.length, path: `/home/dealer/Documents/${name}` });
  },
};
