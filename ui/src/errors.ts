// What a failed backend call is, and the words a dealer reads for it.
//
// The codes come from Rust (`ErrorCode` in crates/console-core/src/error.rs, generated into
// ../generated/bindings.ts); two more are the UI's own, for failures no Rust code answered.
// The words for every code live here, in one exhaustive `switch`: they point at this
// window's screens and gestures, which Rust's messages (printed as-is by the CLI) cannot.
// Rust's message is the detail, shown where the detail is the point.

import type { ErrorCode } from "../generated/bindings";

/** Failures the Rust side never reported: no app backend at all, or something unexpected thrown. */
export type LocalErrorCode = "no_backend" | "internal";

/** Every code a `BackendError` can carry. */
export type AnyErrorCode = ErrorCode | LocalErrorCode;

/** A failed backend call: `code` to branch on, `message` the backend's detail. */
export class BackendError extends Error {
  readonly code: AnyErrorCode;
  constructor(code: AnyErrorCode, message: string) {
    super(message);
    this.name = "BackendError";
    this.code = code;
  }
}

const CHECK_INPUT = "Please check your input and try again.";
const SOMETHING_WRONG = "Something went wrong. Try again.";

/** The text for a toast or an inline error about a failure with `code` and the backend's `detail`. */
export function errorText(code: AnyErrorCode, detail: string): string {
  switch (code) {
    case "offline":
      return "You're offline — this will be sent when you reconnect.";
    case "unauthorized":
      return "The API key was refused. Check it in Connections.";
    case "forbidden":
      return "This API key isn't allowed to do that. Ask an admin for a key with the right access.";
    case "not_found":
      return "That record no longer exists — it may have been removed. Refresh the list.";
    case "conflict":
      return "Someone else changed this record at the same time. Compare both versions and choose which to keep.";
    case "rate_limited":
      return "The server is busy right now. Wait a minute and try again.";
    case "cache_busy":
      return "The offline copy is busy for a moment. Try again.";
    case "no_backend":
      return "The app backend isn't running. Restart the Dealer Console.";
    case "never_synced":
      return "Not synced yet: this computer has no copy of your data. Press Sync now once the server can be reached.";
    // Refusals: the detail says what to fix.
    case "invalid_query":
    case "invalid_change":
    case "invalid_profile":
      return detail ? `Please check your input: ${detail}` : CHECK_INPUT;
    // The detail is the most useful thing to say.
    case "cache_database":
    case "cache_migration":
    case "cache_corrupt":
    case "server_error":
    case "api_error":
    case "cancelled":
    case "export":
    case "keychain":
    case "sandbox":
    case "data_dir":
    case "internal":
      return detail || SOMETHING_WRONG;
    default:
      return unknownCode(code, detail);
  }
}

/** Compiles only while the switch above names every code; at run time, a newer backend's code. */
function unknownCode(code: never, detail: string): string {
  void code;
  return detail || SOMETHING_WRONG;
}
