import { expect, test } from "@playwright/test";
import { openPlayground, timelineRows } from "./helpers";

// `npm start` serves sources, not the build: the sandbox page and its runtime must load there too.
test("the dev server runs the built-in scenario on real sandbox origins", async ({ page, baseURL }) => {
  await openPlayground(page);
  const port = new URL(baseURL ?? "").port;
  await expect
    .poll(async () => (await timelineRows(page)).map((r) => `${r.from}->${r.to} ${r.state} ${r.origin}`))
    .toEqual([
      `bob->alice delivered "http://bob.localhost:${port}"`,
      "alice->bob blocked —",
      `alice->bob delivered "http://alice.localhost:${port}"`,
      `bob->alice delivered "http://bob.localhost:${port}"`,
    ]);
});
