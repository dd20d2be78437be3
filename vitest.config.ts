import { defineConfig } from "vitest/config";

// Unit tests run in Node: classification, correlation and message shapes are pure functions.
export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts", "src/**/*.test.ts", "sandboxes/**/*.test.ts"],
    environment: "node",
  },
});
