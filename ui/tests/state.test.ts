import { describe, expect, it } from "vitest";
import type { AppStatus } from "../generated/bindings";
import { appState, applyStatus, bumpData, onDataChanged, syncedSince } from "../src/state";

const status = (over: Partial<AppStatus> = {}): AppStatus => ({
  profile: { name: "sandbox", displayName: "sandbox", baseUrl: "http://127.0.0.1:1", environment: "test", kind: "sandbox", active: true },
  online: true,
  syncing: false,
  lastSyncedAt: null,
  pendingOutbox: 0,
  conflicts: 0,
  hasFullCopy: false,
  capabilities: null,
  ...over,
});

describe("applyStatus", () => {
  it("tells views to reload when a sync committed or the outbox moved, even without seeing it run", () => {
    applyStatus(status());
    const v0 = appState.get().dataVersion;
    applyStatus(status());
    expect(appState.get().dataVersion).toBe(v0);
    applyStatus(status({ lastSyncedAt: "2026-11-25T02:00:00.000Z" }));
    expect(appState.get().dataVersion).toBe(v0 + 1);
    applyStatus(status({ lastSyncedAt: "2026-11-25T02:00:00.000Z", pendingOutbox: 1 }));
    expect(appState.get().dataVersion).toBe(v0 + 2);
    applyStatus(status({ lastSyncedAt: "2026-11-25T02:00:00.000Z", pendingOutbox: 1 }));
    expect(appState.get().dataVersion).toBe(v0 + 2);
  });

  it("does not redraw the first screen for the first status unless a sync committed since start", () => {
    const forget = () => appState.set((prev) => ({ ...prev, status: null }));
    forget();
    const v0 = appState.get().dataVersion;
    applyStatus(status({ lastSyncedAt: "2020-01-01T00:00:00.000Z" }));
    expect(appState.get().dataVersion).toBe(v0);
    forget();
    applyStatus(status({ lastSyncedAt: new Date(Date.now() + 1000).toISOString() }));
    expect(appState.get().dataVersion).toBe(v0 + 1);
  });
});

describe("syncedSince", () => {
  it("is false without a sync and compares instants", () => {
    expect(syncedSince(status(), 0)).toBe(false);
    expect(syncedSince(status({ lastSyncedAt: "2026-11-25T02:00:00.000Z" }), Date.parse("2026-11-25T01:59:59Z"))).toBe(true);
    expect(syncedSince(status({ lastSyncedAt: "2026-11-25T02:00:00.000Z" }), Date.parse("2026-11-25T02:00:01Z"))).toBe(false);
  });
});

describe("onDataChanged", () => {
  it("reloads once per data change, not on other status changes, and stops when unsubscribed", () => {
    applyStatus(status());
    let reloads = 0;
    const stop = onDataChanged(() => reloads++);
    applyStatus(status({ online: false }));
    expect(reloads).toBe(0);
    bumpData();
    expect(reloads).toBe(1);
    applyStatus(status({ online: false, lastSyncedAt: "2026-12-01T04:00:00.000Z" }));
    expect(reloads).toBe(2);
    stop();
    bumpData();
    expect(reloads).toBe(2);
  });
});
