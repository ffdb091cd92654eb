// Tells the app once the first frame is on screen (two animation frames after load),
// the same signal the console sends after its first dashboard with numbers.
requestAnimationFrame(() =>
  requestAnimationFrame(() => window.__TAURI_INTERNALS__.invoke("painted")),
);
