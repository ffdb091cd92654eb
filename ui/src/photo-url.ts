// Where the window loads a vehicle's photo: never the media URL itself but the offline
// photo cache's URI scheme (src-tauri/photo_scheme.rs), which serves from the cache,
// fetches on a miss while online, and answers 404 when the photo is truly unavailable
// (the gallery then draws its placeholder). WebView2 on Windows maps custom schemes to
// http://<scheme>.localhost. The fake preview swaps this module for
// preview/fake-photos.ts (vite.config.ts).

export type PhotoSize = "thumb" | "full";

export function photoUrl(vehicleId: string, position: number, size: PhotoSize, userAgent: string = typeof navigator === "undefined" ? "" : navigator.userAgent): string {
  const origin = /Windows/.test(userAgent) ? "http://photo.localhost" : "photo://localhost";
  return `${origin}/${encodeURIComponent(vehicleId)}/${position}${size === "thumb" ? "?size=thumb" : ""}`;
}
