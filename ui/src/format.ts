// Formatting for everything a dealer reads: money (one currency setting, default USD),
// plain numbers, dates, date-times, relative times ("2 minutes ago") and enum labels.
// All of it goes through Intl with the user's locale (navigator.language).

const CURRENCY_KEY = "dealer-console.currency";

/**
 * The first usable locale among the candidates, else en-US. WebKitGTK reports the POSIX
 * locale as is ("C" when LANG is unset, "en_GB.UTF-8"), which Intl refuses outright.
 */
export function resolveLocale(candidates: readonly (string | undefined)[]): string {
  for (const raw of candidates) {
    if (!raw) continue;
    const tag = raw.split(/[.@]/)[0]!.replace(/_/g, "-");
    if (tag === "C" || tag === "POSIX") continue;
    try {
      const [canonical] = Intl.getCanonicalLocales(tag);
      if (canonical) return canonical;
    } catch {
      /* not a BCP 47 tag: try the next one */
    }
  }
  return "en-US";
}

export const settings = {
  locale: resolveLocale(typeof navigator === "undefined" ? [] : [...(navigator.languages ?? []), navigator.language]),
  currency: readStoredCurrency() ?? "USD",
};

function readStoredCurrency(): string | null {
  try {
    const v = globalThis.localStorage?.getItem(CURRENCY_KEY);
    return v && /^[A-Z]{3}$/.test(v) ? v : null;
  } catch {
    return null;
  }
}

/** Change the display currency (ISO 4217 code) and remember it. */
export function setCurrency(code: string): void {
  if (!/^[A-Z]{3}$/.test(code)) throw new Error(`not a currency code: ${code}`);
  settings.currency = code;
  try {
    globalThis.localStorage?.setItem(CURRENCY_KEY, code);
  } catch {
    /* storage unavailable: keep it for this session */
  }
  cache.clear();
}

const cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat | Intl.RelativeTimeFormat>();
function cached<T extends Intl.NumberFormat | Intl.DateTimeFormat | Intl.RelativeTimeFormat>(key: string, make: () => T): T {
  const k = `${settings.locale}|${settings.currency}|${key}`;
  let f = cache.get(k);
  if (!f) {
    f = make();
    cache.set(k, f);
  }
  return f as T;
}

export const DASH = "—";

function isNum(n: number | null | undefined): n is number {
  return typeof n === "number" && Number.isFinite(n);
}

/** A price: "$24,500" (cents only when there are any). */
export function money(n: number | null | undefined): string {
  if (!isNum(n)) return DASH;
  const cents = Math.round(n * 100) % 100 !== 0;
  const f = cached(`money${cents}`, () =>
    new Intl.NumberFormat(settings.locale, {
      style: "currency",
      currency: settings.currency,
      minimumFractionDigits: cents ? 2 : 0,
      maximumFractionDigits: cents ? 2 : 0,
    }),
  );
  return f.format(n);
}

/** A short price for chart axes: "$1.2M". */
export function moneyCompact(n: number | null | undefined): string {
  if (!isNum(n)) return DASH;
  const f = cached("moneyCompact", () =>
    new Intl.NumberFormat(settings.locale, { style: "currency", currency: settings.currency, notation: "compact", maximumFractionDigits: 1 }),
  );
  return f.format(n);
}

/** A count or measure: "12,345". */
export function num(n: number | null | undefined, maxFractionDigits = 0): string {
  if (!isNum(n)) return DASH;
  const f = cached(`num${maxFractionDigits}`, () => new Intl.NumberFormat(settings.locale, { maximumFractionDigits: maxFractionDigits }));
  return f.format(n);
}

/** Mileage as the API gives it (the API does not say km or miles, so no unit is invented). */
export function mileage(n: number | null | undefined): string {
  return num(n);
}

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether `value` is a calendar day without a time ("2026-12-01"), as a preferred
 *  test-drive date may be. */
export function isDateOnly(value: string | null | undefined): boolean {
  return value !== null && value !== undefined && DATE_ONLY.test(value);
}

/** The instant of an ISO date-time, or of a calendar day's local midnight: "2026-12-01"
 *  is the 1st wherever the dealer is (JavaScript alone reads it as UTC midnight, which is
 *  the 30th west of Greenwich). Null when it is neither. */
