// Chart.js drawing for the dashboard's chart cards (charts.ts). A module of its own, loaded
// after the first frame: the cards and their numbers paint without Chart.js being parsed.
// Only the doughnut and bar parts are registered, so the rest is tree-shaken. Colours come
// from the theme's CSS variables and follow theme switches.

import { ArcElement, BarController, BarElement, CategoryScale, Chart, DoughnutController, LinearScale, Tooltip } from "chart.js";
import type { ChartConfiguration, Plugin } from "chart.js";
import { num } from "../format";
import type { Datum } from "./charts";

Chart.register(DoughnutController, ArcElement, BarController, BarElement, CategoryScale, LinearScale, Tooltip);

const FALLBACK_PALETTE = ["#2563eb", "#0d9488", "#d97706", "#7c3aed", "#db2777", "#059669", "#dc2626", "#4b5563"];

function cssVar(name: string, fallback: string): string {
  const v = typeof getComputedStyle === "function" ? getComputedStyle(document.documentElement).getPropertyValue(name).trim() : "";
  return v || fallback;
}

function palette(): string[] {
  return FALLBACK_PALETTE.map((c, i) => cssVar(`--chart-${i + 1}`, c));
}

function themeColors() {
  return {
    text: cssVar("--text", "#1f2937"),
    muted: cssVar("--text-muted", "#6b7280"),
    grid: cssVar("--border", "#e5e7eb"),
    surface: cssVar("--surface", "#ffffff"),
    font: cssVar("--font-sans", "system-ui, sans-serif"),
  };
}

/** Draws each bar's value at its end. */
const valueLabels: Plugin<"bar"> = {
  id: "valueLabels",
  afterDatasetsDraw(chart) {
    const { ctx } = chart;
    const horizontal = chart.options.indexAxis === "y";
    const colors = themeColors();
    const dataset = chart.data.datasets[0];
    if (!dataset) return;
    const meta = chart.getDatasetMeta(0);
    ctx.save();
    ctx.fillStyle = colors.text;
    ctx.font = `600 12px ${colors.font}`;
    meta.data.forEach((bar, i) => {
      const value = dataset.data[i];
      if (typeof value !== "number") return;
      const text = num(value);
      const { x, y } = bar.getProps(["x", "y"], true) as { x: number; y: number };
      if (horizontal) {
        ctx.textAlign = "left";
        ctx.textBaseline = "middle";
        ctx.fillText(text, x + 6, y);
      } else {
        ctx.textAlign = "center";
        ctx.textBaseline = "bottom";
        ctx.fillText(text, x, y - 4);
      }
    });
    ctx.restore();
  },
};

/** Keep charts in step with the theme (main.ts dispatches "themechange" on <html>). */
function followTheme(chart: Chart, apply: () => void): () => void {
  const handler = () => {
    apply();
    chart.update("none");
  };
  document.documentElement.addEventListener("themechange", handler);
  return () => document.documentElement.removeEventListener("themechange", handler);
}

/** Draws a doughnut into `canvas`; returns what undoes it. */
export function drawDoughnut(canvas: HTMLCanvasElement, data: readonly Datum[]): () => void {
  const colors = themeColors();
  const config: ChartConfiguration<"doughnut"> = {
    type: "doughnut",
    data: {
      labels: data.map((d) => d.label),
      datasets: [{ data: data.map((d) => d.value), backgroundColor: palette().slice(0, data.length), borderColor: colors.surface, borderWidth: 2 }],
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      cutout: "66%",
      animation: false,
      plugins: { tooltip: { callbacks: { label: (c) => ` ${c.label}: ${num(c.parsed)}` } } },
    },
  };
  const chart = new Chart(canvas, config);
  const stop = followTheme(chart, () => {
    const ds = chart.data.datasets[0];
    if (ds) {
      ds.backgroundColor = palette().slice(0, data.length);
      ds.borderColor = themeColors().surface;
    }
  });
  return () => {
    stop();
    chart.destroy();
  };
}

/** Draws a bar chart (horizontal with `horizontal: true`) into `canvas`; returns what undoes it. */
export function drawBar(canvas: HTMLCanvasElement, data: readonly Datum[], opts: { horizontal?: boolean; colorIndex?: number }): () => void {
  const horizontal = opts.horizontal === true;
  const pick = () => palette()[opts.colorIndex ?? 0] ?? FALLBACK_PALETTE[0]!;
  const c = themeColors();
  const valueAxis = {
    beginAtZero: true,
    grace: "12%",
    grid: { color: c.grid },
    border: { display: false },
    ticks: { color: c.muted, precision: 0, callback: (v: string | number) => num(Number(v)) },
  };
  const categoryAxis = { grid: { display: false }, border: { color: c.grid }, ticks: { color: c.text, autoSkip: false } };
  const config: ChartConfiguration<"bar"> = {
    type: "bar",
    data: {
      labels: data.map((d) => d.label),
      datasets: [{ data: data.map((d) => d.value), backgroundColor: pick(), borderRadius: 4, maxBarThickness: horizontal ? 18 : 36 }],
    },
    options: {
      indexAxis: horizontal ? "y" : "x",
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      layout: { padding: horizontal ? { right: 8 } : { top: 4 } },
      scales: horizontal ? { x: valueAxis, y: categoryAxis } : { x: categoryAxis, y: valueAxis },
      plugins: { tooltip: { callbacks: { label: (ctx) => ` ${num(horizontal ? ctx.parsed.x : ctx.parsed.y)}` } } },
    },
    plugins: [valueLabels],
  };
  const chart = new Chart(canvas, config);
  const stop = followTheme(chart, () => {
    const t = themeColors();
    const ds = chart.data.datasets[0];
    if (ds) ds.backgroundColor = pick();
    const scales = chart.options.scales as Record<string, { grid?: { color?: string }; ticks?: { color?: string }; border?: { color?: string } }>;
    const value = scales[horizontal ? "x" : "y"];
    const cat = scales[horizontal ? "y" : "x"];
    if (value?.grid) value.grid.color = t.grid;
    if (value?.ticks) value.ticks.color = t.muted;
    if (cat?.ticks) cat.ticks.color = t.text;
    if (cat?.border) cat.border.color = t.grid;
  });
  return () => {
    stop();
    chart.destroy();
  };
}
