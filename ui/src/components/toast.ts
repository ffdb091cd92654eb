// Toasts: short messages in a polite live region at the bottom right. Errors stay longer
// and use the dealer-friendly text from backend.friendlyMessage.

import { h } from "../dom";
import { friendlyMessage } from "../backend";

export type ToastKind = "info" | "success" | "error";

let region: HTMLElement | null = null;

function ensureRegion(): HTMLElement {
  if (region && region.isConnected) return region;
  // The app shell's dock under the content; a floating corner only without the shell.
  const dock = document.getElementById("toasts");
  if (dock) return (region = dock);
  region = h("div", { class: "toasts", role: "status", "aria-live": "polite", "aria-atomic": "false" });
  document.body.appendChild(region);
  return region;
}

/** How long a toast stays, and which earlier toast it supersedes. */
export interface ToastOptions {
  timeoutMs?: number;
  /**
   * Toasts about the same thing (say "sandbox" or "connection") replace each other, so a
   * "started" never stacks under the "stopped" it contradicts.
   */
  topic?: string;
}

/** Show a toast; returns a function that dismisses it. */
export function toast(message: string, kind: ToastKind = "info", options: number | ToastOptions = {}): () => void {
  const { timeoutMs, topic } = typeof options === "number" ? { timeoutMs: options, topic: undefined } : options;
  const host = ensureRegion();
  if (topic) {
    for (const earlier of host.querySelectorAll<HTMLElement>(".toast")) {
      if (earlier.dataset.topic === topic) earlier.remove();
    }
  }
  const close = () => {
    item.classList.add("is-leaving");
    setTimeout(() => item.remove(), 150);
  };
  const item = h(
    "div",
    { class: `toast toast-${kind}`, "data-testid": "toast", "data-topic": topic ?? null, role: kind === "error" ? "alert" : null },
    h("span", { class: "toast-icon", "aria-hidden": "true" }, kind === "error" ? "!" : kind === "success" ? "✓" : "i"),
    h("p", { class: "toast-text" }, message),
    h("button", { class: "icon-btn toast-close", type: "button", "aria-label": "Dismiss", onclick: close }, "×"),
  );
  host.appendChild(item);
  // At most three at once: older news gives way rather than piling over the content.
  while (host.children.length > 3) host.firstElementChild?.remove();
  const ms = timeoutMs ?? (kind === "error" ? 9000 : 4500);
  if (ms > 0) setTimeout(close, ms);
  return close;
}

/** Toast for a failed backend call. */
export function toastError(error: unknown, prefix?: string, topic?: string): void {
  const text = friendlyMessage(error);
  toast(prefix ? `${prefix}: ${text}` : text, "error", { topic });
}
