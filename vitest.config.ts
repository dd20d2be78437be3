import { defineConfig } from "vitest/config";
import { builtinScenarios } from "./scripts/builtin-scenarios";

// Unit tests run in Node: classification, correlation and message shapes are pure functions.
export default defineConfig({
  // The app's built-ins come from a module the build makes (scripts/builtin-scenarios.ts).
  plugins: [builtinScenarios()],
  test: {
    include: ["tests/**/*.test.ts", "src/**/*.test.ts", "sandboxes/**/*.test.ts"],
    environment: "node",
  },
});
