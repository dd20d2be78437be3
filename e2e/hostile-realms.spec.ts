/**
 * Hostile scripts that reach around the runtime's guards through another realm: a same-origin
 * about:blank or srcdoc iframe the script makes, an about:blank popup it opens, and their
 * children, each with its own `open`, `alert` and `document.open`; globals the runtime reads
 * (MessageEvent) replaced; Proxy objects as data; every postMessage overload. Each test checks,
 * in real Chromium, what a person would see: the windows open, the dialogs shown, and that the
 * timeline says what the browser did (compared with the plain page, which has no runtime).
 */
import { expect, test, type BrowserContext, type Page } from "@playwright/test";
import LZString from "lz-string";
import { POPUP_BLOB_LINES, POPUP_BLOB_WINDOWS } from "./popup-blob-pages";
import { consoleOf, replaceScript, scenarioLink, timelineRows, type Row, type TestWindow, hostResponds } from "./helpers";

/** alice, a frame of the page, running these lines. */
const aliceFrame = (...lines: string[]): TestWindow => ({ name: "alice", origin: "alice", kind: "iframe", script: lines.join("\n") });
/** bob, a frame inside alice. */
const bobIn = (...lines: string[]): TestWindow => ({ name: "bob", origin: "bob", kind: "iframe", parent: "alice", script: lines.join("\n") });
const carol: TestWindow = { name: "carol", origin: "carol", kind: "iframe", script: "" };

interface PlainLine {
  t: "receipt" | "console";
  window: string;
  data?: string;
  text?: string;
}

/**
 * Runs the scenario on the plain page (sandboxes/plain.html: the same scripts on the same origins,
 * with no runtime at all) and gives what it logged once `done` holds for its lines.
 */
async function runPlain(page: Page, context: BrowserContext, windows: TestWindow[], done: (lines: PlainLine[]) => boolean): Promise<PlainLine[]> {
  const lines: PlainLine[] = [];
  context.on("console", (msg) => {
    const text = msg.text();
    if (text.startsWith("[pg-plain] ")) lines.push(JSON.parse(text.slice(11)) as PlainLine);
  });
  const file = { format: "postmessage-playground/scenario", version: 1, id: "plain", title: "plain", summary: "", windows };
  await page.goto(`/sandboxes/plain.html#scenario=${LZString.compressToEncodedURIComponent(JSON.stringify(file))}`);
  await expect.poll(() => done(lines), { timeout: 15_000 }).toBe(true);
  return lines;
}

test("a popup storm through other realms meets the one cap, and a rerun closes every window", async ({ page, context }) => {
  test.slow();
  const storm = aliceFrame(
    "let n = 0;",
    "const count = (w) => { if (w) n++; };",
    // A same-origin about:blank frame, reached through frames[i] (which cannot be intercepted).
    'document.body.append(document.createElement("iframe"));',
    'for (let i = 0; i < 4; i++) count(frames[0].open("about:blank", "f" + i));',
    // Its own child, made through its document.
    'frames[0].document.body.append(frames[0].document.createElement("iframe"));',
    'for (let i = 0; i < 3; i++) count(frames[0].frames[0].open("about:blank", "g" + i));',
    'console.log("frames opened " + n);',
    // An about:blank popup, and its open().
    'const b = window.open("about:blank", "b");',
    "count(b);",
    'for (let i = 0; i < 30; i++) count(b.open("about:blank", "b" + i));',
    'console.log("all opened " + n);',
    // A srcdoc frame reached through frames[i] in the statement after its insertion.
    'const u = document.createElement("iframe");',
    'u.srcdoc = "<p>u</p>";',
    "document.body.append(u);",
    "let m = 0;",
    'for (let i = 0; i < 5; i++) if (frames[1].open("about:blank", "u" + i)) m++;',
    'console.log("new srcdoc frame opened " + m);',
    // A srcdoc frame's own script: it runs later, in a task of its own.
    'const s = document.createElement("iframe");',
    "s.srcdoc = \"<script>let k = 0; for (let i = 0; i < 30; i++) if (open('about:blank', 's' + i)) k++; parent.console.log('srcdoc opened ' + k);<\\/script>\";",
    "document.body.append(s);",
  );
  // Opening a window takes long under test automation: the storm must meet the cap, not the loop guard.
  await page.goto(scenarioLink("realm-storm", [storm, carol], "realm-storm", { loopGuardMs: 30_000 }));
  await expect(consoleOf(page, "alice").filter({ hasText: "srcdoc opened" })).toHaveText("srcdoc opened 0", { timeout: 30_000 });
  await expect(consoleOf(page, "alice").filter({ hasText: "frames opened" })).toHaveText("frames opened 7");
  await expect(consoleOf(page, "alice").filter({ hasText: "all opened" })).toHaveText("all opened 10");
  await expect(consoleOf(page, "alice").filter({ hasText: "new srcdoc frame opened" })).toHaveText("new srcdoc frame opened 0");
  await expect(consoleOf(page, "alice").filter({ hasText: "refused" }).first()).toContainText("already has 10 open popups");
  // The playground page and at most the cap of windows.
  expect(context.pages().length).toBeLessThanOrEqual(11);

  await page.bringToFront();
  await hostResponds(page, "carol");
  // A rerun with a calm script: every window of the storm closes, whichever realm opened it.
  await replaceScript(page, "alice", 'console.log("calm");\n');
  await page.getByRole("button", { name: /^Run/ }).click();
  await expect(consoleOf(page, "alice")).toHaveText(["calm"]);
  await expect.poll(() => context.pages().length, { timeout: 10_000 }).toBe(1);
});

