// The chart cards paint before their canvases are drawn: drawing waits until the frame
// showing the card is on screen and for the Chart.js module, and a card disposed before
// then never draws.
import { describe, expect, it, vi } from "vitest";
import { drawAfterPaint } from "../src/components/charts";

/** A canvas that reports a 2D context (jsdom has none; setup.ts stubs it to null). */
function drawableCanvas(): HTMLCanvasElement {
  const canvas = document.createElement("canvas");
  Object.defineProperty(canvas, "getContext", { value: () => ({}) });
  return canvas;
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 100));

describe("drawAfterPaint", () => {
  it("draws after the current frame, with the Chart.js drawing module", async () => {
    const draw = vi.fn(() => () => {});
    drawAfterPaint(drawableCanvas(), draw);
    expect(draw).not.toHaveBeenCalled();
    await vi.waitFor(() => expect(draw).toHaveBeenCalledOnce());
    const module = (draw.mock.calls[0] as unknown as [Record<string, unknown>])[0];
    expect(typeof module["drawBar"]).toBe("function");
    expect(typeof module["drawDoughnut"]).toBe("function");
  });

  it("waits until the frame showing the card has been presented", async () => {
    const frames: FrameRequestCallback[] = [];
    const raf = vi.spyOn(window, "requestAnimationFrame").mockImplementation((callback) => frames.push(callback));
    try {
      const draw = vi.fn(() => () => {});
      drawAfterPaint(drawableCanvas(), draw);
      frames.shift()?.(0); // the frame with the card is being prepared
      await settle();
      expect(draw).not.toHaveBeenCalled();
      frames.shift()?.(16); // that frame is on screen
      await vi.waitFor(() => expect(draw).toHaveBeenCalledOnce());
    } finally {
      raf.mockRestore();
    }
  });

  it("never draws a chart disposed before its frame", async () => {
    const draw = vi.fn(() => () => {});
    const drawing = drawAfterPaint(drawableCanvas(), draw);
    drawing.dispose();
    await settle();
    expect(draw).not.toHaveBeenCalled();
  });

  it("undoes the drawing when disposed after it", async () => {
    const undraw = vi.fn();
    const draw = vi.fn(() => undraw);
    const drawing = drawAfterPaint(drawableCanvas(), draw);
    await vi.waitFor(() => expect(draw).toHaveBeenCalledOnce());
    expect(await drawing.drawn).toBe(true);
    drawing.dispose();
    expect(undraw).toHaveBeenCalledOnce();
  });

  it("leaves a canvas without a 2D context undrawn (the numbers stay in the card)", async () => {
    const draw = vi.fn(() => () => {});
    const drawing = drawAfterPaint(document.createElement("canvas"), draw);
    expect(await drawing.drawn).toBe(false);
    expect(draw).not.toHaveBeenCalled();
  });
});

describe("a chart for a screen reader", () => {
  it("carries its numbers as a table, not only as pixels", async () => {
    const { barChart } = await import("../src/components/charts");
    const chart = barChart("chart-brands", "Top brands", [
      { label: "Toyota", value: 1200 },
      { label: "Kia", value: 7 },
    ]);
    const table = chart.el.querySelector("table[data-testid=chart-data]");
    expect(table?.querySelector("caption")?.textContent).toBe("Top brands");
    const rows = [...(table?.querySelectorAll("tbody tr") ?? [])].map((r) => r.textContent);
    expect(rows).toEqual(["Toyota1,200", "Kia7"]);
    chart.dispose();
  });
});
