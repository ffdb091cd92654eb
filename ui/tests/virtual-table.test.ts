import { describe, expect, it, vi } from "vitest";
import { createVirtualTable } from "../src/components/virtual-table";
import type { Page } from "../src/backend";

interface Row {
  id: string;
  n: number;
}

/** The grid itself: the focusable, scrolling element with the ARIA grid semantics. */
const grid = (t: { el: HTMLElement }) => t.el.querySelector<HTMLElement>('[role="grid"]')!;

function fetcher(total: number) {
  return vi.fn(async (page: number, limit: number): Promise<Page<Row>> => {
    const start = (page - 1) * limit;
    const items = Array.from({ length: Math.max(0, Math.min(limit, total - start)) }, (_, i) => ({ id: `r${start + i}`, n: start + i }));
    return { items, total, page, limit, totalPages: Math.ceil(total / limit) };
  });
}

function make(total: number, onOpen = vi.fn()) {
  const fetchPage = fetcher(total);
  const t = createVirtualTable<Row>({
    label: "Rows",
    columns: [{ id: "n", header: "N", width: "1fr", cell: (r) => String(r.n) }],
    fetchPage,
    rowId: (r) => r.id,
    rowTestId: "row",
    onOpen,
    emptyText: "Nothing",
  });
  document.body.append(t.el);
  return { t, fetchPage, onOpen };
}

describe("virtual table", () => {
  it("renders only a window of 100 000 rows and fetches only the first page", async () => {
    const { t, fetchPage } = make(100_000);
    await vi.waitFor(() => expect(t.el.querySelectorAll('[data-testid="row"]').length).toBeGreaterThan(5));
    expect(t.total).toBe(100_000);
    expect(t.renderedCount()).toBeLessThan(60);
    expect(fetchPage).toHaveBeenCalledTimes(1);
    expect(grid(t).getAttribute("aria-rowcount")).toBe("100001");
    t.dispose();
  });

  it("moves with the arrow keys and opens with Enter", async () => {
    const { t, onOpen } = make(50);
    await vi.waitFor(() => expect(t.el.querySelector('[data-testid="row"]')).not.toBeNull());
    grid(t).focus();
    grid(t).dispatchEvent(new KeyboardEvent("keydown", { key: "ArrowDown", bubbles: true }));
    grid(t).dispatchEvent(new KeyboardEvent("keydown", { key: "ArrowDown", bubbles: true }));
    expect(grid(t).getAttribute("aria-activedescendant")).toMatch(/-r2$/);
    grid(t).dispatchEvent(new KeyboardEvent("keydown", { key: "Enter", bubbles: true }));
    expect(onOpen).toHaveBeenCalledWith({ id: "r2", n: 2 }, 2);
    grid(t).dispatchEvent(new KeyboardEvent("keydown", { key: "End", bubbles: true }));
    grid(t).dispatchEvent(new KeyboardEvent("keydown", { key: " ", bubbles: true }));
    expect(onOpen).toHaveBeenLastCalledWith({ id: "r49", n: 49 }, 49); // jsdom can't scroll; the row is still known
    grid(t).dispatchEvent(new KeyboardEvent("keydown", { key: "Home", bubbles: true }));
    expect(t.el.querySelector(".is-active")?.getAttribute("data-index")).toBe("0");
    t.dispose();
  });

  it("keeps the cells of rows a new query brings back unchanged, and refills the changed ones", async () => {
    const { t } = make(500);
    await vi.waitFor(() => expect(t.el.querySelectorAll('[data-testid="row"]').length).toBeGreaterThan(5));
    const cell = (i: number) => t.el.querySelector(`[data-index="${i}"] [role="gridcell"]`);
    const [first, second] = [cell(0), cell(1)];
    // The next key of a search: the same vehicles on top, as new objects, one changed.
    const same = fetcher(500);
    t.switchQuery(async (page, limit) => {
      const answer = await same(page, limit);
      return { ...answer, items: answer.items.map((r) => (r.n === 1 ? { ...r, id: "r1", n: 1001 } : { ...r })) };
    });
    await vi.waitFor(() => expect(cell(1)?.textContent).toBe("1001"));
    expect(cell(0)).toBe(first);
    expect(cell(1)).not.toBe(second);
    t.dispose();
  });

  it("shows the empty text, and starts over with a new query", async () => {
    const { t } = make(0);
    await vi.waitFor(() => expect(t.el.querySelector(".vt-message")?.textContent).toBe("Nothing"));
    t.switchQuery(fetcher(3));
    await vi.waitFor(() => expect(t.el.querySelectorAll('[data-testid="row"]')).toHaveLength(3));
    expect((t.el.querySelector(".vt-status") as HTMLElement).hidden).toBe(true);
    t.dispose();
  });

  it("keeps its rows on screen while a new query loads, then shows the new rows", async () => {
    const { t } = make(500);
    await vi.waitFor(() => expect(t.el.querySelectorAll('[data-testid="row"]').length).toBeGreaterThan(5));
    let answer: () => void = () => undefined;
    const next = fetcher(2);
    t.switchQuery((page, limit) => new Promise((resolve) => (answer = () => resolve(next(page, limit)))));
    // Between two keys typed in a search box: no blank table, no skeleton rows.
    expect(t.el.querySelectorAll('[data-testid="row"]').length).toBeGreaterThan(5);
    expect(t.el.querySelector('[data-testid="row-loading"]')).toBeNull();
    expect(grid(t).getAttribute("aria-busy")).toBe("true");
    answer();
    await vi.waitFor(() => expect(t.el.querySelectorAll('[data-testid="row"]')).toHaveLength(2));
    expect(t.total).toBe(2);
    expect(grid(t).getAttribute("aria-busy")).toBe("false");
    t.dispose();
  });

  it("shows an error with a retry", async () => {
    const fetchPage = vi.fn().mockRejectedValueOnce({ code: "offline", message: "x" }).mockImplementation(fetcher(2));
    const t = createVirtualTable<Row>({ label: "Rows", columns: [{ id: "n", header: "N", width: "1fr", cell: (r) => String(r.n) }], fetchPage, rowId: (r) => r.id, rowTestId: "row" });
    document.body.append(t.el);
    await vi.waitFor(() => expect(t.el.querySelector(".vt-message.is-error")?.textContent).toMatch(/offline/));
    t.el.querySelector<HTMLButtonElement>(".vt-message button")?.click();
    await vi.waitFor(() => expect(t.el.querySelectorAll('[data-testid="row"]')).toHaveLength(2));
    t.dispose();
  });
});
