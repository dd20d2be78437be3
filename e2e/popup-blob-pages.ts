/**
 * Pages a popup's script makes from blob: URLs, whose first statements are dialogs: the same
 * windows for the Chromium suite (hostile-realms.spec.ts) and for Firefox and WebKit
 * (engines/dialogs.engine.ts). Each blob page then tells alice, the frame that opened its window,
 * that it ran; no runtime is in these pages, and a popup leaves the frame's sandbox.
 */
import type { TestWindow } from "./helpers";

const blobPage = (label: string) =>
  `URL.createObjectURL(new Blob(["<script>for (let i = 0; i < 3; i++) alert('${label} ' + i); opener.postMessage('${label} ran, confirm said ' + confirm('sure?'), '*');<\\/script>"], { type: "text/html" }))`;

/** alice (a frame of the page) and bob (its popup). */
export const POPUP_BLOB_WINDOWS: TestWindow[] = [
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

/** alice's console once both blob pages ran with no dialog shown, sorted (the two windows race). */
export const POPUP_BLOB_LINES = ["bob blob page ran, confirm said false", "written popup blob page ran, confirm said false"];
