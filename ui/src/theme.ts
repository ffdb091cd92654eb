// Light/dark theme: follows prefers-color-scheme until the user picks one with the toggle;
// the choice is kept in localStorage. Sets <html data-theme> and fires "themechange" on
// <html> so charts can recolour. Also marks <html data-platform> for the font stack.

export type Theme = "light" | "dark";
const KEY = "dealer-console.theme";

function stored(): Theme | null {
  try {
    const v = localStorage.getItem(KEY);
    return v === "light" || v === "dark" ? v : null;
  } catch {
    return null;
  }
}

function systemTheme(): Theme {
  return typeof matchMedia === "function" && matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
}

export function currentTheme(): Theme {
  const t = document.documentElement.dataset["theme"];
  return t === "dark" ? "dark" : "light";
}

export function applyTheme(theme: Theme): void {
  const root = document.documentElement;
  if (root.dataset["theme"] === theme) return;
  root.dataset["theme"] = theme;
  root.style.colorScheme = theme;
  root.dispatchEvent(new CustomEvent("themechange", { detail: theme }));
}

/** Flip and remember. */
export function toggleTheme(): Theme {
  const next: Theme = currentTheme() === "dark" ? "light" : "dark";
  try {
    localStorage.setItem(KEY, next);
  } catch {
    /* not persisted */
  }
  applyTheme(next);
  return next;
}

/** The desktop the app runs on, from the web view's user agent: the stylesheet picks the
 *  font stack per platform (`:root[data-platform]`). */
export function platformOf(userAgent: string): "linux" | "macos" | "windows" | "other" {
  if (/Windows/.test(userAgent)) return "windows";
  if (/Macintosh|Mac OS X/.test(userAgent)) return "macos";
  if (/Linux|X11/.test(userAgent) && !/Android/.test(userAgent)) return "linux";
  return "other";
}

/** Apply the stored or system theme and follow system changes while nothing is stored. */
export function initTheme(): void {
  document.documentElement.dataset["platform"] = platformOf(navigator.userAgent);
  applyTheme(stored() ?? systemTheme());
  if (typeof matchMedia !== "function") return;
  const mq = matchMedia("(prefers-color-scheme: dark)");
  mq.addEventListener?.("change", () => {
    if (stored() === null) applyTheme(systemTheme());
  });
}
