// The one door to the Rust side. Every command goes through `api.*`, which unwraps the
// tauri-specta `Result` into a value or a thrown `BackendError {code, message}` (see
// ./errors.ts); events are wrapped here too. When
// ../generated/bindings.ts is regenerated, this is the only file that may need touching.
// Wire types are re-exported from the bindings, never declared in ui/src.

import { commands, events } from "../generated/bindings";
import { BackendError, errorText } from "./errors";
import type {
  AppStatus,
  CustomerQuery,
  CustomerUpdate,
  ExportKind,
  Keep,
  CreateTestDriveRequest,
  CreateTaskRequest,
  LeadQuery,
  LeadUpdate,
  SyncProgress,
  TaskQuery,
  TaskUpdate,
  TestDriveStatus,
  TestDriveUpdate,
  UiError,
  VehicleQuery,
} from "../generated/bindings";

export type {
  AgingStats,
  AppStatus,
  AuctionOptions,
  Capabilities,
  Feature,
  Conflict,
  Customer,
  CustomerQuery,
  CustomerRow,
  CustomerSegment,
  CustomerSort,
  CustomerStats,
  CustomerUpdate,
  Dashboard,
  ErrorCode,
  ExportKind,
  FilterOptions,
  Keep,
  ListingType,
  Media,
  ModelOption,
  NamedRef,
  CreateTestDriveRequest,
  CreateTaskRequest,
  Lead,
  LeadActivity,
  LeadDetailRow,
  LeadQuery,
  LeadRow,
  LeadSource,
  LeadStats,
  LeadStatus,
  LeadUpdate,
  StaffMember,
  Task,
  TaskDue,
  TaskQuery,
  TaskRow,
  TaskUpdate,
  Page,
  Preferences,
  PricePoint,
  ProfileInfo,
  RentalOptions,
  SaleOptions,
  SortOrder,
  SyncPhase,
  SyncProgress,
  SyncReport,
  TakenSlot,
  TestDrive,
  TestDriveRow,
  TestDriveStatus,
  TestDriveUpdate,
  UiError,
  Vehicle,
  VehicleQuery,
  VehicleRow,
  VehicleSlots,
  VehicleSort,
  VehicleStats,
} from "../generated/bindings";

/** What every generated command resolves to (tauri-specta's typed-error result). */
export type Result<T, E> = { status: "ok"; data: T } | { status: "error"; error: E };

export { BackendError, errorText } from "./errors";
export type { AnyErrorCode, LocalErrorCode } from "./errors";

function isUiError(e: unknown): e is UiError {
  return (
    typeof e === "object" &&
    e !== null &&
    typeof (e as { code?: unknown }).code === "string" &&
    typeof (e as { message?: unknown }).message === "string"
  );
}

/** Anything thrown or returned as an error → BackendError. */
export function toBackendError(e: unknown): BackendError {
  if (e instanceof BackendError) return e;
  if (isUiError(e)) return new BackendError(e.code, e.message);
  if (e instanceof Error) {
    // invoke() throws a plain Error/TypeError when there is no Tauri runtime at all.
    const noRuntime = /__TAURI_INTERNALS__|__TAURI_IPC__|ipc/i.test(e.message);
    return new BackendError(noRuntime ? "no_backend" : "internal", e.message);
  }
  if (typeof e === "string") return new BackendError("internal", e);
  return new BackendError("internal", "Unexpected error from the app backend.");
}

/** `{status:"ok",data}` → data; `{status:"error",error}` → throw BackendError. */
export function unwrap<T>(result: Result<T, UiError>): T {
  if (result.status === "ok") return result.data;
  throw toBackendError(result.error);
}

async function call<T>(pending: Promise<Result<T, UiError>>): Promise<T> {
  let result: Result<T, UiError>;
  try {
    result = await pending;
  } catch (e) {
    throw toBackendError(e);
  }
  return unwrap(result);
}

/** Text for a toast or inline error (the words per code are in ./errors.ts). */
export function friendlyMessage(e: unknown): string {
  const err = toBackendError(e);
  return errorText(err.code, err.message);
}

