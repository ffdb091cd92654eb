// Test environment shims for jsdom: no canvas (charts fall back to their number lists),
// no layout (the virtual table uses its fallback height), no matchMedia / scrollTo.
import { afterEach } from "vitest";

import { settings } from "../src/format";

settings.locale = "en-US";
settings.currency = "USD";

Object.defineProperty(HTMLCanvasElement.prototype, "getContext", { value: () => null, configurable: true });
if (!Element.prototype.scrollTo) Object.defineProperty(Element.prototype, "scrollTo", { value() {}, configurable: true });
if (!Element.prototype.scrollIntoView) Object.defineProperty(Element.prototype, "scrollIntoView", { value() {}, configurable: true });
if (!window.matchMedia) {
  Object.defineProperty(window, "matchMedia", {
    configurable: true,
    value: (query: string) => ({ matches: false, media: query, onchange: null, addEventListener() {}, removeEventListener() {}, addListener() {}, removeListener() {}, dispatchEvent: () => false }),
  });
}

afterEach(() => {
  localStorage.clear();
});
