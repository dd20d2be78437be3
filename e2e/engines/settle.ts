import { expect } from "@playwright/test";

/** Polls until `check` passes, then once more a little later: a late extra event must fail too. */
export async function settle(check: () => Promise<void>): Promise<void> {
  await expect(check).toPass({ timeout: 15_000, intervals: [100, 250, 500] });
  await new Promise((r) => setTimeout(r, 700));
  await check();
}
