// The inbox's count badge in the navigation: leads nobody has answered yet, refreshed
// after each sync (the status feed) and after lead work here.

import { api } from "../backend";

let badgeEl: HTMLElement | null = null;

/** The badge element for the navigation (one per app). */
export function leadBadge(): HTMLElement {
  badgeEl = document.createElement("span");
  badgeEl.className = "nav-badge";
  badgeEl.setAttribute("data-testid", "nav-leads-count");
  badgeEl.hidden = true;
  refreshLeadBadge();
  return badgeEl;
}

/** Asks the cache how many leads are new and shows it (nothing when none, or no inbox). */
export function refreshLeadBadge(): void {
  const el = badgeEl;
  if (!el) return;
  void api
    .newLeadCount()
    .then((n) => {
      el.textContent = n > 0 ? String(n) : "";
      el.hidden = n === 0;
      el.setAttribute("aria-label", `${n} new`);
    })
    .catch(() => undefined);
}
