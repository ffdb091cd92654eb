// Dashboard chart cards. Every chart shows its numbers: bars carry value labels, doughnuts
// a legend with counts and shares. For screen readers the canvas is only a picture; its
// numbers are a (visually hidden) table in the same figure.
// The card paints first; Chart.js (chart-draw.ts) draws into it once that frame is on screen.

import { h } from "../dom";
import { num } from "../format";

export interface Datum {
  label: string;
  value: number;
}

/** A chart drawing scheduled by [`drawAfterPaint`]. */
export interface Drawing {
  /** Settles once the canvas is drawn (true) or will not be: no data, no 2D context, disposed (false). */
  drawn: Promise<boolean>;
  dispose(): void;
}

export interface ChartHandle extends Drawing {
  el: HTMLElement;
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

/** Draws the chart once the frame showing its card is on screen. A card's title, legend and
 *  numbers paint first; the canvas work (loading Chart.js, 2D contexts, Chart.js measuring its
 *  box and drawing) only starts after that, so it never competes with painting the numbers:
 *  started a frame earlier, it kept the web view's main thread busy while the first dashboard
 *  was being painted, and that dashboard reached the screen ~55 ms later (~110 ms when WebKit
 *  paints on the CPU). Disposing is safe at any point. */
export function drawAfterPaint(canvas: HTMLCanvasElement, draw: (module: ChartDraw) => () => void): Drawing {
  let undraw: (() => void) | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let disposed = false;
  let settle: (drawn: boolean) => void = () => {};
  const drawn = new Promise<boolean>((resolve) => (settle = resolve));
  const run = async () => {
    drawModule ??= import("./chart-draw");
    const module = await drawModule;
    if (!disposed && canDraw(canvas)) undraw = draw(module);
    settle(undraw !== null);
  };
  // The first callback runs while the frame with the card is prepared, the second once
  // that frame has been presented; a timeout queued from it runs after that rendering step.
  let frame = requestAnimationFrame(() => {
    frame = requestAnimationFrame(() => {
      timer = setTimeout(() => void run().catch(() => settle(false)), 0);
    });
  });
  return {
    drawn,
    dispose() {
      disposed = true;
      cancelAnimationFrame(frame);
      clearTimeout(timer);
      undraw?.();
      settle(false);
    },
  };
}

/** The chart's numbers as a table, which a screen reader can walk row by row. */
export function dataTable(title: string, data: readonly Datum[], valueHeader = "Count"): HTMLElement {
  return h(
    "table",
    { class: "visually-hidden chart-data", "data-testid": "chart-data" },
    h("caption", null, title),
    h("thead", null, h("tr", null, h("th", { scope: "col" }, "Item"), h("th", { scope: "col" }, valueHeader))),
    h(
      "tbody",
      null,
      data.map((d) => h("tr", null, h("th", { scope: "row" }, d.label), h("td", null, num(d.value)))),
    ),
  );
}

function card(testId: string, title: string, data: readonly Datum[], canvasWrap: HTMLElement, extra?: HTMLElement): HTMLElement {
  return h(
    "figure",
    { class: "chart-card", "data-testid": testId },
    h("figcaption", { class: "chart-title" }, title),
    h("div", { class: "chart-body" }, canvasWrap, extra),
    dataTable(title, data),
  );
}

/** A drawn chart is a picture of the table beside it: named, not read out twice. */
function chartCanvas(title: string): HTMLCanvasElement {
  return h("canvas", { role: "img", "aria-label": `${title} (chart; the numbers follow as a table)` });
}

/** Doughnut with total in the middle and a legend of counts and shares. */
export function doughnutChart(testId: string, title: string, data: readonly Datum[]): ChartHandle {
  const total = data.reduce((s, d) => s + d.value, 0);
  const canvas = chartCanvas(title);
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
  const el = card(testId, title, data, wrap, legend);
  if (total === 0) {
    wrap.classList.add("is-empty");
    return { el, drawn: Promise.resolve(false), dispose: () => {} };
  }
  return { el, ...drawAfterPaint(canvas, (draw) => draw.drawDoughnut(canvas, data)) };
}

/** Bar chart (vertical, or horizontal with `horizontal: true`) with the value on every bar. */
export function barChart(testId: string, title: string, data: readonly Datum[], opts: { horizontal?: boolean; colorIndex?: number } = {}): ChartHandle {
  const horizontal = opts.horizontal === true;
  const canvas = chartCanvas(title);
  const wrap = h("div", { class: `chart-canvas ${horizontal ? "bar-h" : "bar-v"}` }, canvas);
  const el = card(testId, title, data, wrap);
  if (data.length === 0) {
    wrap.classList.add("is-empty");
    wrap.replaceChildren(h("p", { class: "chart-empty" }, "No vehicles yet"));
    return { el, drawn: Promise.resolve(false), dispose: () => {} };
  }
  return { el, ...drawAfterPaint(canvas, (draw) => draw.drawBar(canvas, data, opts)) };
}
