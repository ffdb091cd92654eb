// Page cache behind the virtual tables: rows are fetched in pages (100 by default) only for
// the window the user is looking at, kept by page number, deduplicated while in flight, and
// evicted least-recently-used so 100 000 rows never sit in memory at once. The total comes
// from the first page. `reset()` starts over (new filters): late answers of the old query
// are dropped; `switchQuery()` does the same but keeps the rows on screen until the new
// query's first page answers, so a table does not blank at every key typed in a search box.

import type { Page } from "../backend";

export type FetchPage<T> = (page: number, limit: number) => Promise<Page<T>>;

/** 1-based page numbers covering rows [start, end] (inclusive, 0-based indexes). */
export function pagesForRange(start: number, end: number, pageSize: number, total: number | null = null): number[] {
  if (pageSize <= 0) throw new Error("pageSize must be positive");
  if (end < start) return [];
  let last = end;
  if (total !== null) {
    if (total <= 0) return [];
    last = Math.min(end, total - 1);
  }
  const first = Math.max(0, start);
  if (last < first) return [];
  const out: number[] = [];
  for (let p = Math.floor(first / pageSize) + 1; p <= Math.floor(last / pageSize) + 1; p++) out.push(p);
  return out;
}

export interface PageCacheOptions {
  pageSize?: number;
  /** Pages kept in memory; older ones are dropped and refetched when seen again. */
  maxPages?: number;
  /** Requests in flight at once; the rest wait in a queue that only keeps what is still wanted. */
  maxConcurrent?: number;
  /** Called when pages arrive, the total changes, or a fetch fails. */
  onChange?: () => void;
  onError?: (error: unknown) => void;
}

export class PageCache<T> {
  readonly pageSize: number;
  private readonly maxPages: number;
  private readonly maxConcurrent: number;
  private fetcher: FetchPage<T>;
  private pages = new Map<number, T[]>();
  /** Rows of the previous generation, shown while `invalidate()`d pages are refetched (no flicker). */
  private stale = new Map<number, T[]>();
  private inFlight = new Set<number>();
  private queue: number[] = [];
  /** Pages whose fetch failed: not retried automatically (no hot loop), only by `retry()`. */
  private failed = new Set<number>();
  private generation = 0;
  /** After `switchQuery()`: the rows and total shown are the old query's until page 1 answers. */
  switching = false;
  /** Total rows; null until the first page answers. */
  total: number | null = null;
  /** The last fetch error of this generation (cleared on success or reset). */
  error: unknown = null;
  /** How many fetches were started (for tests and diagnostics). */
  fetchCount = 0;

  constructor(
    fetcher: FetchPage<T>,
    private readonly opts: PageCacheOptions = {},
  ) {
    this.fetcher = fetcher;
    this.pageSize = opts.pageSize ?? 100;
    this.maxPages = Math.max(2, opts.maxPages ?? 60);
    this.maxConcurrent = Math.max(1, opts.maxConcurrent ?? 2);
  }

  /** Start over with (optionally) a new fetcher: forget every page and the total. */
  reset(fetcher?: FetchPage<T>): void {
    if (fetcher) this.fetcher = fetcher;
    this.generation++;
    this.pages.clear();
    this.stale.clear();
    this.inFlight.clear();
    this.queue = [];
    this.failed.clear();
    this.total = null;
    this.error = null;
    this.switching = false;
  }

  /**
   * Start over with a new fetcher, like `reset()`, but keep showing the old query's first
   * pages and total until the new first page answers (or fails): no blank frame between
   * two queries that each answer in milliseconds.
   */
  switchQuery(fetcher: FetchPage<T>): void {
    const shown = this.total === null ? new Map<number, T[]>() : new Map([...this.stale, ...this.pages]);
    const total = this.total;
    this.reset(fetcher);
    if (total === null) return;
    this.stale = shown;
    this.total = total;
    this.switching = true;
  }

  /** Allow failed pages to be fetched again (the next ensureRange asks for them). */
  retry(): void {
    this.failed.clear();
    this.error = null;
  }

  /** Forget cached rows but keep the total, so the list stays where it is while rows refresh. */
  invalidate(): void {
    this.generation++;
    for (const [p, rows] of this.pages) {
      this.stale.delete(p);
      this.stale.set(p, rows);
    }
    while (this.stale.size > this.maxPages) this.stale.delete(this.stale.keys().next().value as number);
    this.pages = new Map();
    this.inFlight.clear();
    this.queue = [];
    this.failed.clear();
  }

  /** The row at `index`, if its page is loaded. */
  get(index: number): T | undefined {
    if (index < 0) return undefined;
    const page = Math.floor(index / this.pageSize) + 1;
    const rows = this.pages.get(page) ?? this.stale.get(page);
    return rows?.[index - (page - 1) * this.pageSize];
  }

  hasPage(page: number): boolean {
    return this.pages.has(page);
  }

  isLoading(page: number): boolean {
    return this.inFlight.has(page) || this.queue.includes(page);
  }

  get cachedPages(): number[] {
    return [...this.pages.keys()];
  }

  /** Replace one loaded row in place (after an edit returned the new record). */
  replace(predicate: (row: T) => boolean, next: T): boolean {
    for (const rows of [...this.pages.values(), ...this.stale.values()]) {
      const i = rows.findIndex(predicate);
      if (i >= 0) {
        rows[i] = next;
        return true;
      }
    }
    return false;
  }

  /**
   * Make sure rows [start, end] get loaded. Before the total is known only page 1 is asked
   * for (it tells the total). Pages already cached are touched (kept), missing ones queued.
   */
  ensureRange(start: number, end: number): void {
    const wanted = this.total === null || this.switching ? [1] : pagesForRange(start, end, this.pageSize, this.total);
    for (const p of wanted) {
      const rows = this.pages.get(p);
      if (rows) {
        // LRU touch: re-insert at the end of the Map's order.
        this.pages.delete(p);
        this.pages.set(p, rows);
      }
    }
    // The queue keeps only pages still wanted: scrolled-past pages are never fetched.
    this.queue = wanted.filter((p) => !this.pages.has(p) && !this.inFlight.has(p) && !this.failed.has(p));
    this.pump();
  }

  private pump(): void {
    while (this.inFlight.size < this.maxConcurrent && this.queue.length > 0) {
      const page = this.queue.shift()!;
      void this.load(page);
    }
  }

  private async load(page: number): Promise<void> {
    const gen = this.generation;
    this.inFlight.add(page);
    this.fetchCount++;
    try {
      const result = await this.fetcher(page, this.pageSize);
      if (gen !== this.generation) return; // answer to an old query
      if (this.switching && page === 1) {
        this.switching = false;
        this.stale.clear();
      }
      this.pages.set(page, result.items);
      this.stale.delete(page);
      if (page === 1 || this.total === null) this.total = result.total;
      this.error = null;
      this.failed.delete(page);
      this.evict(page);
    } catch (e) {
      if (gen !== this.generation) return;
      if (this.switching) {
        // The old rows answer another query: show the failure, not them.
        this.switching = false;
        this.stale.clear();
        this.total = null;
      }
      this.error = e;
      this.failed.add(page);
      this.opts.onError?.(e);
    } finally {
      if (gen === this.generation) {
        this.inFlight.delete(page);
        this.pump();
        this.opts.onChange?.();
      }
    }
  }

  private evict(keep: number): void {
    while (this.pages.size > this.maxPages) {
      const oldest = this.pages.keys().next().value as number | undefined;
      if (oldest === undefined || oldest === keep) break;
      this.pages.delete(oldest);
    }
  }
}
