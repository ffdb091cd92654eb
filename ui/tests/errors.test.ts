// Error codes are Rust's `ErrorCode`, generated into the bindings: the UI has words for each,
// and neither it nor its preview backend can use a code Rust never emits. The preview once
// failed a second sync with "busy", which no Rust code says (a real second sync waits).
import { describe, expect, it, vi } from "vitest";

import type { PreviewFixtures, UiError } from "../generated/bindings";
import recorded from "../generated/fixtures.json";
import { errorText, type AnyErrorCode } from "../src/errors";


/** Every code Rust emits (`ErrorCode::ALL`, recorded with the preview's data). */
const rustCodes: readonly string[] = (recorded as PreviewFixtures).errorCodes;

describe("error codes", () => {
  it("are Rust's, listed with the preview data", () => {
    expect(rustCodes).toContain("offline");
    expect(rustCodes).toContain("cache_busy");
    expect(rustCodes).not.toContain("busy");
  });

  it("each has words, and so do the UI's own two", () => {
    const codes: AnyErrorCode[] = [...(recorded as PreviewFixtures).errorCodes, "no_backend", "internal"];
    for (const code of codes) {
      expect(errorText(code, "the detail"), code).not.toBe("");
      expect(errorText(code, ""), code).not.toBe("");
    }
  });

  it("cannot be one Rust never emits", () => {
    // @ts-expect-error "busy" is no ErrorCode; `npm run build` (tsc) fails the day it becomes one.
    const busy: UiError = { code: "busy", message: "A sync is already running." };
    expect(rustCodes).not.toContain(busy.code);
  });
});

describe("the preview backend", () => {
  it("fails only with codes Rust emits, and a second sync waits instead of failing", async () => {
    const { commands } = await import("../preview/fake-backend");
    const fixtures = recorded as PreviewFixtures;
    const results = await Promise.all([
      commands.syncNow(false),
      commands.syncNow(false),
      commands.getVehicle("no-such-vehicle"),
      commands.getCustomer("no-such-customer"),
      commands.updateTestDrive("no-such-drive", { status: "confirmed" }),
      commands.removeProfile(fixtures.profile.name),
      commands.useProfile("no-such-profile"),
      commands.resolveConflict(-1, "mine"),
    ]);
    expect(results[0]?.status).toBe("ok");
    expect(results[1]?.status).toBe("ok");
    const failures = results.flatMap((r) => (r.status === "error" ? [r.error.code] : []));
    expect(failures).toHaveLength(6);
    for (const code of failures) expect(rustCodes).toContain(code);
  });

  it("is offline, with Rust's code, once the sandbox stops", async () => {
    const { commands } = await import("../preview/fake-backend");
    await commands.setSandboxRunning(false);
    const result = await commands.syncNow(false);
    await commands.setSandboxRunning(true);
    expect(result).toMatchObject({ status: "error", error: { code: "offline" } });
  });
});
