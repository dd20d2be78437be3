/**
 * In Firefox ESR and WebKitGTK: a page a popup's script makes from a blob: URL runs before any
 * runtime could guard it, and shows no dialog, since it inherits the sandbox page's CSP sandbox
 * (src/host/security-headers.ts). Were a dialog shown, it would hold that page's script (neither
 * driver answers it), and the page would never say it ran.
 */
import LZString from "lz-string";
import { BASE, expect, test } from "./fixtures";

/** A blob page whose first statements are dialogs, and which then tells its opener it ran. */
const blobPage = (label: string) =>
  `URL.createObjectURL(new Blob(["<script>for (let i = 0; i < 3; i++) alert('${label} ' + i); opener.postMessage('${label} ran, confirm said ' + confirm('sure?'), '*');<\\/script>"], { type: "text/html" }))`;

test("a popup's later page made from a blob: URL runs and shows no dialog", async ({ driver }) => {
  const windows = [
    {
      name: "alice",
      origin: "alice",
      kind: "iframe",
      script: [
        'window.addEventListener("message", (e) => { if (typeof e.data === "string" && e.data.includes(" ran,")) console.log(e.data); });',
        // A scenario popup sends itself to a page its script makes.
        'window.open(playground.url("bob"), "bob");',
        // An about:blank popup whose first page was written (so the next one is a new realm), then sent to a blob page.
        'const b = window.open("about:blank", "b");',
        'b.document.write("<p>first page</p>");',
        "b.document.close();",
        `b.location.href = ${blobPage("written popup blob page")};`,
      ].join("\n"),
    },
    { name: "bob", origin: "bob", kind: "popup", opener: "alice", script: `location.href = ${blobPage("bob blob page")};` },
  ];
  const file = { format: "postmessage-playground/scenario", version: 1, id: "popup-blob-dialogs", title: "popup blob dialogs", summary: "", windows };
  await driver.goto(`${BASE}/#scenario=${LZString.compressToEncodedURIComponent(JSON.stringify(file))}`);
  // In either order: two windows.
  await expect
    .poll(async () => (await driver.run(() => Array.from(document.querySelectorAll('ol.console li[data-window="alice"] .text')).map((e) => e.textContent ?? ""))).sort(), { timeout: 15_000 })
    .toEqual(["bob blob page ran, confirm said false", "written popup blob page ran, confirm said false"]);
});
