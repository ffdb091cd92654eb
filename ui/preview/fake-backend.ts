// Fake of ../generated/bindings for the browser preview (`npm run preview:fake`) and the
// view smoke tests: the same `commands` and `events` shape, served from deterministic demo
// data (500 vehicles, 200 customers, test drives, one conflict) kept in memory. It behaves
// like the real backend where the UI can see it: paging and filters, an outbox that drains
// when "online", a sandbox switch that takes the app offline, sync progress events.
//
// Query-string knobs (before the #): ?fakeSlow=1 makes a sync take ~20 s (for screenshots of
// the progress bar), ?fakeOffline=1 starts with the sandbox stopped, ?fakeVehicles=N sets
// the inventory size (up to 100 000), ?fakeEmpty=1 starts with no data at all.

import type {
  AppStatus,
  Conflict,
  Customer,
  CustomerQuery,
  CustomerRow,
  CustomerSegment,
  CustomerUpdate,
  Dashboard,
  ExportKind,
  FilterOptions,
  Keep,
  ListingType,
  Media,
  CreateTestDriveRequest,
  Page,
  ProfileInfo,
  SyncProgress,
  SyncReport,
  TestDrive,
  TestDriveRow,
  TestDriveStatus,
  TestDriveUpdate,
  UiError,
  Vehicle,
  VehicleQuery,
  commands as RealCommands,
  events as RealEvents,
} from "../generated/bindings";

type Result<T, E> = { status: "ok"; data: T } | { status: "error"; error: E };

// ---------------------------------------------------------------- knobs + PRNG
const search = typeof location !== "undefined" ? new URLSearchParams(location.search) : new URLSearchParams();
const SLOW = search.get("fakeSlow") === "1";
const EMPTY = search.get("fakeEmpty") === "1";
const VEHICLE_COUNT = EMPTY ? 0 : Math.min(100_000, Math.max(0, Number(search.get("fakeVehicles") ?? 500) || 500));
const CUSTOMER_COUNT = EMPTY ? 0 : 200;

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rnd = mulberry32(20250601);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
const chance = (p: number) => rnd() < p;
const NOW = Date.now();
const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();
const id = (prefix: string, n: number) => `${prefix}_${n.toString(36).padStart(5, "0")}`;

