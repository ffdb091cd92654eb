import { describe, expect, it, vi } from "vitest";
import { addTag, createTagsEditor, normalizeTag, removeTag } from "../src/components/tags-editor";

describe("tag rules", () => {
  it("trims, collapses spaces and caps length", () => {
    expect(normalizeTag("  hot   lead ")).toBe("hot lead");
    expect(normalizeTag("   ")).toBe("");
    expect(normalizeTag("x".repeat(100))).toHaveLength(40);
  });
  it("adds without duplicates (case-insensitive) or empties", () => {
    const tags = ["fleet"];
    expect(addTag(tags, " VIP ")).toEqual(["fleet", "VIP"]);
    expect(addTag(tags, "Fleet")).toBe(tags);
    expect(addTag(tags, "  ")).toBe(tags);
  });
  it("removes", () => {
    expect(removeTag(["a", "b", "c"], "b")).toEqual(["a", "c"]);
    const t = ["a"];
    expect(removeTag(t, "z")).toBe(t);
  });
});

function key(el: HTMLElement, k: string) {
  el.dispatchEvent(new KeyboardEvent("keydown", { key: k, bubbles: true, cancelable: true }));
}

describe("tags editor", () => {
  it("adds with Enter, dedupes, and removes with × and Backspace", () => {
    const onChange = vi.fn();
    const ed = createTagsEditor({ tags: ["fleet"], onChange });
    document.body.append(ed.el);
    const chips = () => [...ed.el.querySelectorAll('[data-testid="tag-chip"]')].map((c) => c.querySelector(".tag-text")?.textContent);

    ed.input.value = "  trade-in ";
    key(ed.input, "Enter");
    expect(onChange).toHaveBeenLastCalledWith(["fleet", "trade-in"]);
    expect(chips()).toEqual(["fleet", "trade-in"]);
    expect(ed.input.value).toBe("");

    ed.input.value = "FLEET";
    key(ed.input, "Enter");
    expect(onChange).toHaveBeenCalledTimes(1); // duplicate: no change

    ed.el.querySelector<HTMLButtonElement>('[aria-label="Remove tag fleet"]')?.click();
    expect(onChange).toHaveBeenLastCalledWith(["trade-in"]);

    key(ed.input, "Backspace"); // empty input: removes the last tag
    expect(onChange).toHaveBeenLastCalledWith([]);
    expect(chips()).toEqual([]);

    key(ed.input, "Backspace"); // nothing left: no change
    expect(onChange).toHaveBeenCalledTimes(3);
  });

  it("does not remove a tag on Backspace while typing", () => {
    const onChange = vi.fn();
    const ed = createTagsEditor({ tags: ["a"], onChange });
    ed.input.value = "b";
    key(ed.input, "Backspace");
    expect(onChange).not.toHaveBeenCalled();
  });

  it("shows tag text as text", () => {
    const ed = createTagsEditor({ tags: ["<img src=x onerror=alert(1)>"], onChange: () => {} });
    expect(ed.el.querySelector("img")).toBeNull();
    expect(ed.el.querySelector(".tag-text")?.textContent).toBe("<img src=x onerror=alert(1)>");
  });
});
