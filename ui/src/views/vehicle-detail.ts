// Vehicle detail panel: photo gallery (featured first, then sortOrder), key specs, the
// sale/rental/auction terms, features by group, pickup, views and dates, and the
// "Book test drive" action.

import { h, replaceChildren } from "../dom";
import { api, friendlyMessage } from "../backend";
import type { Media, Vehicle } from "../backend";
import { barChart } from "../components/charts";
import { date, dateTime, label, mileage, money, num } from "../format";
import { sortedImages, vehiclePrice } from "../domain";
import { photoUrl, type PhotoSize } from "../photo-url";
import { badge, facts } from "../components/ui";

function yesNo(b: boolean): string {
  return b ? "Yes" : "No";
}

const CATEGORY_NAMES: Record<string, string> = { exterior: "Exterior", interior: "Interior", engine: "Engine" };

/** What stands in for a photo that cannot be loaded (offline, or its host is gone): a
 *  drawing of what it showed (exterior, interior, engine) and a line saying so. */
export function missingPhoto(category: string, alt: string, cls: string): HTMLElement {
  const known = CATEGORY_NAMES[category];
  return h(
    "div",
    { class: `${cls} photo-missing`, "data-category": known ? category : "other", role: "img", "aria-label": `${alt || `${known ?? "A"} photo`} (not available)` },
    known ? `${known} photo unavailable` : "Photo unavailable",
  );
}

/** A photo through the offline photo cache (see ../photo-url), never straight from its URL. */
function photo(vehicleId: string, m: Media, alt: string, cls: string, size: PhotoSize): HTMLElement {
  const img = h("img", { src: photoUrl(vehicleId, m.sortOrder, size), alt, class: cls, loading: "lazy", decoding: "async", referrerpolicy: "no-referrer" });
  img.addEventListener("error", () => img.replaceWith(missingPhoto(m.category, alt, cls)));
  return img;
}

export function gallery(v: Vehicle): HTMLElement {
  const images = sortedImages(v.media);
  if (images.length === 0) return h("div", { class: "gallery" }, h("div", { class: "gallery-main photo-missing", "data-category": "none", role: "img", "aria-label": `No photos of ${v.name}` }, "No photos yet"));
  const main = h("div", { class: "gallery-main-wrap" });
  const altFor = (i: number) => `${v.name} — photo ${i + 1} of ${images.length}`;
  let current = 0;
  const thumbs = h("div", { class: "gallery-thumbs", role: "list", "aria-label": "Photos" });
  const show = (i: number) => {
    const m = images[i];
    if (!m) return;
    current = i;
    main.dataset["category"] = m.category;
    replaceChildren(main, photo(v.id, m, altFor(i), "gallery-main", "full"));
    for (const [j, t] of [...thumbs.children].entries()) t.setAttribute("aria-current", j === current ? "true" : "false");
  };
  images.forEach((m, i) => {
    const btn = h("button", { type: "button", class: "thumb", role: "listitem", "data-category": m.category, "aria-label": `Show photo ${i + 1}`, onclick: () => show(i) }, photo(v.id, m, "", "thumb-img", "thumb"));
    thumbs.appendChild(btn);
  });
  show(0);
  return h("div", { class: "gallery" }, main, images.length > 1 ? thumbs : null);
}

function terms(v: Vehicle): HTMLElement | null {
  if (v.saleOptions) {
    const s = v.saleOptions;
    return h("section", { class: "detail-section" }, h("h3", null, "Sale"), facts([["Price", money(s.price)], ["Negotiable", yesNo(s.isNegotiable)], ["Financing", s.financingAvailable ? "Available" : "Not offered"]]));
  }
  if (v.rentalOptions) {
    const r = v.rentalOptions;
    return h(
      "section",
      { class: "detail-section" },
      h("h3", null, "Rental"),
      facts([
        ["Daily rate", money(r.dailyRate)],
        ["Weekly rate", r.weeklyRate === null ? null : money(r.weeklyRate)],
        ["Monthly rate", r.monthlyRate === null ? null : money(r.monthlyRate)],
        ["Deposit", r.deposit === null ? null : money(r.deposit)],
        ["Minimum rental", `${num(r.minRentalDays)} ${r.minRentalDays === 1 ? "day" : "days"}`],
      ]),
    );
  }
  if (v.auctionOptions) {
    const a = v.auctionOptions;
    return h(
      "section",
      { class: "detail-section" },
      h("h3", null, "Auction"),
      facts([
        ["Starting bid", money(a.startingBid)],
        ["Current bid", a.currentBid === null ? "No bids yet" : money(a.currentBid)],
        ["Reserve price", a.reservePrice === null ? null : money(a.reservePrice)],
        ["Ends", a.auctionEnd === null ? null : dateTime(a.auctionEnd)],
      ]),
    );
  }
  return null;
}