// ---------------------------------------------------------------- reference data
const BODY_TYPES = [
  { id: "bt_sedan", name: "Sedan", code: "SEDAN" },
  { id: "bt_suv", name: "SUV", code: "SUV" },
  { id: "bt_hatch", name: "Hatchback", code: "HATCH" },
  { id: "bt_pickup", name: "Pickup", code: "PICKUP" },
  { id: "bt_coupe", name: "Coupe", code: "COUPE" },
  { id: "bt_wagon", name: "Wagon", code: "WAGON" },
  { id: "bt_van", name: "Van", code: "VAN" },
  { id: "bt_conv", name: "Convertible", code: "CONV" },
];
const CATALOG: Array<[string, Array<[string, string]>]> = [
  ["Toyota", [["Corolla", "bt_sedan"], ["RAV4", "bt_suv"], ["Camry", "bt_sedan"], ["Hilux", "bt_pickup"], ["Yaris", "bt_hatch"]]],
  ["Honda", [["Civic", "bt_sedan"], ["CR-V", "bt_suv"], ["Jazz", "bt_hatch"], ["Accord", "bt_sedan"]]],
  ["Ford", [["F-150", "bt_pickup"], ["Focus", "bt_hatch"], ["Mustang", "bt_coupe"], ["Explorer", "bt_suv"], ["Transit", "bt_van"]]],
  ["Volkswagen", [["Golf", "bt_hatch"], ["Passat", "bt_wagon"], ["Tiguan", "bt_suv"], ["Polo", "bt_hatch"]]],
  ["BMW", [["3 Series", "bt_sedan"], ["X5", "bt_suv"], ["4 Series", "bt_conv"], ["5 Series", "bt_wagon"]]],
  ["Mercedes-Benz", [["C-Class", "bt_sedan"], ["GLC", "bt_suv"], ["E-Class", "bt_wagon"], ["Sprinter", "bt_van"]]],
  ["Audi", [["A4", "bt_sedan"], ["Q5", "bt_suv"], ["A3", "bt_hatch"], ["TT", "bt_coupe"]]],
  ["Hyundai", [["Tucson", "bt_suv"], ["i30", "bt_hatch"], ["Elantra", "bt_sedan"]]],
  ["Kia", [["Sportage", "bt_suv"], ["Ceed", "bt_hatch"], ["Sorento", "bt_suv"]]],
  ["Nissan", [["Qashqai", "bt_suv"], ["Leaf", "bt_hatch"], ["Navara", "bt_pickup"]]],
  ["Tesla", [["Model 3", "bt_sedan"], ["Model Y", "bt_suv"]]],
  ["Mazda", [["CX-5", "bt_suv"], ["MX-5", "bt_conv"], ["Mazda3", "bt_hatch"]]],
  ["Subaru", [["Outback", "bt_wagon"], ["Forester", "bt_suv"]]],
  ["Volvo", [["XC60", "bt_suv"], ["V60", "bt_wagon"]]],
  ["Porsche", [["911", "bt_coupe"], ["Cayenne", "bt_suv"]]],
  ["Chevrolet", [["Silverado", "bt_pickup"], ["Malibu", "bt_sedan"]]],
];
const BRAND_WEIGHT: Record<string, number> = { Toyota: 9, Ford: 8, Volkswagen: 7, Honda: 6, Hyundai: 5, BMW: 5, Kia: 4, Nissan: 4, "Mercedes-Benz": 4, Audi: 4, Mazda: 3, Tesla: 3, Chevrolet: 2, Subaru: 2, Volvo: 2, Porsche: 1 };
const brands = CATALOG.map(([name], i) => ({ id: `br_${i + 1}`, name, logoUrl: null as string | null }));
const models = CATALOG.flatMap(([, ms], bi) => ms.map(([name, bodyTypeId], mi) => ({ id: `mo_${bi + 1}_${mi + 1}`, name, brandId: `br_${bi + 1}`, bodyTypeId })));
const weightedBrands = brands.flatMap((b) => Array<typeof b>(BRAND_WEIGHT[b.name] ?? 1).fill(b));
const LOCATIONS = [
  { locationName: "Downtown Showroom", address: "120 Market Street" },
  { locationName: "Northside Lot", address: "4410 North Avenue" },
  { locationName: "Airport Branch", address: "7 Terminal Road" },
  { locationName: "Westfield Yard", address: "88 Westfield Parkway" },
];
const COLORS: Array<[string, string]> = [["Polar White", "#e8ebef"], ["Midnight Black", "#20242b"], ["Silver Metallic", "#a9b0b8"], ["Deep Blue", "#24478f"], ["Racing Red", "#b3261e"], ["Forest Green", "#2f5d46"], ["Graphite Grey", "#4a4f57"], ["Sand Beige", "#c8b38c"]];
const TRIMS = ["", "SE", "Sport", "Hybrid", "Premium", "Limited", "GT", "Comfort"];
const FEATURES = {
  safety: ["Lane keeping assist", "Adaptive cruise control", "Blind spot monitor", "Rear camera", "Automatic emergency braking", "6 airbags"],
  exterior: ["LED headlights", "Alloy wheels", "Panoramic roof", "Roof rails", "Tinted windows", "Tow hitch"],
  interior: ["Heated seats", "Leather upholstery", "Dual-zone climate", "Keyless entry", "Ambient lighting", "Ventilated seats"],
  entertainment: ["Apple CarPlay", "Android Auto", "Premium audio", "Wireless charging", "10\" touchscreen", "Navigation"],
};
const ENGINES = [
  { type: "petrol", name: "2.0L I4", hp: [140, 190], tr: "automatic" },
  { type: "diesel", name: "2.0L TDI", hp: [120, 190], tr: "manual" },
  { type: "hybrid", name: "1.8L Hybrid", hp: [120, 220], tr: "cvt" },
  { type: "electric", name: "Dual motor", hp: [250, 480], tr: "automatic" },
  { type: "petrol", name: "3.0L V6", hp: [260, 380], tr: "automatic" },
];

