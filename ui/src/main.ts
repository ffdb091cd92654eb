// Boot: theme, the app shell (top bar, banners, side navigation, main area), the status
// feed, the hash router (first screen: dashboard), and global keys ("/" focuses search,
// Esc closes the open panel).

import { h } from "./dom";
import { initTheme } from "./theme";
import { startStatusFeed } from "./state";
import { DEFAULT_ROUTE, formatHash, startRouter } from "./router";
import type { Location, Route, RouteName } from "./router";
import { createStatusBar } from "./components/status-bar";
import { dashboardView, prefetchDashboard } from "./views/dashboard";
import { inventoryView } from "./views/inventory";
import { customersView } from "./views/customers";
import { testDrivesView } from "./views/test-drives";
import { calendarView } from "./views/calendar";
import { connectionsView } from "./views/connections";
import { leadsView } from "./views/leads";
import { tasksView } from "./views/tasks";
import { leadBadge, refreshLeadBadge } from "./views/lead-badge";
import { appState } from "./state";
import type { View, ViewFactory } from "./views/view";
import { isTyping } from "./dom";

const VIEWS: Record<RouteName, ViewFactory> = {
  dashboard: () => dashboardView(),
  leads: (loc) => leadsView(loc),
  tasks: (loc) => tasksView(loc),
  inventory: (loc) => inventoryView(loc),
  customers: (loc) => customersView(loc),
  "test-drives": (loc) => testDrivesView(loc),
  calendar: (loc) => calendarView(loc),
  connections: () => connectionsView(),
};

const routeFor = (name: RouteName): Route => (name === "inventory" || name === "customers" || name === "leads" ? { name, id: null } : { name });

const NAV: Array<{ name: RouteName; label: string; icon: string }> = [
  { name: "dashboard", label: "Dashboard", icon: "◧" },
  { name: "leads", label: "Inbox", icon: "✉" },
  { name: "tasks", label: "Tasks", icon: "☑" },
  { name: "inventory", label: "Inventory", icon: "▤" },
  { name: "customers", label: "Customers", icon: "☺" },
  { name: "test-drives", label: "Test drives", icon: "◷" },
  { name: "calendar", label: "Calendar", icon: "▦" },
  { name: "connections", label: "Connections", icon: "⇄" },
];

export function mountApp(root: HTMLElement): () => void {
  initTheme();
  const bar = createStatusBar();
  const links = new Map<RouteName, HTMLAnchorElement>();
  const nav = h(
    "nav",
    { class: "sidebar", "aria-label": "Main" },
    h(
      "ul",
      null,
      NAV.map((n) => {
        const a = h("a", { href: formatHash(routeFor(n.name)), class: "nav-link", "data-testid": `nav-${n.name}` }, h("span", { class: "nav-icon", "aria-hidden": "true" }, n.icon), h("span", null, n.label), n.name === "leads" ? leadBadge() : null);
        links.set(n.name, a);
        return h("li", null, a);
      }),
    ),
    // Toasts stand in the sidebar's free space, under the navigation: they never cover
    // the content, and the content never moves under the pointer when one comes or goes.
    h("div", { class: "toasts toasts-docked", id: "toasts", role: "status", "aria-live": "polite", "aria-atomic": "false" }),
    h("p", { class: "sidebar-hint muted" }, "Press / to search"),
  );
  const main = h("main", { id: "main", class: "content", tabindex: -1 });
  const skip = h("a", { href: "#main", class: "skip-link", onclick: (ev: Event) => { ev.preventDefault(); main.focus(); } }, "Skip to content");
  root.replaceChildren(skip, bar.top, bar.banners, h("div", { class: "shell" }, nav, main));

  let current: { name: RouteName; view: View } | null = null;

  const show = (loc: Location) => {
    const name = loc.route.name;
    for (const [n, a] of links) {
      if (n === name) a.setAttribute("aria-current", "page");
      else a.removeAttribute("aria-current");
    }
    if (current && current.name === name && current.view.update) {
      current.view.update(loc);
      return;
    }
    const previous = current;
    previous?.view.dispose?.();
    const view = VIEWS[name](loc);
    current = { name, view };
    main.replaceChildren(view.el);
    document.title = `${NAV.find((n) => n.name === name)?.label ?? "Dashboard"} · CarStrel Dealer Console`;
    // Setting it forces a layout: not for the first screen, which starts at the top anyway
    // and should be laid out once, with its data.
    if (previous) main.scrollTop = 0;
  };

  const onKey = (ev: KeyboardEvent) => {
    if (ev.defaultPrevented) return;
    if (ev.key === "/" && !ev.ctrlKey && !ev.metaKey && !ev.altKey && !isTyping(ev.target)) {
      if (current?.view.focusSearch?.()) ev.preventDefault();
    } else if (ev.key === "Escape") {
      if (current?.view.onEscape?.()) ev.preventDefault();
    }
  };
  document.addEventListener("keydown", onKey);

  const stopFeed = startStatusFeed();
  // A sync may bring new leads: the badge follows the last sync.
  let lastSynced: string | null | undefined;
  const stopBadge = appState.subscribe((st) => {
    const at = st.status?.lastSyncedAt;
    if (at !== lastSynced) {
      lastSynced = at;
      refreshLeadBadge();
    }
  });
  if (!location.hash) history.replaceState(null, "", formatHash(DEFAULT_ROUTE));
  const stopRouter = startRouter(show);

  return () => {
    stopRouter();
    stopFeed();
    stopBadge();
    bar.dispose();
    current?.view.dispose?.();
    document.removeEventListener("keydown", onKey);
  };
}

/** How long the window may stay blank waiting for the first screen's data, so that its
 *  first frame shows the dashboard rather than a skeleton followed by the dashboard. */
const FIRST_SCREEN_WAIT_MS = 250;

const root = document.getElementById("app");
if (root) {
  const opensOnDashboard = !location.hash || location.hash === formatHash(DEFAULT_ROUTE);
  if (opensOnDashboard) {
    const waited = new Promise((resolve) => setTimeout(resolve, FIRST_SCREEN_WAIT_MS));
    void Promise.race([prefetchDashboard().catch(() => undefined), waited]).then(() => mountApp(root));
  } else {
    mountApp(root);
  }
}
