// The dashboard tells the app when its first numbers are on screen and, separately, when
// its first charts are drawn: the app logs both and the app benchmark reports both.
import { describe, expect, it, vi } from "vitest";

vi.mock("../generated/bindings", () => import("../preview/fake-backend"));
// Chart.js needs a real canvas; here every canvas can draw and drawing records the call.
const drawnCharts = vi.hoisted(() => ({ count: 0 }));
vi.mock("../src/components/chart-draw", () => ({
  drawBar: () => (drawnCharts.count++, () => {}),
  drawDoughnut: () => (drawnCharts.count++, () => {}),
}));

const { calls } = await import("../preview/fake-backend");
const { dashboardView } = await import("../src/views/dashboard");
const { bumpData } = await import("../src/state");

describe("dashboard start-up reports", () => {
  it("reports the first paint, then the charts once drawn, once each per run", async () => {
    const getContext = vi.spyOn(HTMLCanvasElement.prototype, "getContext").mockReturnValue({} as RenderingContext);
    try {
      const view = dashboardView();
      document.body.append(view.el);
      await vi.waitFor(() => expect(calls.dashboardPainted).toBe(1));
      await vi.waitFor(() => expect(calls.dashboardChartsDrawn).toBe(1));
      // Inventory (3), customer segments, leads by source, and stock aging (which follows).
      await vi.waitFor(() => expect(drawnCharts.count).toBe(6));
      bumpData(); // a sync landed: the dashboard renders and draws again
      await vi.waitFor(() => expect(drawnCharts.count).toBe(12));
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(calls.dashboardPainted).toBe(1);
      expect(calls.dashboardChartsDrawn).toBe(1);
      view.dispose?.();
    } finally {
      getContext.mockRestore();
    }
  });
});
