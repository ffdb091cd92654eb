// Test environment shims for jsdom: no canvas (charts fall back to their number lists),
// no layout (the virtual table uses its fallback height), no matchMedia / scrollTo, no
// CSS.escape (the webviews have it; here ids are escaped the way it escapes them).
import { afterEach } from "vitest";

import { settings } from "../src/format";

settings.locale = "en-US";
settings.currency = "USD";

Object.defineProperty(HTMLCanvasElement.prototype, "getContext", { value: () => null, configurable: true });
if (!Element.prototype.scrollTo) Object.defineProperty(Element.prototype, "scrollTo", { value() {}, configurable: true });
if (!Element.prototype.scrollIntoView) Object.defineProperty(Element.prototype, "scrollIntoView", { value() {}, configurable: true });
if (typeof CSS === "undefined" || !CSS.escape) {
  const escape = (value: string) => value.replace(/^\d|[^\w-]/g, (c) => (/\d/.test(c) ? `\\${c.charCodeAt(0).toString(16)} ` : `\\${c}`));
  Object.defineProperty(globalThis, "CSS", { configurable: true, value: { ...(globalThis.CSS ?? {}), escape } });
}
if (!window.matchMedia) {
  Object.defineProperty(window, "matchMedia", {
    configurable: true,
    value: (query: string) => ({ matches: false, media: query, onchange: null, addEventListener() {}, removeEventListener() {}, addListener() {}, removeListener() {}, dispatchEvent: () => false }),
  });
}

afterEach(() => {
  localStorage.clear();
});
