// A vehicle photo that cannot be loaded (offline, or its host is gone) gives way to a
// drawing of what it showed and a line saying so, never a broken image.
import { describe, expect, it } from "vitest";
import { gallery, missingPhoto } from "../src/views/vehicle-detail";
import type { Vehicle } from "../src/backend";

describe("missing photos", () => {
  it("say what they showed", () => {
    const engine = missingPhoto("engine", "2020 Audi A3 — photo 3 of 4", "gallery-main");
    expect(engine.dataset["category"]).toBe("engine");
    expect(engine.textContent).toBe("Engine photo unavailable");
    expect(engine.getAttribute("role")).toBe("img");
    expect(engine.getAttribute("aria-label")).toBe("2020 Audi A3 — photo 3 of 4 (not available)");
    const odd = missingPhoto("drone shot", "", "thumb-img");
    expect(odd.dataset["category"]).toBe("other");
    expect(odd.textContent).toBe("Photo unavailable");
    expect(odd.getAttribute("aria-label")).toBe("A photo (not available)");
  });

  it("replace a gallery image that fails to load", () => {
    const vehicle = {
      name: "2020 Audi A3",
      media: [
        { id: "m1", url: "https://cdn.example/1.jpg", type: "photo", category: "interior", isFeatured: true, sortOrder: 0 },
        { id: "m2", url: "https://cdn.example/2.jpg", type: "photo", category: "exterior", isFeatured: false, sortOrder: 1 },
      ],
    } as unknown as Vehicle;
    const el = gallery(vehicle);
    // While a photo loads, its frame already shows what it is of.
    expect(el.querySelector<HTMLElement>(".gallery-main-wrap")?.dataset["category"]).toBe("interior");
    expect([...el.querySelectorAll<HTMLElement>(".thumb")].map((t) => t.dataset["category"])).toEqual(["interior", "exterior"]);
    const main = el.querySelector<HTMLImageElement>("img.gallery-main");
    expect(main?.alt).toBe("2020 Audi A3 — photo 1 of 2");
    main?.dispatchEvent(new Event("error"));
    const missing = el.querySelector<HTMLElement>(".gallery-main.photo-missing");
    expect(missing?.dataset["category"]).toBe("interior");
    expect(el.querySelector("img.gallery-main")).toBeNull();
  });
});

describe("photo addresses", () => {
  it("go through the offline photo cache's scheme, never the media URL", async () => {
    const { photoUrl } = await import("../src/photo-url");
    expect(photoUrl("v-1", 2, "thumb", "Mozilla/5.0 (X11; Linux x86_64)")).toBe("photo://localhost/v-1/2?size=thumb");
    expect(photoUrl("v-1", 1, "full", "Mozilla/5.0 (Macintosh)")).toBe("photo://localhost/v-1/1");
    expect(photoUrl("v 1", 3, "full", "Mozilla/5.0 (Windows NT 10.0; Win64; x64)")).toBe("http://photo.localhost/v%201/3");
    const vehicle = { id: "v-9", name: "A car", media: [{ id: "m", url: "https://cdn.example/1.jpg", type: "photo", category: "exterior", isFeatured: true, sortOrder: 1 }] } as unknown as Vehicle;
    const img = gallery(vehicle).querySelector<HTMLImageElement>("img.gallery-main");
    expect(img?.getAttribute("src")).toMatch(/^(photo:\/\/localhost|http:\/\/photo\.localhost)\/v-9\/1$/);
  });
});