/** Every backend command, unwrapped. */
export const api = {
  appStatus: () => call(commands.appStatus()),
  syncNow: (full = false) => call(commands.syncNow(full)),
  dashboard: () => call(commands.dashboard()),
  /** Tells the app its first dashboard with numbers is on screen (start-up timing). */
  dashboardPainted: () => commands.dashboardPainted(),
  dashboardChartsDrawn: () => commands.dashboardChartsDrawn(),
  filterOptions: () => call(commands.filterOptions()),
  /** The inventory table's page: rows, not the vehicles' whole documents. */
  listVehicleRows: (query: VehicleQuery, search: string | null) => call(commands.listVehicleRows(query, search)),
  getVehicle: (id: string) => call(commands.getVehicle(id)),
  listCustomers: (query: CustomerQuery) => call(commands.listCustomers(query)),
  getCustomer: (id: string) => call(commands.getCustomer(id)),
  updateCustomer: (id: string, change: CustomerUpdate) => call(commands.updateCustomer(id, change)),
  listConflicts: () => call(commands.listConflicts()),
  resolveConflict: (id: number, keep: Keep) => call(commands.resolveConflict(id, keep)),
  listTestDrives: (status: TestDriveStatus | null, page: number | null, limit: number | null) =>
    call(commands.listTestDrives(status, page, limit)),
  createTestDrive: (request: CreateTestDriveRequest) => call(commands.createTestDrive(request)),
  updateTestDrive: (id: string, change: TestDriveUpdate) => call(commands.updateTestDrive(id, change)),
  sendBookingAgain: (seq: number) => call(commands.sendBookingAgain(seq)),
  discardBooking: (seq: number) => call(commands.discardBooking(seq)),
  listProfiles: () => call(commands.listProfiles()),
  addProfile: (name: string, baseUrl: string, apiKey: string) => call(commands.addProfile(name, baseUrl, apiKey)),
  useProfile: (name: string) => call(commands.useProfile(name)),
  removeProfile: (name: string) => call(commands.removeProfile(name)),
  setSandboxRunning: (running: boolean) => call(commands.setSandboxRunning(running)),
  notificationsEnabled: () => call(commands.notificationsEnabled()),
  setNotificationsEnabled: (enabled: boolean) => call(commands.setNotificationsEnabled(enabled)),
  exportCsv: (kind: ExportKind) => call(commands.exportCsv(kind)),
  calendar: (from: string, to: string) => call(commands.calendar(from, to)),
  vehicleSlots: (vehicleId: string, from: string, to: string) => call(commands.vehicleSlots(vehicleId, from, to)),
  rescheduleTestDrive: (id: string, scheduledAt: string) => call(commands.rescheduleTestDrive(id, scheduledAt)),
  dealerSettings: () => call(commands.dealerSettings()),
  agingStats: () => call(commands.agingStats()),
  priceHistory: (vehicleId: string) => call(commands.priceHistory(vehicleId)),
  setVehiclePrice: (id: string, price: number) => call(commands.setVehiclePrice(id, price)),
  listLeads: (query: LeadQuery) => call(commands.listLeads(query)),
  getLead: (id: string) => call(commands.getLead(id)),
  leadStats: () => call(commands.leadStats()),
  newLeadCount: () => call(commands.newLeadCount()),
  listStaff: () => call(commands.listStaff()),
  updateLead: (id: string, change: LeadUpdate) => call(commands.updateLead(id, change)),
  listTasks: (query: TaskQuery) => call(commands.listTasks(query)),
  createTask: (request: CreateTaskRequest) => call(commands.createTask(request)),
  updateTask: (id: string, change: TaskUpdate) => call(commands.updateTask(id, change)),
  deleteTask: (id: string) => call(commands.deleteTask(id)),
};

export type Api = typeof api;

type Unlisten = () => void;

async function listenSafely<T>(
  subscribe: (cb: (ev: { payload: T }) => void) => Promise<Unlisten>,
  cb: (payload: T) => void,
): Promise<Unlisten> {
  try {
    return await subscribe((ev) => cb(ev.payload));
  } catch {
    return () => {}; // no event bus (e.g. outside Tauri): the status poll still works
  }
}

/** Sync progress events ("sync-progress-event"). */
export function onSyncProgress(cb: (p: SyncProgress) => void): Promise<Unlisten> {
  return listenSafely<SyncProgress>((f) => events.syncProgressEvent.listen(f), cb);
}

/** App status changes ("status-changed"): online/offline, outbox size, syncing. */
export function onStatusChanged(cb: (s: AppStatus) => void): Promise<Unlisten> {
  return listenSafely<AppStatus>((f) => events.statusChanged.listen(f), cb);
}

/**
 * Export CSV: the backend asks where to save (its own save dialog, so the page never picks
 * a path) and writes the file. Returns rows written and where, or null if cancelled.
 */
export async function exportCsvWithDialog(kind: ExportKind): Promise<{ rows: number; path: string } | null> {
  return api.exportCsv(kind);
}
