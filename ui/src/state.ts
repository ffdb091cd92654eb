// App-wide state: a tiny observable store plus the live app status (profile, online,
// outbox, conflicts, sync progress) fed by the backend's events and a slow poll.

import { api, onStatusChanged, onSyncProgress } from "./backend";
import type { AppStatus, SyncProgress } from "./backend";

export interface Store<T> {
  get(): T;
  set(next: T | ((prev: T) => T)): void;
  subscribe(fn: (value: T, prev: T) => void): () => void;
}

/** A minimal store: `set` notifies subscribers synchronously when the value changed (by identity). */
export function createStore<T>(initial: T): Store<T> {
  let value = initial;
  const subs = new Set<(value: T, prev: T) => void>();
  return {
    get: () => value,
    set(next) {
      const prev = value;
      value = typeof next === "function" ? (next as (p: T) => T)(prev) : next;
      if (Object.is(prev, value)) return;
      for (const fn of [...subs]) fn(value, prev);
    },
    subscribe(fn) {
      subs.add(fn);
      return () => subs.delete(fn);
    },
  };
}

export interface AppState {
  /** Last known status; null until the first answer. */
  status: AppStatus | null;
  /** Progress of the running sync, null when idle. */
  progress: SyncProgress | null;
  /** Whether the built-in sandbox server runs (the status has no field for it: we remember what we set). */
  sandboxRunning: boolean;
  /** Bumped whenever a sync finished or the profile changed: views reload their data. */
  dataVersion: number;
  /** Set when the status could not be read at all (no backend). */
  statusError: string | null;
}

export const appState = createStore<AppState>({
  status: null,
  progress: null,
  sandboxRunning: true,
  dataVersion: 0,
  statusError: null,
});

/** When this window's UI started (ms since the epoch). */
const UI_STARTED_AT = Date.now();

/** Whether a sync committed at or after `since` (ms since the epoch). */
export function syncedSince(status: AppStatus, since: number): boolean {
  return status.lastSyncedAt !== null && Date.parse(status.lastSyncedAt) >= since;
}

/** Merge a new status in; bump dataVersion when data may have changed. */
export function applyStatus(status: AppStatus): void {
  appState.set((prev) => {
    const before = prev.status;
    const syncEnded = before !== null && before.syncing && !status.syncing;
    const profileChanged = before !== null && before.profile.name !== status.profile.name;
    // New data landed (a sync committed, or the outbox sent or queued something): views
    // reload. Before the first status there is nothing to compare with: views reload only
    // if a sync committed since the window opened (they may have read the cache before
    // it), not on every start, where the first screen would otherwise be drawn twice.
    const dataChanged =
      before === null
        ? syncedSince(status, UI_STARTED_AT)
        : before.lastSyncedAt !== status.lastSyncedAt || before.pendingOutbox !== status.pendingOutbox;
    const sandboxRunning = status.profile.kind === "sandbox" ? status.online : prev.sandboxRunning;
    return {
      ...prev,
      status,
      statusError: null,
      sandboxRunning,
      progress: status.syncing ? prev.progress : null,
      dataVersion: syncEnded || profileChanged || dataChanged ? prev.dataVersion + 1 : prev.dataVersion,
    };
  });
}

export function applyProgress(progress: SyncProgress): void {
  appState.set((prev) => ({ ...prev, progress: progress.phase === "done" ? null : progress }));
}

/** Ask the backend for the status now. */
export async function refreshStatus(): Promise<void> {
  try {
    applyStatus(await api.appStatus());
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    appState.set((prev) => ({ ...prev, statusError: message }));
  }
}

/** Tell views to reload (after an edit that changes lists elsewhere, a profile switch…). */
export function bumpData(): void {
  appState.set((prev) => ({ ...prev, dataVersion: prev.dataVersion + 1 }));
}

/**
 * Calls `reload` each time the data may have changed (a sync committed, the profile
 * switched, an edit elsewhere: see `bumpData`), not on other status changes. Returns
 * the unsubscribe, for the view's teardown.
 */
export function onDataChanged(reload: () => void): () => void {
  let version = appState.get().dataVersion;
  return appState.subscribe((s) => {
    if (s.dataVersion !== version) {
      version = s.dataVersion;
      reload();
    }
  });
}

/** Start listening to status/progress events, with a poll as a safety net. Returns a stop function. */
export function startStatusFeed(pollMs = 15_000): () => void {
  const stops: Array<() => void> = [];
  let stopped = false;
  void onStatusChanged(applyStatus).then((un) => (stopped ? un() : stops.push(un)));
  void onSyncProgress(applyProgress).then((un) => (stopped ? un() : stops.push(un)));
  void refreshStatus();
  const timer = setInterval(() => void refreshStatus(), pollMs);
  return () => {
    stopped = true;
    clearInterval(timer);
    for (const s of stops) s();
  };
}
