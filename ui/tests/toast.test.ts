// Toasts agree with the present: a toast on the same topic replaces the one it
// contradicts, and a handful at most stand at once.
import { describe, expect, it } from "vitest";
import { toast } from "../src/components/toast";

const shown = () => [...document.querySelectorAll<HTMLElement>("[data-testid=toast]")].map((t) => t.textContent ?? "");

describe("toasts", () => {
  it("a 'started' replaces the 'stopped' it contradicts instead of stacking under it", () => {
    toast("Saved the customer.", "success");
    toast("Sandbox server stopped.", "info", { topic: "sandbox" });
    toast("Sandbox server started.", "info", { topic: "sandbox" });
    const texts = shown();
    expect(texts.some((t) => t.includes("stopped"))).toBe(false);
    expect(texts.filter((t) => t.includes("started"))).toHaveLength(1);
    expect(texts.some((t) => t.includes("Saved the customer."))).toBe(true);
  });

  it("never piles more than three over the content", () => {
    for (let i = 0; i < 6; i++) toast(`Message ${i}`);
    expect(shown()).toHaveLength(3);
    expect(shown().at(-1)).toContain("Message 5");
  });
});
