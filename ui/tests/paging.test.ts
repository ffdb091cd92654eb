import { describe, expect, it, vi } from "vitest";
import { PageCache, pagesForRange } from "../src/components/paging";
import type { Page } from "../src/backend";

describe("pagesForRange", () => {
  it("covers the window with 1-based pages", () => {
    expect(pagesForRange(0, 0, 100)).toEqual([1]);
    expect(pagesForRange(0, 99, 100)).toEqual([1]);
    expect(pagesForRange(95, 105, 100)).toEqual([1, 2]);
    expect(pagesForRange(250, 260, 100)).toEqual([3]);
    expect(pagesForRange(99_950, 99_999, 100)).toEqual([1000]);
  });
  it("clamps to the total", () => {
    expect(pagesForRange(0, 500, 100, 150)).toEqual([1, 2]);
    expect(pagesForRange(0, 10, 100, 0)).toEqual([]);
    expect(pagesForRange(-5, 3, 100, 10)).toEqual([1]);
    expect(pagesForRange(10, 5, 100)).toEqual([]);
  });
  it("rejects a zero page size", () => {
    expect(() => pagesForRange(0, 1, 0)).toThrow();
  });
});

/** A backend of `total` numbered rows, with controllable answers. */
function backend(total: number) {
  const calls: number[] = [];
  const pending = new Map<number, () => void>();
  const fetch = vi.fn((page: number, limit: number): Promise<Page<number>> => {
    calls.push(page);
    return new Promise((resolve) => {
      pending.set(page, () => {
        const start = (page - 1) * limit;
        const items = Array.from({ length: Math.max(0, Math.min(limit, total - start)) }, (_, i) => start + i);
        resolve({ items, total, page, limit, totalPages: Math.ceil(total / limit) });
      });
    });
  });
  const answer = async (page: number) => {
    pending.get(page)?.();
    pending.delete(page);
    await Promise.resolve();
    await Promise.resolve();
  };
  return { fetch, calls, answer, pending };
}

describe("PageCache", () => {
  it("asks for page 1 first and takes the total from it", async () => {
    const b = backend(100_000);
    const onChange = vi.fn();
    const cache = new PageCache<number>(b.fetch, { onChange });
    cache.ensureRange(5_000, 5_040); // total unknown: only page 1
    expect(b.calls).toEqual([1]);
    await b.answer(1);
    expect(cache.total).toBe(100_000);
    expect(cache.get(42)).toBe(42);
    expect(onChange).toHaveBeenCalled();
  });

  it("fetches only the visible pages, once, and serves them from the cache", async () => {
    const b = backend(100_000);
    const cache = new PageCache<number>(b.fetch, { maxConcurrent: 4 });
    cache.ensureRange(0, 0);
    await b.answer(1);
    cache.ensureRange(150, 230); // pages 2..3
    cache.ensureRange(150, 230); // in flight: no duplicates
    expect(b.calls).toEqual([1, 2, 3]);
    await b.answer(2);
    await b.answer(3);
    expect(cache.get(150)).toBe(150);
    expect(cache.get(299)).toBe(299);
    expect(cache.get(300)).toBeUndefined();
    cache.ensureRange(120, 280);
    expect(b.calls).toEqual([1, 2, 3]); // cached
  });

  it("never fetches pages scrolled past while others were loading", async () => {
    const b = backend(100_000);
    const cache = new PageCache<number>(b.fetch, { maxConcurrent: 1 });
    cache.ensureRange(0, 0);
    await b.answer(1);
    cache.ensureRange(1000, 1040); // page 11 starts
    cache.ensureRange(5000, 5040); // wants 51; 11 is in flight
    cache.ensureRange(90_000, 90_040); // now wants 901 only
    await b.answer(11);
    expect(b.calls).toEqual([1, 11, 901]);
  });

  it("evicts least recently used pages beyond maxPages", async () => {
    const b = backend(10_000);
    const cache = new PageCache<number>(b.fetch, { maxPages: 3, maxConcurrent: 10 });
    cache.ensureRange(0, 0);
    await b.answer(1);
    for (const p of [2, 3, 4]) {
      cache.ensureRange((p - 1) * 100, (p - 1) * 100);
      await b.answer(p);
    }
    expect(cache.cachedPages.sort()).toEqual([2, 3, 4]);
    expect(cache.get(5)).toBeUndefined();
  });

  it("drops answers of a query that was reset", async () => {
    const b = backend(500);
    const cache = new PageCache<number>(b.fetch);
    cache.ensureRange(0, 0);
    cache.reset();
    await b.answer(1);
    expect(cache.total).toBeNull();
    expect(cache.get(0)).toBeUndefined();
  });

  it("keeps showing old rows while an invalidated page refetches", async () => {
    const b = backend(500);
    const cache = new PageCache<number>(b.fetch);
    cache.ensureRange(0, 0);
    await b.answer(1);
    cache.invalidate();
    expect(cache.get(3)).toBe(3);
    cache.ensureRange(0, 10);
    expect(b.calls).toEqual([1, 1]);
  });

  it("keeps the old query's rows and total until the new first page answers", async () => {
    const before = backend(500);
    const cache = new PageCache<number>(before.fetch);
    cache.ensureRange(0, 0);
    await before.answer(1);
    const after = backend(3);
    cache.switchQuery(after.fetch);
    expect(cache.total).toBe(500);
    expect(cache.get(42)).toBe(42);
    cache.ensureRange(0, 30); // only page 1 of the new query: its total is not known yet
    expect(after.calls).toEqual([1]);
    await after.answer(1);
    expect(cache.switching).toBe(false);
    expect(cache.total).toBe(3);
    expect(cache.get(2)).toBe(2);
    expect(cache.get(42)).toBeUndefined();
  });

  it("drops the old query's rows when the new query fails", async () => {
    const before = backend(500);
    const cache = new PageCache<number>(before.fetch);
    cache.ensureRange(0, 0);
    await before.answer(1);
    cache.switchQuery(vi.fn().mockRejectedValue({ code: "offline", message: "x" }));
    cache.ensureRange(0, 0);
    await vi.waitFor(() => expect(cache.error).not.toBeNull());
    expect(cache.total).toBeNull();
    expect(cache.get(0)).toBeUndefined();
  });

  it("does not retry a failed page until asked to", async () => {
    const onError = vi.fn();
    const fetch = vi.fn().mockRejectedValue({ code: "offline", message: "x" });
    const cache = new PageCache<number>(fetch, { onError });
    cache.ensureRange(0, 0);
    await vi.waitFor(() => expect(onError).toHaveBeenCalledOnce());
    cache.ensureRange(0, 0);
    expect(fetch).toHaveBeenCalledOnce();
    cache.retry();
    cache.ensureRange(0, 0);
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  it("replaces a row in place", async () => {
    const b = backend(200);
    const cache = new PageCache<number>(b.fetch);
    cache.ensureRange(0, 0);
    await b.answer(1);
    expect(cache.replace((r) => r === 7, 700)).toBe(true);
    expect(cache.get(7)).toBe(700);
    expect(cache.replace((r) => r === 9999, 1)).toBe(false);
  });
});
