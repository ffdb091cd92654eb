// Hash router: #/dashboard, #/leads, #/leads/:id, #/tasks, #/inventory, #/inventory/:id, #/customers, #/customers/:id,
// #/test-drives, #/calendar, #/connections. A query after "?" carries view state (e.g. inventory filters),
// so a filtered list survives reloads and Back/Forward.

export type RouteName = "dashboard" | "leads" | "tasks" | "inventory" | "customers" | "test-drives" | "calendar" | "connections";

export type Route =
  | { name: "dashboard" }
  | { name: "inventory"; id: string | null }
  | { name: "customers"; id: string | null }
  | { name: "leads"; id: string | null }
  | { name: "tasks" }
  | { name: "test-drives" }
  | { name: "calendar" }
  | { name: "connections" };

export interface Location {
  route: Route;
  params: URLSearchParams;
}

export const DEFAULT_ROUTE: Route = { name: "dashboard" };

function decode(segment: string): string | null {
  try {
    const s = decodeURIComponent(segment);
    return s.length > 0 ? s : null;
  } catch {
    return null;
  }
}

/** Parse `location.hash` ("#/inventory/abc?brand=x"). Unknown paths fall back to the dashboard. */
export function parseHash(hash: string): Location {
  const raw = hash.replace(/^#/, "");
  const q = raw.indexOf("?");
  const path = q >= 0 ? raw.slice(0, q) : raw;
  const params = new URLSearchParams(q >= 0 ? raw.slice(q + 1) : "");
  const parts = path.split("/").filter((p) => p.length > 0);
  const [head, id, extra] = parts;
  let route: Route = DEFAULT_ROUTE;
  if (extra === undefined) {
    switch (head) {
      case "dashboard":
        if (id === undefined) route = { name: "dashboard" };
        break;
      case "inventory":
      case "leads":
      case "customers": {
        const decoded = id === undefined ? null : decode(id);
        if (id === undefined || decoded !== null) route = { name: head, id: decoded };
        break;
      }
      case "test-drives":
      case "calendar":
      case "tasks":
      case "connections":
        if (id === undefined) route = { name: head };
        break;
    }
  }
  return { route, params: route === DEFAULT_ROUTE && head !== "dashboard" ? new URLSearchParams() : params };
}

/** The hash for a route (+ optional query). */
export function formatHash(route: Route, params?: URLSearchParams | Record<string, string>): string {
  let path = `#/${route.name}`;
  if ((route.name === "inventory" || route.name === "customers" || route.name === "leads") && route.id) path += `/${encodeURIComponent(route.id)}`;
  const qs = params ? new URLSearchParams(params).toString() : "";
  return qs ? `${path}?${qs}` : path;
}

/** Go to a route. `replace` does not add a history entry (used while typing in filters). */
export function navigate(route: Route, params?: URLSearchParams | Record<string, string>, opts: { replace?: boolean } = {}): void {
  const hash = formatHash(route, params);
  if (location.hash === hash) return;
  if (opts.replace) {
    history.replaceState(history.state, "", hash);
    window.dispatchEvent(new HashChangeEvent("hashchange"));
  } else {
    location.hash = hash;
  }
}

export function currentLocation(): Location {
  return parseHash(location.hash);
}

/** Call `cb` now and on every hash change. Returns an unsubscribe function. */
export function startRouter(cb: (loc: Location) => void): () => void {
  const handler = () => cb(currentLocation());
  window.addEventListener("hashchange", handler);
  handler();
  return () => window.removeEventListener("hashchange", handler);
}
