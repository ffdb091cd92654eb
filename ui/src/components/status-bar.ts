// The always-visible top bar: profile + TEST/LIVE badge, online state, last sync, outbox,
// conflicts, "Sync now", theme toggle; and under it the offline banner and the sync
// progress bar. Everything re-renders from appState.

import { h, replaceChildren } from "../dom";
import { api } from "../backend";
import type { AppStatus, Conflict, SyncProgress, SyncReport } from "../backend";
import { appState, bumpData, refreshStatus } from "../state";
import { label, num, plural, relativeTime, dateTime } from "../format";
import { toast, toastError } from "./toast";
import { currentTheme, toggleTheme } from "../theme";
import { navigate } from "../router";

export function reportText(r: SyncReport): string {
  const parts: string[] = [];
  const received = r.vehicles + r.customers + r.testDrives + r.leads + r.tasks;
  if (received > 0) parts.push(`${plural(received, "record", "records")} updated`);
  if (r.deleted > 0) parts.push(`${num(r.deleted)} removed`);
  if (r.sent > 0) parts.push(`${plural(r.sent, "change", "changes")} sent`);
  if (r.unconfirmed > 0) parts.push(`${plural(r.unconfirmed, "booking", "bookings")} to check on the Test drives page`);
  if (parts.length === 0) parts.push("everything is up to date");
  return `Sync finished: ${parts.join(", ")}.`;
}

export function progressText(p: SyncProgress, firstDownload = false): string {
  const verb = firstDownload ? "Downloading" : "Syncing";
  const phase = p.phase === "outbox" ? "your changes" : label(p.phase).toLowerCase();
  const count = p.total !== null && p.total > 0 ? `${num(p.done)} of ${num(p.total)}` : `${num(p.done)} so far`;
  return `${verb} ${phase} — ${count}${firstDownload ? " (first download, for offline use)" : ""}`;
}

function conflictTitle(c: Conflict): string {
  const m = c.mine as { user?: { firstName?: unknown; lastName?: unknown }; name?: unknown } | null;
  if (c.entity === "customer" && m && typeof m === "object" && m.user) {
    const n = `${String(m.user.firstName ?? "")} ${String(m.user.lastName ?? "")}`.trim();
    if (n) return `Customer ${n}`;
  }
  if (c.entity === "testDrive" && m && typeof m.name === "string") return `Test drive for ${m.name}`;
  return c.entity === "customer" ? "A customer" : "A test drive";
}

let syncRunning = false;

/** Run a sync with progress, then toast what it did. Shared by "Sync now" and empty states. */
export async function runSync(full = false): Promise<void> {
  if (syncRunning) return;
  syncRunning = true;
  const versionBefore = appState.get().dataVersion;
  appState.set((prev) => ({ ...prev, progress: prev.progress ?? { phase: "metadata", done: 0, total: null } }));
  try {
    const report = await api.syncNow(full);
    toast(reportText(report), "success", { topic: "sync" });
    if (report.conflicts > 0) toast(`${plural(report.conflicts, "change needs", "changes need")} your decision — open the conflicts in the top bar.`, "error");
  } catch (e) {
    toastError(e, "Sync failed", "sync");
  } finally {
    syncRunning = false;
    appState.set((prev) => ({ ...prev, progress: null }));
    await refreshStatus();
    // Views reload when a sync ends; the status feed usually saw it end already.
    if (appState.get().dataVersion === versionBefore) bumpData();
  }
}

