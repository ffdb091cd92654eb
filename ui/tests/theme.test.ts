// The font stack is chosen per platform from the web view's user agent.
import { describe, expect, it } from "vitest";
import { initTheme, platformOf } from "../src/theme";

describe("platformOf", () => {
  it("recognises the web views Tauri runs on", () => {
    expect(platformOf("Mozilla/5.0 (X11; Ubuntu; Linux x86_64) AppleWebKit/605.1.15 (KHTML, like Gecko)")).toBe("linux");
    expect(platformOf("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko)")).toBe("macos");
    expect(platformOf("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0")).toBe("windows");
  });

  it("does not take Android for a Linux desktop", () => {
    expect(platformOf("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Mobile Safari/537.36")).toBe("other");
  });
});

describe("initTheme", () => {
  it("marks the platform on <html> for the stylesheet", () => {
    initTheme();
    expect(document.documentElement.dataset["platform"]).toBe(platformOf(navigator.userAgent));
  });
});
