import { beforeEach, describe, expect, it, vi } from "vitest";

const invoke = vi.fn();
vi.mock("@tauri-apps/api/core", async (importOriginal) => ({ ...(await importOriginal<object>()), invoke: (...args: unknown[]) => invoke(...args) }));

const { BackendError, api, exportCsvWithDialog, friendlyMessage, onSyncProgress, toBackendError, unwrap } = await import("../src/backend");

beforeEach(() => {
  invoke.mockReset();
});

describe("Result unwrapping", () => {
  it("returns data on ok", async () => {
    invoke.mockResolvedValue({ profile: { name: "Sandbox" }, online: true });
    await expect(api.appStatus()).resolves.toMatchObject({ online: true });
    expect(invoke).toHaveBeenCalledWith("app_status");
  });

  it("passes arguments under their camelCase names", async () => {
    invoke.mockResolvedValue({ items: [], total: 0, page: 1, limit: 100, totalPages: 0 });
    const q = { page: 1, limit: 100, brandId: null, modelId: null, bodyTypeId: null, minYear: null, maxYear: null, minPrice: null, maxPrice: null, listingType: null, sort: null, order: null };
    await api.listVehicleRows(q, "golf");
    expect(invoke).toHaveBeenCalledWith("list_vehicle_rows", { query: q, search: "golf" });
    invoke.mockResolvedValue({ name: "x" });
    await api.addProfile("Main", "https://api.example.com", "sk_live_abc");
    expect(invoke).toHaveBeenLastCalledWith("add_profile", { name: "Main", baseUrl: "https://api.example.com", apiKey: "sk_live_abc" });
  });

  it("throws BackendError {code, message} on a UiError", async () => {
    invoke.mockRejectedValue({ code: "not_found", message: "vehicle not found in the offline cache" });
    const err = await api.getVehicle("v1").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BackendError);
    expect(err).toMatchObject({ code: "not_found", message: "vehicle not found in the offline cache" });
  });

  it("wraps a thrown Error (no Tauri runtime) too", async () => {
    invoke.mockRejectedValue(new TypeError("Cannot read properties of undefined (reading '__TAURI_INTERNALS__')"));
    await expect(api.dashboard()).rejects.toMatchObject({ code: "no_backend" });
    invoke.mockRejectedValue(new Error("boom"));
    await expect(api.dashboard()).rejects.toMatchObject({ code: "internal", message: "boom" });
  });

  it("unwrap and toBackendError handle every shape", () => {
    expect(unwrap({ status: "ok", data: 5 })).toBe(5);
    expect(() => unwrap({ status: "error", error: { code: "conflict", message: "stale" } })).toThrow(BackendError);
    expect(toBackendError("plain text")).toMatchObject({ code: "internal", message: "plain text" });
    expect(toBackendError(42)).toMatchObject({ code: "internal" });
  });
});

describe("friendly messages", () => {
  it("maps the codes a dealer can act on", () => {
    expect(friendlyMessage({ code: "offline", message: "x" })).toBe("You're offline — this will be sent when you reconnect.");
    expect(friendlyMessage({ code: "unauthorized", message: "401" })).toBe("The API key was refused. Check it in Connections.");
    expect(friendlyMessage({ code: "not_found", message: "x" })).toMatch(/no longer exists/);
    expect(friendlyMessage({ code: "conflict", message: "x" })).toMatch(/choose which to keep/);
    expect(friendlyMessage({ code: "invalid_query", message: "minYear must not be greater than maxYear" })).toBe(
      "Please check your input: minYear must not be greater than maxYear",
    );
  });
  it("shows the backend's message for other codes", () => {
    expect(friendlyMessage({ code: "export", message: "cannot write /nope/stock.csv" })).toBe("cannot write /nope/stock.csv");
    expect(friendlyMessage(new BackendError("internal", ""))).toBe("Something went wrong. Try again.");
  });
  it("copes with a code this UI does not know (a newer backend's)", () => {
    expect(friendlyMessage({ code: "weird", message: "" })).toBe("Something went wrong. Try again.");
  });
});

describe("events and export", () => {
  it("listening without a Tauri runtime is harmless", async () => {
    const un = await onSyncProgress(() => {});
    expect(typeof un).toBe("function");
    un();
  });

  it("exports through the backend, which asks where to save: the page sends no path", async () => {
    invoke.mockResolvedValue({ rows: 500, path: "/tmp/inventory.csv" });
    await expect(exportCsvWithDialog("vehicles")).resolves.toEqual({ rows: 500, path: "/tmp/inventory.csv" });
    expect(invoke).toHaveBeenCalledWith("export_csv", { kind: "vehicles" });
  });

  it("does nothing when the dialog is cancelled", async () => {
    invoke.mockResolvedValue(null);
    await expect(exportCsvWithDialog("customers")).resolves.toBeNull();
  });
});
