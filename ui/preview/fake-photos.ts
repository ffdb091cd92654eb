// Fake of ../src/photo-url for the browser preview: no photo scheme outside the app, so each
// photo is a data: URL of a drawn car (allowed by the app's CSP), tinted by its position.
import type { PhotoSize } from "../src/photo-url";

export type { PhotoSize };

const TINTS = ["#c0392b", "#2c3e50", "#16a085", "#d35400", "#7f8c8d", "#8e44ad"];

export function photoUrl(vehicleId: string, position: number, size: PhotoSize): string {
  const tint = TINTS[(position + vehicleId.length) % TINTS.length] ?? "#7f8c8d";
  const width = size === "thumb" ? 480 : 800;
  const svg =
    `<svg xmlns='http://www.w3.org/2000/svg' width='${width}' height='${Math.round((width * 2) / 3)}' viewBox='0 0 120 80'>` +
    `<rect width='120' height='80' fill='#d6e8f5'/><rect y='66' width='120' height='14' fill='#adb5bd'/>` +
    `<path d='M15 62V48l14-4 10-12h34l12 12 20 4v14z' fill='${tint}'/>` +
    `<circle cx='34' cy='62' r='7' fill='#212529'/><circle cx='88' cy='62' r='7' fill='#212529'/></svg>`;
  return `data:image/svg+xml,${encodeURIComponent(svg)}`;
}
