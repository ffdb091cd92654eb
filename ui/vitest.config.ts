// Vitest config: unit tests under tests/, run in jsdom so DOM modules (views, components) work.
import { defineConfig } from "vitest/config";

// One zone for every run, whatever the machine's: the preview's demo drives are booked in
// UTC business hours, and tests that need another zone set it themselves.
process.env["TZ"] = "UTC";

export default defineConfig({
  test: {
    environment: "jsdom",
    include: ["tests/**/*.test.ts"],
    setupFiles: ["tests/setup.ts"],
    restoreMocks: true,
  },
});
