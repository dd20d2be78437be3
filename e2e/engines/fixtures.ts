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
  engine: [
    async ({ engineName }, use) => {
      const e = engine(engineName, BASE);
      await use(e);
      await e.stop();
    },
    { scope: "worker" },
  ],
  driver: async ({ engine: e }, use) => {
    const d = await e.open({ popupBlocker: false });
    await use(d);
    await d.close().catch(() => undefined);
  },
});

export { expect } from "@playwright/test";
