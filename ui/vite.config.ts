// Vite config for the Dealer Console front end (root: ui/, output: ui/dist, served by Tauri).
//
// `--mode fake` swaps the generated Tauri bindings for preview/fake-backend.ts so every
// screen runs in a plain browser without the Rust app:
// `npm run preview:fake` builds that into dist-fake/ and serves it with the app's real CSP.
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

/** The CSP from tauri.conf.json, sent by the fake preview server so violations show up there too. */
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src photo: http://photo.localhost data:",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join("; ");

export default defineConfig(({ mode }) => {
  const fake = mode === "fake";
  return {
    root: here("."),
    base: "./",
    clearScreen: false,
    resolve: {
      alias: fake
        ? [
            { find: /^\.\.\/generated\/bindings$/, replacement: here("./preview/fake-backend.ts") },
            { find: /^\.\.\/photo-url$/, replacement: here("./preview/fake-photos.ts") },
          ]
        : [],
    },
    server: { port: 1420, strictPort: true },
    preview: { port: 4173, strictPort: true, headers: { "Content-Security-Policy": CSP } },
    build: {
      outDir: fake ? "dist-fake" : "dist",
      emptyOutDir: true,
      target: "es2022",
      assetsInlineLimit: 0,
      modulePreload: { polyfill: false },
      sourcemap: false,
      chunkSizeWarningLimit: 600,
    },
  };
});