test("dialogs from a same-origin frame or an about:blank popup and their children are never shown", async ({ page, context }) => {
  const dialogs: string[] = [];
  // Every page of the context, popups included, from their first moment.
  context.on("dialog", (d) => {
    dialogs.push(`${d.type()}: ${d.message()}`);
    void d.dismiss().catch(() => undefined);
  });
  await page.goto(
    scenarioLink("realm-dialogs", [
      aliceFrame(
        'const f = document.createElement("iframe");',
        "document.body.append(f);",
        'for (let i = 0; i < 20; i++) f.contentWindow.alert("frame " + i);',
        'console.log("confirm said " + f.contentWindow.confirm("sure?") + ", prompt said " + frames[0].prompt("name?"));',
        // A srcdoc frame reached through frames[i] in the statement after its insertion (the
        // frame's sandbox flags, without allow-modals, would hold as well).
        'const s = document.createElement("iframe");',
        's.srcdoc = "<p>x</p>";',
        "document.body.append(s);",
        'for (let i = 0; i < 5; i++) frames[1].alert("srcdoc " + i);',
        // A popup leaves the frame's sandbox: its realm, and its frame's, are the runtime's to guard.
        'const b = window.open("about:blank", "b");',
        'for (let i = 0; i < 5; i++) b.alert("popup " + i);',
        'b.document.body.append(b.document.createElement("iframe"));',
        'b.frames[0].alert("popup frame");',
        'console.log("popup frame confirm said " + b.frames[0].confirm("sure?"));',
        // A popup's srcdoc frame, reached at once: outside the sandbox only the runtime stands in the way.
        'const bs = b.document.createElement("iframe");',
        'bs.srcdoc = "<p>y</p>";',
        "b.document.body.append(bs);",
        'b.frames[1].alert("popup srcdoc frame");',
        'console.log("dialogs done");',
      ),
      carol,
    ]),
  );
  await expect(consoleOf(page, "alice").filter({ hasText: "dialogs done" })).toHaveCount(1, { timeout: 20_000 });
  await expect(consoleOf(page, "alice").filter({ hasText: "confirm said" })).toHaveText(["confirm said false, prompt said null", "popup frame confirm said false"]);
  // The guarded realms' dialogs are recorded in alice's console, as its own are.
  await expect(consoleOf(page, "alice").filter({ hasText: "was not shown" })).toHaveCount(20 + 2 + 5 + 5 + 2 + 1);
  await page.waitForTimeout(500);
  expect(dialogs).toEqual([]);
  await page.bringToFront();
  await hostResponds(page, "carol");
  expect(dialogs).toEqual([]);
});