function features(v: Vehicle): HTMLElement {
  const groups: Array<[string, string[]]> = [
    ["Safety", v.features.safety],
    ["Exterior", v.features.exterior],
    ["Interior", v.features.interior],
    ["Entertainment", v.features.entertainment],
  ];
  const present = groups.filter(([, list]) => list.length > 0);
  return h(
    "section",
    { class: "detail-section" },
    h("h3", null, "Features"),
    present.length === 0
      ? h("p", { class: "muted" }, "No features listed.")
      : h(
          "div",
          { class: "feature-groups" },
          present.map(([name, list]) => h("div", { class: "feature-group" }, h("h4", null, name), h("ul", { class: "feature-list" }, list.map((f) => h("li", null, f))))),
        ),
  );
}

function priceCaption(v: Vehicle): string | null {
  if (v.listingType === "auction") return v.auctionOptions?.currentBid != null ? "current bid" : "starting bid";
  if (v.listingType === "sale" && v.saleOptions?.isNegotiable) return "negotiable";
  return null;
}

/** The price history as a chart (oldest first), from the cache, and a price change that
 *  shows at once and waits in the outbox (the server refuses it without inventory:write). */
function priceHistory(v: Vehicle): HTMLElement {
  const body = h("div", { class: "price-history" }, h("p", { class: "muted" }, "Loading the price history…"));
  const load = () =>
    void api
      .priceHistory(v.id)
      .then((points) => {
        const data = points.map((p) => ({ label: date(p.changedDate), value: p.price ?? 0 }));
        replaceChildren(body, data.length === 0 ? h("p", { class: "muted" }, "No price history yet; it arrives with a sync.") : barChart("chart-price-history", "Price history", data, { colorIndex: 2 }).el);
      })
      .catch((e: unknown) => replaceChildren(body, h("p", { class: "muted" }, friendlyMessage(e))));
  const input = h("input", { type: "number", min: "0", step: "any", "aria-label": "New price", "data-testid": "new-price", value: v.price === null ? "" : String(v.price) }) as HTMLInputElement;
  const note = h("p", { class: "muted", role: "status" });
  const form = h(
    "form",
    {
      class: "set-price",
      onsubmit: (e: Event) => {
        e.preventDefault();
        void api
          .setVehiclePrice(v.id, Number(input.value))
          .then((saved) => {
            note.textContent = `Price set to ${money(saved.price)}; it is sent with the next sync.`;
            load();
          })
          .catch((err: unknown) => (note.textContent = friendlyMessage(err)));
      },
    },
    input,
    h("button", { class: "btn", type: "submit", "data-testid": "set-price" }, "Set price"),
  );
  load();
  return h("section", { class: "detail-section" }, h("h3", null, "Price history"), body, form, note);
}

export function vehicleDetail(v: Vehicle, actions: { onBookTestDrive(): void }): HTMLElement {
  const statusKind = v.status === "available" ? "success" : v.status === "reserved" ? "warning" : "neutral";
  const engine = v.engine;
  return h(
    "article",
    { class: "vehicle-detail", "data-id": v.id },
    h(
      "header",
      { class: "detail-header" },
      h("p", { class: "eyebrow" }, `${v.model.brand.name} · ${v.model.name}`),
      h("h2", { class: "detail-title", id: "vehicle-detail-title", tabindex: -1 }, v.name),
      h("div", { class: "detail-badges" }, badge(label(v.status), statusKind), badge(label(v.listingType), "info"), h("span", { class: "detail-price" }, vehiclePrice(v), priceCaption(v) ? h("small", { class: "price-caption" }, priceCaption(v)) : null)),
      h("div", { class: "detail-actions" }, h("button", { class: "btn btn-primary", type: "button", "data-testid": "book-test-drive", onclick: () => actions.onBookTestDrive() }, "Book test drive")),
    ),
    gallery(v),
    h(
      "section",
      { class: "detail-section" },
      h("h3", null, "Overview"),
      facts([
        ["Year", String(v.year)],
        ["Mileage", mileage(v.mileage)],
        ["Body type", v.model.bodyType?.name ?? null],
        ["Engine", engine ? engine.name : null],
        ["Fuel / type", engine ? label(engine.type) : null],
        ["Power", engine?.horsepower ? `${num(engine.horsepower)} hp` : null],
        ["Transmission", engine?.transmission ? label(engine.transmission) : null],
        ["Exterior", v.exteriorColor],
        ["Interior", v.interiorColor],
      ]),
    ),
    terms(v),
    priceHistory(v),
    features(v),
    v.description ? h("section", { class: "detail-section" }, h("h3", null, "Description"), h("p", { class: "prose" }, v.description)) : null,
    h(
      "section",
      { class: "detail-section" },
      h("h3", null, "Pickup & activity"),
      facts([
        ["Location", v.pickupDetails?.locationName ?? null],
        ["Address", v.pickupDetails?.address ?? null],
        ["Views", num(v.impressionsCount)],
        ["Listed", date(v.listedDate ?? v.createdDate)],
        ["Days on lot", v.daysOnLot == null ? null : num(v.daysOnLot)],
        ["Updated", dateTime(v.updatedDate)],
      ]),
    ),
  );
}