export function toDate(iso: string | null | undefined): Date | null {
  if (!iso) return null;
  const day = DATE_ONLY.exec(iso);
  const d = day ? new Date(Number(day[1]), Number(day[2]) - 1, Number(day[3])) : new Date(iso);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** "Mar 4, 2025". */
export function date(iso: string | null | undefined): string {
  const d = toDate(iso);
  if (!d) return DASH;
  return cached("date", () => new Intl.DateTimeFormat(settings.locale, { dateStyle: "medium" })).format(d);
}

/** "Mar 4, 2025, 2:30 PM". */
export function dateTime(iso: string | null | undefined): string {
  const d = toDate(iso);
  if (!d) return DASH;
  return cached("dateTime", () => new Intl.DateTimeFormat(settings.locale, { dateStyle: "medium", timeStyle: "short" })).format(d);
}

/** "1:30 PM". */
export function time(iso: string | null | undefined): string {
  const d = toDate(iso);
  if (!d) return DASH;
  return cached("time", () => new Intl.DateTimeFormat(settings.locale, { timeStyle: "short" })).format(d);
}

/** "Thu, Nov 27, 2026". */
export function dayDate(iso: string | null | undefined): string {
  const d = toDate(iso);
  if (!d) return DASH;
  return cached("dayDate", () => new Intl.DateTimeFormat(settings.locale, { weekday: "short", month: "short", day: "numeric", year: "numeric" })).format(d);
}

/** "Nov 27, 1:30 PM" — for near dates in lists (no year). */
export function shortDateTime(iso: string | null | undefined): string {
  const d = toDate(iso);
  if (!d) return DASH;
  return cached("shortDateTime", () => new Intl.DateTimeFormat(settings.locale, { month: "short", day: "numeric", hour: "numeric", minute: "2-digit" })).format(d);
}

/** Money for tight spaces: whole units below a million, "$14.97M" above. */
export function moneyShort(n: number | null | undefined): string {
  if (!isNum(n)) return DASH;
  if (Math.abs(n) < 1_000_000) return money(Math.round(n));
  const f = cached("moneyShort", () =>
    new Intl.NumberFormat(settings.locale, { style: "currency", currency: settings.currency, notation: "compact", minimumFractionDigits: 2, maximumFractionDigits: 2 }),
  );
  return f.format(n);
}

const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ["year", 365 * 24 * 3600],
  ["month", 30 * 24 * 3600],
  ["week", 7 * 24 * 3600],
  ["day", 24 * 3600],
  ["hour", 3600],
  ["minute", 60],
];

/** "just now", "2 minutes ago", "in 3 days". */
export function relativeTime(iso: string | null | undefined, now: number = Date.now()): string {
  const d = toDate(iso);
  if (!d) return "never";
  const seconds = Math.round((d.getTime() - now) / 1000);
  const abs = Math.abs(seconds);
  if (abs < 45) return "just now";
  const rtf = cached("rel", () => new Intl.RelativeTimeFormat(settings.locale, { numeric: "auto", style: "long" }));
  for (const [unit, size] of UNITS) {
    if (abs >= size) return rtf.format(Math.round(seconds / size), unit);
  }
  return rtf.format(Math.round(seconds / 60) || (seconds < 0 ? -1 : 1), "minute");
}

const pad = (n: number) => String(n).padStart(2, "0");

/** ISO timestamp → value for <input type="datetime-local"> in local time ("2025-03-04T14:30"). */
export function toDateTimeLocal(iso: string | null | undefined): string {
  const d = toDate(iso);
  if (!d) return "";
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** <input type="datetime-local"> value (local time) → ISO timestamp in UTC, or null when empty/invalid. */
export function fromDateTimeLocal(value: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value.trim());
  if (!m) return null;
  const [, y, mo, da, hh, mi, ss] = m;
  const d = new Date(Number(y), Number(mo) - 1, Number(da), Number(hh), Number(mi), Number(ss ?? 0));
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

const LABELS: Record<string, string> = {
  no_show: "No-show",
  at_risk: "At risk",
  atRisk: "At risk",
  vip: "VIP",
  testDrives: "Test drives",
  createdDate: "Date added",
  impressionsCount: "Views",
  lastPurchaseDate: "Last purchase",
  totalSpent: "Total spent",
  leadScore: "Lead score",
  asc: "Ascending",
  desc: "Descending",
  metadata: "Brands & models",
};

/** Human label for an API enum value: "no_show" → "No-show", "sale" → "Sale". */
export function label(value: string): string {
  const known = LABELS[value];
  if (known) return known;
  const spaced = value.replace(/_/g, " ").replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

/** "1 change" / "3 changes". */
export function plural(n: number, one: string, many: string): string {
  return `${num(n)} ${n === 1 ? one : many}`;
}
