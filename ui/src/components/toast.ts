// Toasts: short messages in a polite live region at the bottom right. Errors stay longer
// and use the dealer-friendly text from backend.friendlyMessage.

import { h } from "../dom";
import { friendlyMessage } from "../backend";

export type ToastKind = "info" | "success" | "error";

let region: HTMLElement | null = null;

function ensureRegion(): HTMLElement {
  if (region && region.isConnected) return region;
  region = h("div", { class: "toasts", role: "status", "aria-live": "polite", "aria-atomic": "false" });
  document.body.appendChild(region);
  return region;
}

/** Show a toast; returns a function that dismisses it. */
export function toast(message: string, kind: ToastKind = "info", timeoutMs?: number): () => void {
  const host = ensureRegion();
  const close = () => {
    item.classList.add("is-leaving");
    setTimeout(() => item.remove(), 150);
  };
  const item = h(
    "div",
    { class: `toast toast-${kind}`, "data-testid": "toast", role: kind === "error" ? "alert" : null },
    h("span", { class: "toast-icon", "aria-hidden": "true" }, kind === "error" ? "!" : kind === "success" ? "✓" : "i"),
    h("p", { class: "toast-text" }, message),
    h("button", { class: "icon-btn toast-close", type: "button", "aria-label": "Dismiss", onclick: close }, "×"),
  );
  host.appendChild(item);
  while (host.children.length > 4) host.firstElementChild?.remove();
  const ms = timeoutMs ?? (kind === "error" ? 9000 : 4500);
  if (ms > 0) setTimeout(close, ms);
  return close;
}

/** Toast for a failed backend call. */
export function toastError(error: unknown, prefix?: string): void {
  const text = friendlyMessage(error);
  toast(prefix ? `${prefix}: ${text}` : text, "error");
}