test("a page a frame's script makes from a blob: URL runs before any guard and still shows no dialog", async ({ page, context }) => {
  const dialogs: string[] = [];
  context.on("dialog", (d) => {
    dialogs.push(`${d.type()}: ${d.message()}`);
    void d.dismiss().catch(() => undefined);
  });
  // The blob page's first statement calls alert, before its load event (where the runtime would
  // guard it); the frame's sandbox, without allow-modals, holds in every document it shows.
  await page.goto(
    scenarioLink("realm-blob-dialogs", [
      aliceFrame(
        'window.addEventListener("message", (e) => console.log(e.data));',
        'const f = document.createElement("iframe");',
        "f.src = URL.createObjectURL(new Blob([\"<script>for (let i = 0; i < 3; i++) alert('blob ' + i); parent.postMessage('blob ran, confirm said ' + confirm('sure?'), '*');<\\/script>\"], { type: \"text/html\" }));",
        "document.body.append(f);",
      ),
      carol,
    ]),
  );
  await expect(consoleOf(page, "alice").filter({ hasText: "blob ran" })).toHaveText(["blob ran, confirm said false"], { timeout: 20_000 });
  await page.waitForTimeout(500);
  expect(dialogs).toEqual([]);
  await page.bringToFront();
  await hostResponds(page, "carol");
  expect(dialogs).toEqual([]);
});

test("in popups too, a later page made from a blob: URL runs before any guard and still shows no dialog", async ({ page, context }) => {
  const dialogs: string[] = [];
  context.on("dialog", (d) => {
    dialogs.push(`${d.type()}: ${d.message()}`);
    void d.dismiss().catch(() => undefined);
  });
  await page.goto(scenarioLink("realm-popup-blob-dialogs", [...POPUP_BLOB_WINDOWS, carol]));
  // In either order: two windows.
  await expect
    .poll(async () => (await consoleOf(page, "alice").filter({ hasText: " ran, " }).allTextContents()).sort(), { timeout: 20_000 })
    .toEqual(POPUP_BLOB_LINES);
  await page.waitForTimeout(500);
  expect(dialogs).toEqual([]);
  await page.bringToFront();
  await hostResponds(page, "carol");
  expect(dialogs).toEqual([]);
});

test("a window that replaces MessageEvent (and Event.prototype.target) still has its receipts recorded", async ({ page }) => {
  await page.goto(
    scenarioLink("realm-message-event", [
      aliceFrame(
        "Object.defineProperty(MessageEvent, Symbol.hasInstance, { value: () => false });",
        "window.MessageEvent = function MessageEvent() {};",
        'Object.defineProperty(Event.prototype, "target", { configurable: true, get() { return null; } });',
        'addEventListener("message", (e) => console.log("alice got " + e.data));',
      ),
      // bob's script runs after alice's (its frame loads once alice's script has run).
      bobIn('parent.postMessage("after the swap", playground.origin("alice"));'),
      carol,
    ]),
  );
  await expect(consoleOf(page, "alice").filter({ hasText: "alice got" })).toHaveText(["alice got after the swap"]);
  await expect.poll(async () => (await timelineRows(page)).map((r) => `${r.from}→${r.to} ${r.data} ${r.state}`)).toEqual(['bob→alice "after the swap" delivered']);
});

test("another realm's document.open on this document does not stop receipts being recorded", async ({ page }) => {
  await page.goto(
    scenarioLink("realm-document-open", [
      aliceFrame(
        'const f = document.createElement("iframe");',
        "document.body.append(f);",
        // Document.prototype.open of the frame's realm: not the one the runtime patched on this document.
        "const otherOpen = f.contentWindow.document.open;",
        "const otherClose = f.contentWindow.document.close;",
        'window.postMessage("before", "/");',
        "setTimeout(() => {",
        "  otherOpen.call(document);",
        "  otherClose.call(document);",
        '  addEventListener("message", (e) => console.log("alice got " + e.data));',
        '  window.postMessage("after the other realm\'s open", "/");',
        "}, 100);",
      ),
      carol,
    ]),
  );
  await expect(consoleOf(page, "alice").filter({ hasText: "alice got" })).toHaveText(["alice got after the other realm's open"]);
  await expect(consoleOf(page, "alice").filter({ hasText: "replaced this window's page" })).toHaveCount(1);
  await expect
    .poll(async () => (await timelineRows(page)).map((r) => `${r.from}→${r.to} ${r.data} ${r.state}`))
    .toEqual(['alice→alice "before" delivered', `alice→alice "after the other realm's open" delivered`]);
});

