import { describe, expect, it, vi } from "vitest";
import { debounce, h, isTyping, replaceChildren } from "../src/dom";

describe("h", () => {
  it("never interprets HTML in children", () => {
    const evil = '<img src=x onerror="alert(1)">';
    const el = h("div", null, evil, h("span", null, `<b>${evil}</b>`));
    expect(el.querySelector("img")).toBeNull();
    expect(el.querySelector("b")).toBeNull();
    expect(el.textContent).toBe(`${evil}<b>${evil}</b>`);
  });
  it("sets attributes literally and refuses string event handlers", () => {
    const el = h("a", { title: '"><script>x</script>', onclick: "alert(1)" as unknown as string, href: "#/x" });
    expect(el.getAttribute("title")).toBe('"><script>x</script>');
    expect(el.hasAttribute("onclick")).toBe(false);
    expect(el.querySelector("script")).toBeNull();
  });
  it("adds real listeners, booleans and skips null children", () => {
    const click = vi.fn();
    const btn = h("button", { onclick: click, disabled: false, "aria-pressed": true }, null, false, undefined, 3, ["a", ["b"]]);
    btn.click();
    expect(click).toHaveBeenCalledOnce();
    expect(btn.hasAttribute("disabled")).toBe(false);
    expect(btn.getAttribute("aria-pressed")).toBe("");
    expect(btn.textContent).toBe("3ab");
  });
  it("sets input values as properties", () => {
    const input = h("input", { value: "<x>" });
    expect(input.value).toBe("<x>");
  });
  it("replaces children", () => {
    const el = h("ul", null, h("li", null, "1"));
    replaceChildren(el, h("li", null, "2"), h("li", null, "3"));
    expect(el.children).toHaveLength(2);
  });
});

describe("helpers", () => {
  it("debounces", () => {
    vi.useFakeTimers();
    const fn = vi.fn();
    const d = debounce(fn, 100);
    d(1);
    d(2);
    vi.advanceTimersByTime(99);
    expect(fn).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(fn).toHaveBeenCalledWith(2);
    d(3);
    d.cancel();
    vi.advanceTimersByTime(200);
    expect(fn).toHaveBeenCalledTimes(1);
    vi.useRealTimers();
  });
  it("knows when the user is typing", () => {
    expect(isTyping(h("input", { type: "text" }))).toBe(true);
    expect(isTyping(h("input", { type: "checkbox" }))).toBe(false);
    expect(isTyping(h("textarea"))).toBe(true);
    expect(isTyping(h("button"))).toBe(false);
    expect(isTyping(null)).toBe(false);
  });
});
