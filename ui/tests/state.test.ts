import { describe, expect, it } from "vitest";
import type { AppStatus } from "../generated/bindings";
import { appState, applyStatus } from "../src/state";

const status = (over: Partial<AppStatus> = {}): AppStatus => ({
  profile: { name: "sandbox", baseUrl: "http://127.0.0.1:1", environment: "test", kind: "sandbox", active: true },
  online: true,
  syncing: false,
  lastSyncedAt: null,
  pendingOutbox: 0,
  conflicts: 0,
  hasFullCopy: false,
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
});
