// The chart cards paint before their canvases are drawn: drawing waits for the next frame
// and the Chart.js module, and a card disposed before then never draws.
import { describe, expect, it, vi } from "vitest";
import { drawAfterNextPaint } from "../src/components/charts";

/** A canvas that reports a 2D context (jsdom has none; setup.ts stubs it to null). */
function drawableCanvas(): HTMLCanvasElement {
  const canvas = document.createElement("canvas");
  Object.defineProperty(canvas, "getContext", { value: () => ({}) });
  return canvas;
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 100));

describe("drawAfterNextPaint", () => {
  it("draws after the current frame, with the Chart.js drawing module", async () => {
    const draw = vi.fn(() => () => {});
    drawAfterNextPaint(drawableCanvas(), draw);
    expect(draw).not.toHaveBeenCalled();
    await vi.waitFor(() => expect(draw).toHaveBeenCalledOnce());
    const module = (draw.mock.calls[0] as unknown as [Record<string, unknown>])[0];
    expect(typeof module["drawBar"]).toBe("function");
    expect(typeof module["drawDoughnut"]).toBe("function");
  });

  it("never draws a chart disposed before its frame", async () => {
    const draw = vi.fn(() => () => {});
    const dispose = drawAfterNextPaint(drawableCanvas(), draw);
    dispose();
    await settle();
    expect(draw).not.toHaveBeenCalled();
  });

  it("undoes the drawing when disposed after it", async () => {
    const undraw = vi.fn();
    const draw = vi.fn(() => undraw);
    const dispose = drawAfterNextPaint(drawableCanvas(), draw);
    await vi.waitFor(() => expect(draw).toHaveBeenCalledOnce());
    dispose();
    expect(undraw).toHaveBeenCalledOnce();
  });

  it("leaves a canvas without a 2D context undrawn (the numbers stay in the card)", async () => {
    const draw = vi.fn(() => () => {});
    drawAfterNextPaint(document.createElement("canvas"), draw);
    await settle();
    expect(draw).not.toHaveBeenCalled();
  });
});
