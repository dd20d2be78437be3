/**
 * In Firefox ESR and WebKitGTK: a page a popup's script makes from a blob: URL runs before any
 * runtime could guard it, and shows no dialog, since it inherits the sandbox page's CSP sandbox
 * (src/host/security-headers.ts). Were a dialog shown, it would hold that page's script (neither
 * driver answers it), and the page would never say it ran.
 */
import { scenarioLink } from "../helpers";
import { POPUP_BLOB_LINES, POPUP_BLOB_WINDOWS } from "../popup-blob-pages";
import { BASE, expect, test } from "./fixtures";

test("a popup's later page made from a blob: URL runs and shows no dialog", async ({ driver }) => {
  await driver.goto(`${BASE}${scenarioLink("popup-blob-dialogs", POPUP_BLOB_WINDOWS)}`);
  // In either order: two windows.
  await expect
    .poll(async () => (await driver.run(() => Array.from(document.querySelectorAll('ol.console li[data-window="alice"] .text')).map((e) => e.textContent ?? ""))).sort(), { timeout: 15_000 })
    .toEqual(POPUP_BLOB_LINES);
});
