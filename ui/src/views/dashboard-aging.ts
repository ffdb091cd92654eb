// The dashboard's stock-aging chart: available vehicles by days on the lot (0–30, 31–60,
// 61–90, 91+) and the average. A server without the addition has no such figures: the
// chart is then left out, not shown as an error (the dashboard's other numbers stand).

import { h } from "../dom";
import { api } from "../backend";
import type { AgingStats } from "../backend";
import { num } from "../format";
import { barChart } from "../components/charts";
import type { ChartHandle } from "../components/charts";
import { currentCapabilities } from "../capabilities";

/** "0-30" → "0–30 days", "91+" → "91+ days". */
function bucketLabel(raw: string): string {
  return `${raw.replace("-", "–")} days`;
}

/** The chart card for `stats`, or null when there is nothing to draw. */
export function agingChart(stats: AgingStats): ChartHandle | null {
  if (stats.buckets.length === 0) return null;
  const chart = barChart(
    "chart-aging",
    "Days on the lot",
    stats.buckets.map((b) => ({ label: bucketLabel(b.label), value: b.count })),
    { colorIndex: 3 },
  );
  const average = stats.averageDaysOnLot === null ? "—" : `${num(stats.averageDaysOnLot, 1)} days`;
  chart.el.querySelector(".chart-body")?.append(h("p", { class: "chart-note muted", "data-testid": "aging-average" }, `Average: ${average}`));
  // The hidden table carries the average too, for those who read the numbers there.
  chart.el.querySelector("tbody")?.append(h("tr", null, h("th", { scope: "row" }, "Average days on the lot"), h("td", null, average)));
  return chart;
}

/** The aging figures, or null on a server that lacks them (or fails to answer them). */
export async function loadAging(): Promise<AgingStats | null> {
  if (currentCapabilities()?.vehicleAging === false) return null;
  try {
    return await api.agingStats();
  } catch {
    return null;
  }
}
