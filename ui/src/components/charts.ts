// Dashboard chart cards. Every chart shows its numbers: bars carry value labels, doughnuts
// a legend with counts and shares, and the canvas has an aria-label listing every value.
// The card paints first; Chart.js (chart-draw.ts) draws into it a frame later.

import { h } from "../dom";
import { num } from "../format";

export interface Datum {
  label: string;
  value: number;
}

export interface ChartHandle {
  el: HTMLElement;
  dispose(): void;
}

function canDraw(canvas: HTMLCanvasElement): boolean {
  try {
    return typeof canvas.getContext === "function" && canvas.getContext("2d") !== null;
  } catch {
    return false;
  }
}

type ChartDraw = typeof import("./chart-draw");

let drawModule: Promise<ChartDraw> | null = null;

/** Draws the chart once the frame being prepared is on screen: a card's title, legend and
 *  numbers paint first, and the canvas work (loading Chart.js, a 2D context, Chart.js
 *  measuring its box) follows instead of delaying the first frame, where on a Linux
 *  desktop without a GPU it cost ~100 ms. Returns the disposer, safe to call at any point. */
export function drawAfterNextPaint(canvas: HTMLCanvasElement, draw: (module: ChartDraw) => () => void): () => void {
  let undraw: (() => void) | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let disposed = false;
  const run = async () => {
    drawModule ??= import("./chart-draw");
    const module = await drawModule;
    if (!disposed && canDraw(canvas)) undraw = draw(module);
  };
  const queue = () => {
    timer = setTimeout(() => void run().catch(() => undefined), 0);
  };
  // An animation frame callback runs just before its frame is painted; a timeout queued
  // from it runs after.
  const frame = requestAnimationFrame(queue);
  return () => {
    disposed = true;
    cancelAnimationFrame(frame);
    clearTimeout(timer);
    undraw?.();
  };
}

function summary(title: string, data: readonly Datum[]): string {
  return `${title}: ${data.map((d) => `${d.label} ${num(d.value)}`).join(", ")}`;
}

function card(testId: string, title: string, canvasWrap: HTMLElement, extra?: HTMLElement): HTMLElement {
  return h("figure", { class: "chart-card", "data-testid": testId }, h("figcaption", { class: "chart-title" }, title), h("div", { class: "chart-body" }, canvasWrap, extra));
}

/** Doughnut with total in the middle and a legend of counts and shares. */
export function doughnutChart(testId: string, title: string, data: readonly Datum[]): ChartHandle {
  const total = data.reduce((s, d) => s + d.value, 0);
  const canvas = h("canvas", { role: "img", "aria-label": summary(title, data) });
  const center = h("div", { class: "doughnut-center", "aria-hidden": "true" }, h("strong", null, num(total)), h("span", null, "total"));
  const wrap = h("div", { class: "chart-canvas doughnut" }, canvas, center);
  const legend = h(
    "ul",
    { class: "chart-legend" },
    data.map((d, i) =>
      h(
        "li",
        { "data-label": d.label },
        h("span", { class: `swatch swatch-${(i % 8) + 1}`, "aria-hidden": "true" }),
        h("span", { class: "legend-label" }, d.label),
        h("span", { class: "legend-value" }, num(d.value)),
        h("span", { class: "legend-share" }, total > 0 ? `${Math.round((d.value / total) * 100)}%` : "–"),
      ),
    ),
  );
  const el = card(testId, title, wrap, legend);
  if (total === 0) {
    wrap.classList.add("is-empty");
    return { el, dispose: () => {} };
  }
  const dispose = drawAfterNextPaint(canvas, (draw) => draw.drawDoughnut(canvas, data));
  return { el, dispose };
}

/** Bar chart (vertical, or horizontal with `horizontal: true`) with the value on every bar. */
export function barChart(testId: string, title: string, data: readonly Datum[], opts: { horizontal?: boolean; colorIndex?: number } = {}): ChartHandle {
  const horizontal = opts.horizontal === true;
  const canvas = h("canvas", { role: "img", "aria-label": summary(title, data) });
  const wrap = h("div", { class: `chart-canvas ${horizontal ? "bar-h" : "bar-v"}` }, canvas);
  const el = card(testId, title, wrap);
  if (data.length === 0) {
    wrap.classList.add("is-empty");
    wrap.replaceChildren(h("p", { class: "chart-empty" }, "No vehicles yet"));
    return { el, dispose: () => {} };
  }
  const dispose = drawAfterNextPaint(canvas, (draw) => draw.drawBar(canvas, data, opts));
  return { el, dispose };
}