test("Proxy data: the page sees the browser's own DataCloneError, no trap runs, and the send is on the timeline with it", async ({ page, context }) => {
  const script = aliceFrame(
    "const traps = [];",
    "const handler = {};",
    'for (const t of ["get", "getOwnPropertyDescriptor", "ownKeys", "getPrototypeOf", "has"]) handler[t] = () => { traps.push(t); throw new Error("the " + t + " trap ran"); };',
    "const attempts = [",
    '  ["a proxy", new Proxy({ a: 1 }, handler), "*"],',
    '  ["a proxy inside", { inner: new Proxy({}, handler) }, "*"],',
    '  ["a proxy array", new Proxy([1, 2], handler), { targetOrigin: "*" }],',
    "];",
    "for (const [what, data, to] of attempts) {",
    "  try {",
    "    window.postMessage(data, to);",
    '    console.log(what + ": sent");',
    "  } catch (e) {",
    '    console.log(what + ": " + e.name + ": " + e.message + " (traps so far: " + traps.length + ")");',
    "  }",
    "}",
    'setTimeout(() => console.log("traps in all: " + traps.length), 200);',
  );
  const mine = (text: string) => text.startsWith("a proxy") || text.startsWith("traps in all");
  const plain = await runPlain(page, context, [script], (lines) => lines.some((l) => l.t === "console" && l.text?.startsWith("traps in all")));
  const plainConsole = plain.filter((l) => l.t === "console" && mine(l.text ?? "")).map((l) => l.text);
  // What Chromium does without the runtime: it refuses a Proxy before running any of its traps.
  // How it names the value in the message depends on its version (the array proxy reads as
  // "[object Object]" in some, "[object Array]" in others); the playground must say what it says.
  expect(plainConsole.map((l) => l?.replace(/#<Object>|\[object (Object|Array)\]/, "VALUE"))).toEqual([
    "a proxy: DataCloneError: Failed to execute 'postMessage' on 'Window': VALUE could not be cloned. (traps so far: 0)",
    "a proxy inside: DataCloneError: Failed to execute 'postMessage' on 'Window': VALUE could not be cloned. (traps so far: 0)",
    "a proxy array: DataCloneError: Failed to execute 'postMessage' on 'Window': VALUE could not be cloned. (traps so far: 0)",
    "traps in all: 0",
  ]);

  await page.goto(scenarioLink("realm-proxy", [script, carol]));
  await expect(consoleOf(page, "alice").filter({ hasText: "traps in all" })).toHaveCount(1);
  expect((await consoleOf(page, "alice").allInnerTexts()).filter(mine)).toEqual(plainConsole);
  await expect
    .poll(async () => (await timelineRows(page)).map((r) => `${r.from}→${r.to} ${r.data} ${r.state}`))
    .toEqual(["alice→alice {…} error", "alice→alice {…} error", "alice→alice […] error"]);
  await expect(page.locator("table.timeline tbody tr td[data-col=state] .reason")).toHaveText(["DataCloneError", "DataCloneError", "DataCloneError"].map((n) => new RegExp(n)));
});

/** Every row of the timeline, which is virtualized: read at its top and at its bottom (each row's data is unique here). */
async function allRows(page: Page): Promise<Row[]> {
  const table = page.locator(".table-scroll");
  const rows = new Map<string, Row>();
  for (const to of ["top", "bottom"]) {
    await table.evaluate((el, where) => (el.scrollTop = where === "top" ? 0 : el.scrollHeight), to);
    await page.waitForTimeout(100);
    // (A virtualized list keeps an empty spacer row.)
    for (const r of await timelineRows(page)) if (r.data !== "") rows.set(`${r.from} ${r.data}`, r);
  }
  return [...rows.values()];
}

/** Each call form, as written, and the targetOrigin the browser uses for it (WebIDL overload resolution). */
const FORMS: [string, string][] = [
  ["(x)", "/"],
  ["(x, null)", "/"],
  ["(x, undefined)", "/"],
  ['(x, "/")', "/"],
  ["(x, {})", "/"],
  ["(x, [])", "/"],
  ['(x, { targetOrigin: "*" })', "*"],
  ["(x, url, [])", "url"],
  ["(x, url, undefined)", "url"],
  ["(x, undefined, [])", "undefined"],
];

test("every postMessage overload is recorded with the targetOrigin and state the browser used", async ({ page, context }) => {
  test.slow();
  const calls = FORMS.map(([form]) => `  [${JSON.stringify(form)}, (t, x, url) => t.postMessage${form}],`);
  const windows: TestWindow[] = [
    aliceFrame(
      "const forms = [",
      ...calls,
      "];",
      'addEventListener("message", (e) => {',
      '  if (e.data !== "ready") { console.log("alice got " + e.data); return; }',
      '  const targets = [["self", window, playground.origin("alice")], ["bob", document.getElementById("bob").contentWindow, playground.origin("bob")]];',
      "  for (const [name, t, url] of targets) {",
      "    for (const [form, send] of forms) {",
      "      try {",
      '        send(t, name + " " + form, url);',
      "      } catch (err) {",
      '        console.log(name + " " + form + " threw " + err.name);',
      "      }",
      "    }",
      "  }",
      '  setTimeout(() => console.log("all sent"), 300);',
      "});",
    ),
    bobIn('addEventListener("message", (e) => console.log("bob got " + e.data));', 'parent.postMessage("ready", playground.origin("alice"));'),
  ];

  // What arrived, on the plain page: the browser's own answer for each form.
  const plain = await runPlain(page, context, windows, (lines) => lines.some((l) => l.text === "all sent"));
  const arrivedPlain = new Set(plain.filter((l) => l.t === "receipt" && l.data !== '"ready"').map((l) => `${l.window} ${JSON.parse(l.data ?? "null") as string}`));
  const threwPlain = plain.filter((l) => l.t === "console" && l.text?.includes(" threw ")).map((l) => l.text);

  await page.goto(scenarioLink("realm-overloads", [...windows, carol]));
  await expect(consoleOf(page, "alice").filter({ hasText: "all sent" })).toHaveCount(1, { timeout: 15_000 });
  await expect.poll(async () => (await allRows(page)).length).toBe(1 + FORMS.length * 2);
  const rows = (await allRows(page)).filter((r) => r.from === "alice");
  const origins = { self: `http://alice.localhost:${new URL(page.url()).port}`, bob: `http://bob.localhost:${new URL(page.url()).port}` };
  const seen = rows.map((r) => {
    const data = JSON.parse(r.data) as string;
    const [target, ...rest] = data.split(" ");
    return { data, target, form: rest.join(" "), targetOrigin: JSON.parse(r.targetOrigin) as string, state: r.state };
  });
  const expected = FORMS.flatMap(([form, to]) =>
    (["self", "bob"] as const).map((target) => {
      const data = `${target} ${form}`;
      const receiver = target === "self" ? "alice" : "bob";
      const state = threwPlain.includes(`${data} threw SyntaxError`) ? "error" : arrivedPlain.has(`${receiver} ${data}`) ? "delivered" : "blocked";
      return { data, target, form, targetOrigin: to === "url" ? origins[target] : to, state };
    }),
  );
  const byData = (a: { data: string }, b: { data: string }) => a.data.localeCompare(b.data);
  expect([...seen].sort(byData)).toEqual([...expected].sort(byData));
  // The browser's answers are the ones the standard gives: "/" blocks the other origin, "undefined" throws.
  expect(expected.filter((e) => e.target === "bob" && e.state === "delivered").map((e) => e.form)).toEqual([
    '(x, { targetOrigin: "*" })',
    "(x, url, [])",
    "(x, url, undefined)",
  ]);
  expect(expected.filter((e) => e.state === "error").map((e) => e.data)).toEqual(["self (x, undefined, [])", "bob (x, undefined, [])"]);
});
