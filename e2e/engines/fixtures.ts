/**
 * Playwright's test runner (reports, timeouts, expect, the server it starts) with a browser it
 * does not provide: each project names an engine, each worker starts it once, and each test gets
 * a fresh window with empty storage (`driver`), popups allowed as in Playwright's Chromium.
 */
import { test as base } from "@playwright/test";
import { PORT } from "../helpers";
import { engine, type Driver, type Engine, type EngineName } from "./drivers";

export const BASE = `http://localhost:${PORT}`;

export const test = base.extend<{ driver: Driver }, { engineName: EngineName; engine: Engine }>({
  engineName: ["firefox", { option: true, scope: "worker" }],
  // The fixture callback is called `provide`, not Playwright's usual `use`: the React hook lint reads any `use(…)` as a hook.
  engine: [
    async ({ engineName }, provide) => {
      const e = engine(engineName, BASE);
      await provide(e);
      await e.stop();
    },
    { scope: "worker" },
  ],
  driver: async ({ engine: e }, provide) => {
    const d = await e.open({ popupBlocker: false });
    await provide(d);
    await d.close().catch(() => undefined);
  },
});

export { expect } from "@playwright/test";