function photoSvg(label: string, color: string, angle: number): string {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 640 360"><defs><linearGradient id="g" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#dfe7f1"/><stop offset="1" stop-color="#9fb0c4"/></linearGradient></defs><rect width="640" height="360" fill="url(#g)"/><rect y="270" width="640" height="90" fill="#6d7a89"/><g transform="translate(${120 + angle * 10} 150)"><path d="M20 120 L60 60 Q80 30 130 28 L270 28 Q320 30 350 70 L400 90 Q430 98 430 130 L430 150 L20 150 Z" fill="${color}" stroke="#1b1f24" stroke-width="4"/><path d="M95 66 L130 40 L200 40 L200 70 Z M215 40 L275 40 Q305 44 325 72 L215 72 Z" fill="#cfe3f5" stroke="#1b1f24" stroke-width="3"/><circle cx="100" cy="150" r="34" fill="#1b1f24"/><circle cx="100" cy="150" r="15" fill="#b8c0ca"/><circle cx="350" cy="150" r="34" fill="#1b1f24"/><circle cx="350" cy="150" r="15" fill="#b8c0ca"/></g><text x="24" y="44" font-family="sans-serif" font-size="24" font-weight="700" fill="#1b1f24">${label.replace(/[<&>]/g, "")}</text></svg>`;
  return `data:image/svg+xml,${encodeURIComponent(svg)}`;
}

// ---------------------------------------------------------------- vehicles
function makeVehicle(n: number): Vehicle {
  const brand = pick(weightedBrands);
  const model = pick(models.filter((m) => m.brandId === brand.id));
  const body = BODY_TYPES.find((b) => b.id === model.bodyTypeId) ?? null;
  const year = int(2012, 2025);
  const trim = pick(TRIMS);
  const name = `${year} ${brand.name} ${model.name}${trim ? ` ${trim}` : ""}`;
  const listingType: ListingType = rnd() < 0.68 ? "sale" : rnd() < 0.66 ? "rental" : "auction";
  const age = 2025 - year;
  const base = (brand.name === "Porsche" ? 85_000 : brand.name === "Tesla" ? 42_000 : ["BMW", "Mercedes-Benz", "Audi", "Volvo"].includes(brand.name) ? 38_000 : 24_000) * Math.pow(0.88, age);
  const salePrice = Math.round((base * (0.85 + rnd() * 0.3)) / 100) * 100;
  const [colorName, colorHex] = pick(COLORS);
  const eng = pick(ENGINES);
  const created = NOW - int(1, 400) * DAY - int(0, 86_400) * 1000;
  const mediaCount = int(2, 5);
  const media: Media[] = Array.from({ length: mediaCount }, (_, i) => ({
    id: `${id("me", n)}_${i}`,
    url: photoSvg(`${brand.name} ${model.name}`, colorHex, i),
    type: "photo",
    category: i === 0 ? "exterior" : pick(["exterior", "interior", "engine", "other"]),
    isFeatured: i === mediaCount - 1, // featured is not first by sortOrder: the UI must reorder
    sortOrder: i,
  }));
  const feats = {
    safety: FEATURES.safety.filter(() => chance(0.45)),
    exterior: FEATURES.exterior.filter(() => chance(0.35)),
    interior: FEATURES.interior.filter(() => chance(0.35)),
    entertainment: FEATURES.entertainment.filter(() => chance(0.4)),
  };
  const daily = Math.round(35 + base / 900);
  const startingBid = Math.round((salePrice * 0.6) / 100) * 100;
  return {
    id: id("veh", n),
    name,
    slug: name.toLowerCase().replace(/[^a-z0-9]+/g, "-"),
    description: chance(0.7) ? `${colorName} ${model.name} with ${feats.safety.length + feats.interior.length} listed extras. One owner, full service history.\nAvailable for viewing at our ${pick(LOCATIONS).locationName}.` : null,
    year,
    mileage: Math.max(5, Math.round((age * int(8_000, 18_000) + int(0, 5_000)) / 10) * 10),
    exteriorColor: colorName,
    interiorColor: pick(["Black leather", "Grey cloth", "Beige leather", "Charcoal"]),
    listingType,
    status: chance(0.86) ? "available" : chance(0.5) ? "reserved" : "sold",
    model: { id: model.id, name: model.name, slug: model.name.toLowerCase(), brand, bodyType: body },
    engine: { id: `en_${n}`, name: eng.name, type: eng.type, horsepower: int(eng.hp[0] ?? 100, eng.hp[1] ?? 200), transmission: eng.tr },
    media,
    saleOptions: listingType === "sale" ? { price: salePrice, isNegotiable: chance(0.5), financingAvailable: chance(0.7) } : null,
    rentalOptions: listingType === "rental" ? { dailyRate: daily, weeklyRate: daily * 6, monthlyRate: chance(0.6) ? daily * 22 : null, deposit: chance(0.8) ? 500 : null, minRentalDays: pick([1, 2, 3, 7]) } : null,
    auctionOptions:
      listingType === "auction"
        ? { startingBid, reservePrice: chance(0.6) ? Math.round(salePrice * 0.9) : null, currentBid: chance(0.7) ? startingBid + int(1, 30) * 250 : null, auctionEnd: iso(NOW + int(1, 14) * DAY) }
        : null,
    features: feats,
    pickupDetails: pick(LOCATIONS),
    price: listingType === "sale" ? salePrice : listingType === "rental" ? daily : startingBid,
    impressionsCount: Math.round(Math.pow(rnd(), 2) * 4000),
    createdDate: iso(created),
    updatedDate: iso(created + int(0, 30) * DAY),
  };
}
const vehicles: Vehicle[] = Array.from({ length: VEHICLE_COUNT }, (_, i) => makeVehicle(i + 1));
const vehicleById = new Map(vehicles.map((v) => [v.id, v]));

// ---------------------------------------------------------------- customers
const FIRST = ["Olivia", "Liam", "Emma", "Noah", "Ava", "Oliver", "Sophia", "Elijah", "Isabella", "James", "Mia", "Lucas", "Amelia", "Mateo", "Harper", "Ethan", "Aisha", "Daniel", "Chloe", "Henry", "Priya", "Samuel", "Grace", "Diego", "Hannah", "Kenji", "Zoe", "Omar", "Lena", "Marcus"];
const LAST = ["Smith", "Johnson", "Garcia", "Brown", "Martinez", "Davis", "Lopez", "Wilson", "Anderson", "Thomas", "Moore", "Jackson", "Martin", "Lee", "Thompson", "White", "Harris", "Clark", "Lewis", "Walker", "Nguyen", "Patel", "Kowalski", "O'Brien", "Schmidt"];
const TAGS = ["trade-in", "financing", "family", "fleet", "first car", "electric", "weekend", "referral", "repeat", "corporate"];
const NOTES = ["Prefers calls after 5pm.", "Interested in trading in their 2015 sedan.", "Asked about extended warranty options.", "Wants a test drive on a Saturday morning.", "Budget is firm; looking for financing.", null, null];

function makeCustomer(n: number): Customer {
  const first = pick(FIRST);
  const last = pick(LAST);
  const purchases = chance(0.3) ? 0 : int(1, 6);
  const spent = purchases === 0 ? 0 : Math.round(purchases * (12_000 + rnd() * 40_000));
  const created = NOW - int(0, 900) * DAY;
  const lastPurchase = purchases ? NOW - int(3, 600) * DAY : null;
  const isVip = spent > 120_000 || chance(0.05);
  let segment: CustomerSegment = purchases === 0 ? "new" : isVip ? "vip" : lastPurchase !== null && NOW - lastPurchase > 365 * DAY ? "at_risk" : "regular";
  if (NOW - created < 30 * DAY && purchases === 0) segment = "new";
  const email = `${first}.${last}${n}@example.com`.toLowerCase().replace(/'/g, "");
  return {
    id: id("cus", n),
    user: { id: id("usr", n), email, firstName: first, lastName: last, phone: chance(0.85) ? { mobile: `+1 555 ${int(100, 999)} ${int(1000, 9999)}`, whatsapp: chance(0.3) ? `+1 555 ${int(100, 999)} ${int(1000, 9999)}` : null } : null, profileImageUrl: null },
    stats: { totalPurchases: purchases, totalSpent: spent, lastPurchaseDate: lastPurchase === null ? null : iso(lastPurchase), totalVehiclesPurchased: Math.max(0, purchases - int(0, 1)), totalVehiclesRented: int(0, 3) },
    classification: { leadScore: int(5, 98), lifecycleStage: pick(["lead", "prospect", "customer", "repeat_customer"]), customerSegment: segment, isVip },
    preferences: {
      vehicleTypes: BODY_TYPES.filter(() => chance(0.2)).map((b) => b.name).slice(0, 3),
      brands: brands.filter(() => chance(0.12)).map((b) => b.name).slice(0, 3),
      priceRange: chance(0.7) ? { min: int(1, 3) * 10_000, max: int(4, 9) * 10_000 } : null,
      contactMethod: pick(["email", "phone", "whatsapp", null]),
    },
    tags: TAGS.filter(() => chance(0.12)).slice(0, 4),
    notes: pick(NOTES),
    createdDate: iso(created),
    updatedDate: iso(created + int(0, 60) * DAY),
    version: int(1, 5),
  };
}
const customers: Customer[] = Array.from({ length: CUSTOMER_COUNT }, (_, i) => makeCustomer(i + 1));
const customerById = new Map(customers.map((c) => [c.id, c]));
const pendingCustomers = new Set<string>();
const pendingDrives = new Set<string>();

// ---------------------------------------------------------------- test drives
const STATUSES: TestDriveStatus[] = ["pending", "pending", "pending", "confirmed", "confirmed", "completed", "completed", "cancelled", "no_show"];
const testDrives: TestDrive[] = EMPTY
  ? []
  : Array.from({ length: 64 }, (_, i) => {
      const c = pick(customers);
      const v = pick(vehicles);
      const status = pick(STATUSES);
      const future = status === "pending" || status === "confirmed";
      const when = future ? NOW + int(1, 20) * DAY + int(9, 17) * 3_600_000 : NOW - int(1, 60) * DAY;
      const rounded = Math.floor(when / 1_800_000) * 1_800_000;
      const created = Math.min(NOW, rounded) - int(1, 10) * DAY;
      return {
        id: id("td", i + 1),
        vehicleId: v.id,
        vehicleName: v.name,
        customerId: chance(0.8) ? c.id : null,
        name: `${c.user.firstName} ${c.user.lastName}`,
        email: c.user.email,
        phone: c.user.phone?.mobile ?? null,
        preferredDate: iso(rounded),
        scheduledAt: status === "pending" ? null : iso(rounded),
        status,
        notes: chance(0.25) ? pick(["Bring driving licence.", "Wants to compare with a hybrid.", "Second visit."]) : null,
        createdDate: iso(created),
        updatedDate: iso(created),
        version: 1,
      };
    });

// ---------------------------------------------------------------- app state
const profiles: ProfileInfo[] = [
  { name: "Sandbox", baseUrl: "http://127.0.0.1:48213", environment: "test", kind: "sandbox", active: true },
  { name: "Main showroom", baseUrl: "https://api.carstrel.example", environment: "live", kind: "remote", active: false },
];
let sandboxRunning = search.get("fakeOffline") !== "1";
let syncing = false;
let lastSyncedAt: string | null = EMPTY ? null : iso(NOW - 2 * 60_000 - 10_000);
const outbox: Array<{ entity: "customer" | "testDrive"; id: string }> = [];
let conflictSeq = 1;
const conflicts: Conflict[] = [];
if (customers[2]) {
  const c = customers[2];
  const theirs: Customer = { ...c, notes: "Called on Monday — wants the red Mustang.", tags: [...c.tags, "hot lead"], version: c.version + 1 };
  const mine: Customer = { ...c, notes: "Prefers email. Follow up about financing.", tags: [...c.tags, "financing"], classification: { ...c.classification, isVip: true } };
  conflicts.push({ id: conflictSeq++, entity: "customer", entityId: c.id, mine, theirs, createdAt: iso(NOW - 3_600_000) });
}

function activeProfile(): ProfileInfo {
  return profiles.find((p) => p.active) ?? profiles[0]!;
}
function online(): boolean {
  return activeProfile().kind === "sandbox" ? sandboxRunning : true;
}
function status(): AppStatus {
  return { profile: { ...activeProfile() }, online: online(), syncing, lastSyncedAt, pendingOutbox: outbox.length, conflicts: conflicts.length, hasFullCopy: !EMPTY || lastSyncedAt !== null };
}

// ---------------------------------------------------------------- events
type Listener<T> = (ev: { event: string; id: number; payload: T }) => void;
const listeners = new Map<string, Set<Listener<unknown>>>();
function emit<T>(name: string, payload: T): void {
  for (const l of listeners.get(name) ?? []) l({ event: name, id: 0, payload });
}
function eventObj<T>(name: string) {
  return {
    listen: async (cb: Listener<T>) => {
      const set = listeners.get(name) ?? new Set();
      set.add(cb as Listener<unknown>);
      listeners.set(name, set);
      return () => set.delete(cb as Listener<unknown>);
    },
    once: async (cb: Listener<T>) => {
      const set = listeners.get(name) ?? new Set();
      const wrap: Listener<unknown> = (ev) => {
        set.delete(wrap);
        cb(ev as { event: string; id: number; payload: T });
      };
      set.add(wrap);
      listeners.set(name, set);
      return () => set.delete(wrap);
    },
    emit: async (payload: T) => emit(name, payload),
  };
}
export const events = {
  syncProgressEvent: eventObj<SyncProgress>("sync-progress-event"),
  statusChanged: eventObj<AppStatus>("status-changed"),
} satisfies Record<keyof typeof RealEvents, unknown>;
const statusChanged = () => emit("status-changed", status());

// ---------------------------------------------------------------- helpers
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const latency = () => sleep(15 + Math.floor(Math.random() * 60));
const ok = <T>(data: T): Result<T, UiError> => ({ status: "ok", data });
const err = <T>(code: string, message: string): Result<T, UiError> => ({ status: "error", error: { code, message } });
function paginate<T>(items: T[], page: number | null, limit: number | null): Page<T> {
  const l = Math.max(1, Math.min(100, limit ?? 20));
  const p = Math.max(1, page ?? 1);
  return { items: items.slice((p - 1) * l, p * l), total: items.length, page: p, limit: l, totalPages: Math.max(1, Math.ceil(items.length / l)) };
}
const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;
const customerRow = (c: Customer): CustomerRow => ({ customer: clone(c), pending: pendingCustomers.has(c.id), conflict: conflicts.some((x) => x.entity === "customer" && x.entityId === c.id) });
const driveRow = (t: TestDrive): TestDriveRow => ({ testDrive: clone(t), pending: pendingDrives.has(t.id) });

let flushTimer: ReturnType<typeof setTimeout> | undefined;
function scheduleFlush(): void {
  if (!online() || outbox.length === 0) return;
  clearTimeout(flushTimer);
  flushTimer = setTimeout(() => {
    if (!online()) return;
    outbox.splice(0).forEach((e) => (e.entity === "customer" ? pendingCustomers : pendingDrives).delete(e.id));
    statusChanged();
  }, 2500);
}
function enqueue(entity: "customer" | "testDrive", entityId: string): void {
  if (!outbox.some((e) => e.entity === entity && e.id === entityId)) outbox.push({ entity, id: entityId });
  (entity === "customer" ? pendingCustomers : pendingDrives).add(entityId);
  statusChanged();
  scheduleFlush();
}

function sortBy<T>(xs: T[], key: (x: T) => number | string | null, order: "asc" | "desc"): T[] {
  const dir = order === "asc" ? 1 : -1;
  return xs.sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    if (ka === kb) return 0;
    if (ka === null) return 1;
    if (kb === null) return -1;
    return (ka < kb ? -1 : 1) * dir;
  });
}

/** How often the UI reported things the tests check (e.g. the first painted dashboard). */
export const calls = { dashboardPainted: 0, dashboardChartsDrawn: 0 };

// ---------------------------------------------------------------- commands
// Typed as the generated commands, so the fake fails to compile when the real API drifts.
export const commands: typeof RealCommands = {
  async appStatus(): Promise<Result<AppStatus, UiError>> {
    return ok(status());
  },

  async syncNow(full: boolean): Promise<Result<SyncReport, UiError>> {
    if (!online()) return err("offline", "The sandbox server is not reachable. Your changes are kept and will be sent later.");
    if (syncing) return err("busy", "A sync is already running.");
    syncing = true;
    statusChanged();
    const step = SLOW ? 900 : 120;
    const phases: Array<[SyncProgress["phase"], number]> = [["metadata", 1], ["vehicles", vehicles.length], ["customers", customers.length], ["testDrives", testDrives.length], ["outbox", outbox.length]];
    for (const [phase, total] of phases) {
      const parts = Math.max(1, Math.min(6, total));
      for (let i = 0; i <= parts; i++) {
        emit("sync-progress-event", { phase, done: Math.round((total * i) / parts), total });
        await sleep(step);
      }
    }
    const sent = outbox.length;
    outbox.splice(0).forEach((e) => (e.entity === "customer" ? pendingCustomers : pendingDrives).delete(e.id));
    emit("sync-progress-event", { phase: "done", done: 0, total: null });
    syncing = false;
    lastSyncedAt = new Date().toISOString();
    statusChanged();
    return ok({ vehicles: full ? vehicles.length : int(0, 6), customers: full ? customers.length : int(0, 3), testDrives: int(0, 2), deleted: 0, sent, conflicts: 0, full, resumed: false, fellBackToLists: false });
  },

  async dashboardPainted(): Promise<void> {
    calls.dashboardPainted++;
  },

  async dashboardChartsDrawn(): Promise<void> {
    calls.dashboardChartsDrawn++;
  },

  async dashboard(): Promise<Result<Dashboard, UiError>> {
    await latency();
    const byBodyType: Record<string, number> = {};
    const byBrand: Record<string, number> = {};
    const byListingType = { sale: 0, rental: 0, auction: 0 };
    for (const v of vehicles) {
      byListingType[v.listingType]++;
      const bt = v.model.bodyType?.name ?? "Other";
      byBodyType[bt] = (byBodyType[bt] ?? 0) + 1;
      byBrand[v.model.brand.name] = (byBrand[v.model.brand.name] ?? 0) + 1;
    }
    const seg = { new: 0, regular: 0, vip: 0, atRisk: 0 };
    let revenue = 0;
    let tx = 0;
    let lead = 0;
    for (const c of customers) {
      const s = c.classification.customerSegment;
      if (s === "at_risk") seg.atRisk++;
      else seg[s]++;
      revenue += c.stats.totalSpent ?? 0;
      tx += c.stats.totalPurchases;
      lead += c.classification.leadScore;
    }
    const upcoming = testDrives
      .filter((t) => (t.status === "pending" || t.status === "confirmed") && Date.parse(t.scheduledAt ?? t.preferredDate ?? "") > NOW)
      .sort((a, b) => Date.parse(a.scheduledAt ?? a.preferredDate ?? "") - Date.parse(b.scheduledAt ?? b.preferredDate ?? ""))
      .slice(0, 5);
    return ok({
      vehicles: { totalVehicles: vehicles.length, availableVehicles: vehicles.filter((v) => v.status === "available").length, byListingType, byBodyType, byBrand },
      customers: {
        totalCustomers: customers.length,
        vipCustomers: customers.filter((c) => c.classification.isVip).length,
        totalRevenue: revenue,
        averageSpent: customers.length ? revenue / customers.length : 0,
        totalTransactions: tx,
        averageLeadScore: customers.length ? lead / customers.length : 0,
        newCustomersLast30Days: customers.filter((c) => NOW - Date.parse(c.createdDate) < 30 * DAY).length,
        segmentBreakdown: seg,
      },
      pendingTestDrives: testDrives.filter((t) => t.status === "pending").length,
      upcomingTestDrives: clone(upcoming),
    });
  },

  async filterOptions(): Promise<Result<FilterOptions, UiError>> {
    await latency();
    return ok({ brands: brands.map(({ id, name }) => ({ id, name })), models: models.map(({ id, name, brandId }) => ({ id, name, brandId })), bodyTypes: BODY_TYPES.map(({ id, name }) => ({ id, name })) });
  },

  async listVehicles(query: VehicleQuery, text: string | null): Promise<Result<Page<Vehicle>, UiError>> {
    await latency();
    if (query.minYear != null && query.maxYear != null && query.minYear > query.maxYear) return err("invalid_query", "minYear must not be greater than maxYear");
    if (query.limit != null && (query.limit < 1 || query.limit > 100)) return err("invalid_query", "limit must be between 1 and 100");
    const q = text?.trim().toLowerCase() ?? "";
    let xs = vehicles.filter(
      (v) =>
        (query.brandId == null || v.model.brand.id === query.brandId) &&
        (query.modelId == null || v.model.id === query.modelId) &&
        (query.bodyTypeId == null || v.model.bodyType?.id === query.bodyTypeId) &&
        (query.minYear == null || v.year >= query.minYear) &&
        (query.maxYear == null || v.year <= query.maxYear) &&
        (query.minPrice == null || (v.price ?? 0) >= query.minPrice) &&
        (query.maxPrice == null || (v.price ?? Infinity) <= query.maxPrice) &&
        (query.listingType == null || v.listingType === query.listingType) &&
        (q === "" || `${v.name} ${v.model.brand.name} ${v.model.name} ${v.exteriorColor ?? ""}`.toLowerCase().includes(q)),
    );
    const sort = query.sort ?? "createdDate";
    xs = sortBy(xs.slice(), (v) => (sort === "createdDate" ? v.createdDate : sort === "impressionsCount" ? v.impressionsCount : sort === "name" ? v.name.toLowerCase() : sort === "price" ? v.price : v[sort]), query.order ?? "desc");
    return ok(clone(paginate(xs, query.page ?? null, query.limit ?? null)));
  },

  async getVehicle(vid: string): Promise<Result<Vehicle, UiError>> {
    await latency();
    const v = vehicleById.get(vid);
    if (!v) return err("not_found", "vehicle not found in the offline cache");
    if (online()) v.impressionsCount++;
    return ok(clone(v));
  },

  async listCustomers(query: CustomerQuery): Promise<Result<Page<CustomerRow>, UiError>> {
    await latency();
    const q = query.search?.trim().toLowerCase() ?? "";
    let xs = customers.filter(
      (c) =>
        (query.segment == null || c.classification.customerSegment === query.segment) &&
        (q === "" || `${c.user.firstName} ${c.user.lastName} ${c.user.email} ${c.user.phone?.mobile ?? ""} ${c.tags.join(" ")}`.toLowerCase().includes(q)),
    );
    const s = query.sortBy ?? "createdDate";
    xs = sortBy(xs.slice(), (c) => (s === "createdDate" ? c.createdDate : s === "totalSpent" ? c.stats.totalSpent ?? 0 : s === "leadScore" ? c.classification.leadScore : c.stats.lastPurchaseDate), query.sortOrder ?? "desc");
    const page = paginate(xs, query.page ?? null, query.limit ?? null);
    return ok({ ...page, items: page.items.map(customerRow) });
  },

  async getCustomer(cid: string): Promise<Result<CustomerRow, UiError>> {
    await latency();
    const c = customerById.get(cid);
    return c ? ok(customerRow(c)) : err("not_found", "customer not found in the offline cache");
  },

  async updateCustomer(cid: string, change: CustomerUpdate): Promise<Result<CustomerRow, UiError>> {
    await latency();
    const c = customerById.get(cid);
    if (!c) return err("not_found", "customer not found in the offline cache");
    if (change.notes != null) c.notes = change.notes === "" ? null : change.notes;
    if (change.tags != null) c.tags = [...change.tags];
    if (change.preferences != null) c.preferences = clone(change.preferences);
    if (change.isVip != null) c.classification.isVip = change.isVip;
    c.updatedDate = new Date().toISOString();
    enqueue("customer", cid);
    return ok(customerRow(c));
  },

  async listConflicts(): Promise<Result<Conflict[], UiError>> {
    await latency();
    return ok(clone(conflicts));
  },

  async resolveConflict(cid: number, keep: Keep): Promise<Result<null, UiError>> {
    await latency();
    const i = conflicts.findIndex((c) => c.id === cid);
    if (i < 0) return err("not_found", "conflict already resolved");
    const [conflict] = conflicts.splice(i, 1);
    if (conflict && conflict.entity === "customer") {
      const chosen = (keep === "mine" ? conflict.mine : conflict.theirs) as Customer;
      const c = customerById.get(conflict.entityId);
      if (c) {
        Object.assign(c, clone(chosen));
        if (keep === "mine") enqueue("customer", c.id);
      }
    }
    statusChanged();
    return ok(null);
  },

  async listTestDrives(st: TestDriveStatus | null, page: number | null, limit: number | null): Promise<Result<Page<TestDriveRow>, UiError>> {
    await latency();
    const xs = testDrives.filter((t) => st === null || t.status === st).sort((a, b) => Date.parse(b.preferredDate ?? b.createdDate) - Date.parse(a.preferredDate ?? a.createdDate));
    const p = paginate(xs, page, limit);
    return ok({ ...p, items: p.items.map(driveRow) });
  },

  async createTestDrive(request: CreateTestDriveRequest): Promise<Result<TestDriveRow, UiError>> {
    await latency();
    const v = vehicleById.get(request.vehicleId);
    if (!v) return err("not_found", "vehicle not found in the offline cache");
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(request.email)) return err("invalid_input", "email is not a valid address");
    const now = new Date().toISOString();
    const cust = customers.find((c) => c.user.email === request.email.toLowerCase());
    const td: TestDrive = { id: id("td", testDrives.length + 1000), vehicleId: v.id, vehicleName: v.name, customerId: cust?.id ?? null, name: request.name, email: request.email, phone: request.phone ?? null, preferredDate: request.preferredDate ?? null, scheduledAt: null, status: "pending", notes: null, createdDate: now, updatedDate: now, version: 1 };
    testDrives.push(td);
    enqueue("testDrive", td.id);
    return ok(driveRow(td));
  },

  async updateTestDrive(tid: string, change: TestDriveUpdate): Promise<Result<TestDriveRow, UiError>> {
    await latency();
    const t = testDrives.find((x) => x.id === tid);
    if (!t) return err("not_found", "test drive not found in the offline cache");
    const final = t.status === "completed" || t.status === "cancelled" || t.status === "no_show";
    if (change.status != null && final && change.status !== t.status) return err("invalid_change", `a ${t.status} test drive cannot become ${change.status}`);
    if (change.status != null) t.status = change.status;
    if (change.scheduledAt != null) t.scheduledAt = change.scheduledAt;
    if (change.notes != null) t.notes = change.notes;
    t.updatedDate = new Date().toISOString();
    t.version++;
    enqueue("testDrive", t.id);
    return ok(driveRow(t));
  },

  async listProfiles(): Promise<Result<ProfileInfo[], UiError>> {
    await latency();
    return ok(clone(profiles));
  },

  async addProfile(name: string, baseUrl: string, apiKey: string): Promise<Result<ProfileInfo, UiError>> {
    await sleep(400);
    if (profiles.some((p) => p.name.toLowerCase() === name.toLowerCase())) return err("invalid_input", `a profile named "${name}" already exists`);
    if (!/^https?:\/\//.test(baseUrl)) return err("invalid_input", "the base URL must start with https://");
    if (!/^sk_(live|test)_\w{6,}$/.test(apiKey)) return err("unauthorized", "the server refused this API key");
    const p: ProfileInfo = { name, baseUrl, environment: apiKey.startsWith("sk_live_") ? "live" : "test", kind: "remote", active: false };
    profiles.push(p);
    return ok(clone(p));
  },

  async useProfile(name: string): Promise<Result<AppStatus, UiError>> {
    await latency();
    const p = profiles.find((x) => x.name === name);
    if (!p) return err("not_found", `no profile named "${name}"`);
    for (const x of profiles) x.active = x === p;
    statusChanged();
    return ok(status());
  },

  async removeProfile(name: string): Promise<Result<null, UiError>> {
    await latency();
    const i = profiles.findIndex((x) => x.name === name);
    if (i < 0) return err("not_found", `no profile named "${name}"`);
    if (profiles[i]?.kind === "sandbox") return err("invalid_input", "the sandbox profile is built in");
    if (profiles[i]?.active) return err("invalid_input", "switch to another profile before removing this one");
    profiles.splice(i, 1);
    return ok(null);
  },

  async setSandboxRunning(running: boolean): Promise<Result<AppStatus, UiError>> {
    await sleep(250);
    sandboxRunning = running;
    statusChanged();
    scheduleFlush();
    return ok(status());
  },

  async exportCsv(kind: ExportKind, path: string): Promise<Result<number, UiError>> {
    await sleep(300);
    if (!path) return err("invalid_input", "no file chosen");
    return ok(kind === "vehicles" ? vehicles.length : customers.length);
  },
};