export function createStatusBar(): { top: HTMLElement; banners: HTMLElement; dispose(): void } {
  const profileName = h("span", { class: "profile-name", "data-testid": "profile-name" }, "…");
  const envBadge = h("span", { class: "env-badge", "data-testid": "env-badge" }, "");
  const profile = h(
    "a",
    { class: "profile", href: "#/connections", title: "Connections" },
    h("span", { class: "profile-label" }, "Profile"),
    profileName,
    envBadge,
  );
  const onlineDot = h("span", { class: "dot", "aria-hidden": "true" });
  const onlineText = h("span", null, "…");
  const online = h("span", { class: "online-state", "data-testid": "online-state" }, onlineDot, onlineText);
  const lastSynced = h("span", { class: "last-synced", "data-testid": "last-synced" }, "");
  const outbox = h("span", { class: "outbox", "data-testid": "outbox-count" }, "");
  const conflictsBtn = h("button", { class: "conflicts-btn", type: "button", "data-testid": "conflicts-link", hidden: true, "aria-haspopup": "true", "aria-expanded": "false" });
  const conflictsMenu = h("div", { class: "popover", hidden: true, role: "dialog", "aria-label": "Conflicts" });
  const conflicts = h("div", { class: "conflicts" }, conflictsBtn, conflictsMenu);
  const syncBtn = h("button", { class: "btn btn-primary btn-small", type: "button", "data-testid": "sync-now" }, "Sync now");
  const themeBtn = h("button", { class: "icon-btn theme-toggle", type: "button", "data-testid": "theme-toggle" });

  const top = h(
    "header",
    { class: "topbar" },
    h("a", { class: "brand", href: "#/dashboard" }, h("span", { class: "brand-mark", "aria-hidden": "true" }, "C"), h("span", { class: "brand-text" }, "CarStrel", h("small", null, "Dealer Console"))),
    profile,
    h("div", { class: "topbar-status", role: "group", "aria-label": "Connection and sync" }, online, lastSynced, outbox, conflicts),
    h("div", { class: "topbar-actions" }, syncBtn, themeBtn),
  );

  const offlineBanner = h(
    "div",
    { class: "banner banner-offline", "data-testid": "offline-banner", role: "status", hidden: true },
    h("strong", null, "Working offline"),
    " — changes are saved and will sync when the connection is back.",
  );
  const progressFill = h("div", { class: "progress-fill" });
  const progressLabel = h("span", { class: "progress-label" });
  const progress = h(
    "div",
    { class: "sync-progress", "data-testid": "sync-progress", role: "progressbar", "aria-label": "Sync progress", hidden: true },
    h("div", { class: "progress-track" }, progressFill),
    progressLabel,
  );
  const statusError = h("div", { class: "banner banner-error", role: "alert", hidden: true });
  const banners = h("div", { class: "banners" }, offlineBanner, progress, statusError);

  function renderTheme(): void {
    const dark = currentTheme() === "dark";
    themeBtn.textContent = dark ? "☀" : "☾";
    themeBtn.setAttribute("aria-label", dark ? "Switch to light theme" : "Switch to dark theme");
    themeBtn.title = themeBtn.getAttribute("aria-label") ?? "";
  }

  function renderStatus(s: AppStatus | null, p: SyncProgress | null, err: string | null): void {
    if (s) {
      profileName.textContent = s.profile.displayName;
      const live = s.profile.environment === "live";
      envBadge.textContent = live ? "LIVE" : "TEST";
      envBadge.className = `env-badge ${live ? "env-live" : "env-test"}`;
      envBadge.title = live ? "Live data: changes affect real customers" : "Test data: safe to experiment";
      online.classList.toggle("is-offline", !s.online);
      onlineText.textContent = s.online ? "Online" : "Offline";
      lastSynced.textContent = !s.hasFullCopy && s.syncing ? "first download…" : s.lastSyncedAt ? `synced ${relativeTime(s.lastSyncedAt)}` : "never synced";
      lastSynced.title = s.lastSyncedAt ? `Last synced ${dateTime(s.lastSyncedAt)}` : "Not synced yet";
      outbox.textContent = s.pendingOutbox > 0 ? `${plural(s.pendingOutbox, "change", "changes")} waiting to sync` : "All changes synced";
      outbox.classList.toggle("has-pending", s.pendingOutbox > 0);
      conflictsBtn.hidden = s.conflicts === 0;
      conflictsBtn.textContent = `⚠ ${plural(s.conflicts, "conflict", "conflicts")}`;
      if (s.conflicts === 0) closeMenu();
      offlineBanner.hidden = s.online;
    }
    const syncing = (s?.syncing ?? false) || p !== null;
    syncBtn.disabled = syncing;
    syncBtn.textContent = syncing ? "Syncing…" : "Sync now";
    progress.hidden = !syncing;
    if (syncing) {
      const cur = p ?? { phase: "metadata", done: 0, total: null };
      const determinate = cur.total !== null && cur.total > 0;
      const pct = determinate ? Math.min(100, Math.round((cur.done / (cur.total ?? 1)) * 100)) : 0;
      progress.classList.toggle("is-indeterminate", !determinate);
      progressFill.style.width = determinate ? `${pct}%` : "";
      if (determinate) {
        progress.setAttribute("aria-valuenow", String(pct));
        progress.setAttribute("aria-valuemin", "0");
        progress.setAttribute("aria-valuemax", "100");
      } else {
        progress.removeAttribute("aria-valuenow");
      }
      progressLabel.textContent = progressText(cur, s !== null && !s.hasFullCopy);
      progress.setAttribute("aria-valuetext", progressLabel.textContent);
    }
    statusError.hidden = err === null || s !== null;
    if (err !== null && s === null) statusError.textContent = `Can't reach the app backend: ${err}`;
  }

  function closeMenu(): void {
    conflictsMenu.hidden = true;
    conflictsBtn.setAttribute("aria-expanded", "false");
  }

  async function openMenu(): Promise<void> {
    let list: Conflict[];
    try {
      list = await api.listConflicts();
    } catch (e) {
      toastError(e);
      return;
    }
    const go = (c: Conflict) => {
      closeMenu();
      if (c.entity === "customer") navigate({ name: "customers", id: c.entityId });
      else navigate({ name: "test-drives" });
    };
    if (list.length === 1 && list[0]) return go(list[0]);
    replaceChildren(
      conflictsMenu,
      h("p", { class: "popover-title" }, "Changed here and on the server — choose which to keep:"),
      list.length === 0
        ? h("p", { class: "muted" }, "No conflicts left.")
        : h(
            "ul",
            { class: "popover-list" },
            list.map((c) => h("li", null, h("button", { type: "button", class: "link-btn", onclick: () => go(c) }, conflictTitle(c)))),
          ),
    );
    conflictsMenu.hidden = false;
    conflictsBtn.setAttribute("aria-expanded", "true");
    conflictsMenu.querySelector<HTMLButtonElement>("button")?.focus();
  }

  conflictsBtn.addEventListener("click", () => (conflictsMenu.hidden ? void openMenu() : closeMenu()));
  conflicts.addEventListener("keydown", (ev) => {
    if (ev.key === "Escape" && !conflictsMenu.hidden) {
      ev.stopPropagation();
      closeMenu();
      conflictsBtn.focus();
    }
  });
  const outside = (ev: MouseEvent) => {
    if (!conflicts.contains(ev.target as Node)) closeMenu();
  };
  document.addEventListener("click", outside);

  syncBtn.addEventListener("click", () => void runSync());

  themeBtn.addEventListener("click", () => {
    toggleTheme();
    renderTheme();
  });

  const render = () => {
    const st = appState.get();
    renderStatus(st.status, st.progress, st.statusError);
  };
  const unsub = appState.subscribe(render);
  const tick = setInterval(render, 30_000); // keep "synced N minutes ago" current
  renderTheme();
  render();

  return {
    top,
    banners,
    dispose() {
      unsub();
      clearInterval(tick);
      document.removeEventListener("click", outside);
    },
  };
}
