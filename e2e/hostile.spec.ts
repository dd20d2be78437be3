/**
 * Hostile sandboxes and bad input. Each test lets a sandbox (or a file, or a link) do its worst
 * and then checks, as a person would, that the host page still answers, that the timeline still
 * holds every earlier event, and that the person is told what happened.
 */
import { expect, test, type Page } from "@playwright/test";
import { writeFile } from "node:fs/promises";
import LZString from "lz-string";
import { consoleOf, editorText, errorNotice, hostResponds, openFile, openPlayground, origin, PORT, replaceScript, scenarioLink, selectedScenario, timelineRows, flat } from "./helpers";

/**
 * What the timeline says of a run's events once the cap dropped some: how many it dropped (the
 * counter), how many messages it keeps (the heading), and how many of those keep only their
 * receipt, their send being among the dropped (their rows say so). A kept message holds two
 * events, such a one one.
 */
async function eventTally(page: Page): Promise<{ dropped: number; kept: number; orphans: number }> {
  const heading = page.locator(".timeline-panel h2");
  const search = page.getByRole("searchbox", { name: "Text" });
  const number = async (pattern: RegExp) => Number(pattern.exec((await heading.textContent()) ?? "")?.[1]?.replace(/,/g, ""));
  await search.fill("");
  const counter = page.getByText(/older events dropped \(the event cap keeps/);
  const dropped = Number(/^([\d,]+)/.exec((await counter.textContent()) ?? "")?.[1]?.replace(/,/g, ""));
  const kept = await number(/([\d,]+) messages?/);
  await search.fill("its send was among the older events dropped");
  const orphans = await number(/([\d,]+) of [\d,]+ messages/);
  return { dropped, kept, orphans };
}

/** bob is a frame inside alice: its sends to `parent` are recorded by its runtime on both ends. */
const child = (script: string) => ({ name: "bob", origin: "bob", kind: "iframe" as const, parent: "alice", script });
/** alice, a frame of the page, running these lines. */
const aliceFrame = (...lines: string[]) => ({ name: "alice", origin: "alice", kind: "iframe" as const, script: lines.join("\n") });

test("an endless loop is stopped by the loop guard, with its line; the window and the timeline go on", async ({ page }) => {
  await page.goto(
    scenarioLink("loop", [
      aliceFrame(
        'addEventListener("message", (e) => {',
        '  setTimeout(() => e.source.postMessage("after the loop", e.origin), 50);',
        "  while (true) {}",
        "});",
      ),
      child('parent.postMessage("before the loop", playground.origin("alice"));'),
      { name: "carol", origin: "carol", kind: "iframe", script: "" },
    ]),
  );
  await expect(consoleOf(page, "alice").filter({ hasText: "LoopGuardError" })).toContainText("the loop on line 3 kept this window busy for over 1000 ms");
  await expect
    .poll(async () => (await timelineRows(page)).map((r) => [r.from, r.data, r.state]))
    .toEqual([
      ["bob", '"before the loop"', "delivered"],
      ["alice", '"after the loop"', "delivered"],
    ]);
  await hostResponds(page, "carol");
});

test("a window busy without a loop guard is marked unresponsive and can be stopped; the rest goes on", async ({ page }) => {
  await page.goto(
    scenarioLink(
      "busy",
      [
        {
          name: "alice",
          origin: "alice",
          kind: "iframe",
          script: 'addEventListener("message", (e) => { e.source.postMessage("thanks", e.origin); setTimeout(() => { while (true) {} }, 200); });',
        },
        child('parent.postMessage("before", playground.origin("alice"));'),
        { name: "carol", origin: "carol", kind: "iframe", script: 'setTimeout(() => console.log("carol still runs"), 6000);' },
      ],
      "busy",
      { loopGuardMs: 0 },
    ),
  );
  await expect.poll(async () => (await timelineRows(page)).map((r) => r.data)).toEqual(['"before"', '"thanks"']);
  const alice = page.locator('.frame:has(iframe[data-window="alice"]), .frame:has(strong:text-is("alice"))').first();
  await expect(alice.locator(".status")).toHaveText("unresponsive", { timeout: 10_000 });
  await expect(consoleOf(page, "alice").filter({ hasText: "has not answered" })).toHaveCount(1);
  await hostResponds(page, "carol");

  await page.getByRole("button", { name: "Stop alice" }).click();
  await expect(alice.locator(".status")).toHaveText("stopped");
  await expect(page.locator('iframe[data-window="alice"]')).toHaveCount(0);
  await expect(consoleOf(page, "alice").filter({ hasText: "You stopped alice" })).toHaveCount(1);
  // carol still runs, and the earlier events are all there.
  await expect(consoleOf(page, "carol")).toHaveText(["carol still runs"], { timeout: 10_000 });
  expect((await timelineRows(page)).map((r) => [r.data, r.state])).toEqual([
    ['"before"', "delivered"],
    ['"thanks"', "delivered"],
  ]);
  await hostResponds(page, "carol");
});

test("escapes: top navigation, a popup storm, dialog loops, document.write, closing and reloading", async ({ page, context }) => {
  await page.goto(
    scenarioLink(
      "escapes",
      [
        aliceFrame(
          'addEventListener("message", (e) => console.log("alice got " + e.data));',
          'window.open(playground.url("pop"));',
          `try { top.location.href = "${origin("evil")}/?escaped"; } catch (e) { console.log("top navigation refused: " + e.name); }`,
          'for (let i = 0; i < 100; i++) alert("annoying " + i);',
          'console.log("confirm said " + confirm("really?"));',
          'setTimeout(() => { document.write("<h1>replaced</h1>"); }, 10);',
          "window.close();",
        ),
        {
          name: "pop",
          origin: "bob",
          kind: "popup",
          opener: "alice",
          script: [
            'setTimeout(() => opener.postMessage("hi from document " + playground.documentNumber, "*"), 300);',
            "if (playground.documentNumber === 1) setTimeout(() => location.reload(), 600);",
            `else { try { opener.top.location.href = "${origin("evil")}/?escaped-from-popup"; } catch (e) { console.log("top navigation refused: " + e.name); } setTimeout(() => window.close(), 600); }`,
          ].join("\n"),
        },
        {
          name: "carol",
          origin: "carol",
          kind: "iframe",
          script: 'let opened = 0; for (let i = 0; i < 30; i++) if (window.open("about:blank", "storm" + i)) opened++; console.log("storm opened " + opened);',
        },
      ],
      "escapes",
      // Opening a window takes long under test automation: the storm must meet the cap, not the loop guard.
      { loopGuardMs: 30_000 },
    ),
  );
  await expect(consoleOf(page, "carol").filter({ hasText: "storm opened" })).toHaveText("storm opened 10", { timeout: 20_000 });
  await expect(consoleOf(page, "carol").filter({ hasText: "refused" })).toContainText("already has 10 open popups");
  await expect(consoleOf(page, "alice").filter({ hasText: "was not shown" })).toHaveCount(101);
  await expect(consoleOf(page, "alice").filter({ hasText: "confirm said" })).toHaveText("confirm said false");
  await expect(consoleOf(page, "alice").filter({ hasText: "top navigation refused" })).toHaveText("top navigation refused: SecurityError");
  await expect(consoleOf(page, "alice").filter({ hasText: "document.write() replaced" })).toHaveCount(1);
  // Receipts after document.write are still recorded (its listener is gone with the old page):
  // both of pop's documents reach alice.
  await expect
    .poll(async () => (await timelineRows(page)).map((r) => [r.data, r.state]), { timeout: 15_000 })
    .toEqual([
      ['"hi from document 1"', "delivered"],
      ['"hi from document 2"', "delivered"],
    ]);
  await expect(consoleOf(page, "pop").filter({ hasText: "top navigation refused" })).toHaveText("top navigation refused: SecurityError");
  await expect(page.locator('li[data-window="pop"] .status')).toHaveText("closed", { timeout: 10_000 });
  await expect(consoleOf(page, "alice").filter({ hasText: "alice got" })).toHaveCount(0);
  expect(new URL(page.url()).origin).toBe(`http://localhost:${PORT}`);
  // The popups took the foreground, as they do for a person, who then switches back.
  await page.bringToFront();
  await hostResponds(page, "carol");
  expect(context.pages().length).toBeLessThanOrEqual(12);
});

test("a flood of a million sends: memory stays bounded by the event cap, the counter says what was dropped, the run's other events stay", async ({ page }) => {
  test.setTimeout(240_000);
  await page.goto(
    scenarioLink("million", [
      aliceFrame(
        "const N = 1000000;",
        "let got = 0;",
        'addEventListener("message", (e) => { if (e.data === "before the flood") flood(); else if (++got === N) console.log("flood done"); });',
        "let sent = 0;",
        'function flood() { for (let i = 0; i < 2000 && sent < N; i++) window.postMessage(sent++, "/"); if (sent < N) setTimeout(flood, 0); }',
      ),
      child('parent.postMessage("before the flood", playground.origin("alice"));'),
      { name: "carol", origin: "carol", kind: "iframe", script: "" },
    ]),
  );
  const counter = page.getByText(/older events dropped \(the event cap keeps/);
  await expect(counter).toBeVisible({ timeout: 60_000 });
  // Usable while flooding: a filter and a tab answer.
  await page.getByRole("combobox", { name: "State" }).selectOption("delivered");
  await expect(page.getByRole("combobox", { name: "State" })).toHaveValue("delivered");
  await page.getByRole("combobox", { name: "State" }).selectOption("");
  await hostResponds(page, "carol");
  await expect(consoleOf(page, "alice").filter({ hasText: "flood done" })).toHaveCount(1, { timeout: 200_000 });
  // Each of the 2,000,002 events (a send and a receipt per message) is kept or counted, exactly,
  // once the last reports are in.
  await expect(async () => {
    const { dropped, kept, orphans } = await eventTally(page);
    expect(kept).toBeLessThanOrEqual(20_000);
    expect(dropped).toBeGreaterThan(1_900_000);
    expect(2 * (kept - orphans) + orphans + dropped).toBe(2_000_002);
  }).toPass({ timeout: 20_000 });
  // The flood lost its own oldest messages, not the run's earlier ones.
  await page.getByRole("searchbox", { name: "Text" }).fill("before the flood");
  await expect.poll(async () => (await timelineRows(page)).map((r) => [r.from, r.to, r.data, r.state])).toEqual([["bob", "alice", '"before the flood"', "delivered"]]);
  // The newest message is there, delivered.
  await page.getByRole("searchbox", { name: "Text" }).fill("999999");
  await expect.poll(async () => (await timelineRows(page)).map((r) => [r.data, r.state])).toEqual([["999999", "delivered"]]);
  await hostResponds(page, "carol");
});

test("four windows flood themselves at once: each message is kept or counted, exactly, and each window's newest is there", async ({ page }) => {
  test.setTimeout(120_000);
  const N = 15_000;
  const NAMES = ["alice", "bob", "carol", "dave"];
  const flooding = (name: string) => ({
    name,
    origin: name,
    kind: "iframe" as const,
    script: [
      `const N = ${N};`,
      "let got = 0, sent = 0;",
      'addEventListener("message", () => { if (++got === N) console.log("flood done"); });',
      `function flood() { for (let i = 0; i < 500 && sent < N; i++) window.postMessage("${name} " + sent++, "/"); if (sent < N) setTimeout(flood, 0); }`,
      "flood();",
    ].join("\n"),
  });
  await page.goto(scenarioLink("four-floods", NAMES.map(flooding), "four-floods", { loopGuardMs: 0 }));
  for (const name of NAMES) await expect(consoleOf(page, name).filter({ hasText: "flood done" })).toHaveCount(1, { timeout: 90_000 });
  // Each of the 4 × 2N events (a send and a receipt per message) is kept or counted, exactly,
  // once the last reports are in.
  await expect(async () => {
    const { dropped, kept, orphans } = await eventTally(page);
    expect(kept).toBeLessThanOrEqual(20_000);
    expect(2 * (kept - orphans) + orphans + dropped).toBe(NAMES.length * 2 * N);
  }).toPass({ timeout: 30_000 });
  // Each flood lost its own oldest messages: every window's newest is there, delivered to itself.
  const search = page.getByRole("searchbox", { name: "Text" });
  for (const name of NAMES) {
    await search.fill(`${name} ${N - 1}`);
    await expect.poll(async () => (await timelineRows(page)).map((r) => [r.from, r.to, r.data, r.state])).toEqual([[name, name, `"${name} ${N - 1}"`, "delivered"]]);
  }
});

test("a frame removed while it floods itself: its console says how many of its messages went with it, unreported", async ({ page }) => {
  await page.goto(
    scenarioLink("removed-mid-flood", [
      aliceFrame('addEventListener("message", (e) => { if (e.data === "flooding") setTimeout(() => document.querySelector("iframe").remove(), 1500); });'),
      child(
        [
          "let sent = 0;",
          'function flood() { for (let i = 0; i < 1000; i++) window.postMessage(sent++, "/"); setTimeout(flood, 0); }',
          'parent.postMessage("flooding", playground.origin("alice"));',
          "flood();",
        ].join("\n"),
      ),
    ]),
  );
  const note = consoleOf(page, "bob").filter({ hasText: "was removed while it flooded itself" });
  await expect(note).toHaveCount(1, { timeout: 20_000 });
  // What it held when it last said so: a part of the flood the event cap would keep, never more.
  const held = Number(/It held the last (\d+) or more sends and receipts/.exec((await note.textContent()) ?? "")?.[1]);
  expect(held).toBeGreaterThan(0);
  expect(held).toBeLessThanOrEqual(20_000);
  await expect(note).toContainText("the timeline does not show them");
  await hostResponds(page, "alice");
});

test("huge, long, deep and cyclic data: previews are short, the inspector stays lazy, the host never hangs", async ({ page }) => {
  await page.goto(
    scenarioLink("big-data", [
      aliceFrame(
        'addEventListener("message", () => {});',
        "let deep = {}; const root = deep; for (let i = 0; i < 2000; i++) { deep.next = { level: i }; deep = deep.next; }",
        "const cyclic = { name: 'ring' }; cyclic.self = cyclic; cyclic.list = [cyclic, cyclic];",
        "const big = new Map(); for (let i = 0; i < 100000; i++) big.set('k' + i, { i });",
        "const kid = frames[0];",
      ),
      child(
        [
          'const to = playground.origin("alice");',
          'parent.postMessage("x".repeat(20000000), to);',
          "parent.postMessage(Array.from({ length: 1000000 }, (_, i) => i), to);",
          "let deep = {}; const root = deep; for (let i = 0; i < 2000; i++) { deep.next = { level: i }; deep = deep.next; }",
          "parent.postMessage(root, to);",
          "const cyclic = { name: 'ring' }; cyclic.self = cyclic; cyclic.list = [cyclic, cyclic];",
          "parent.postMessage(cyclic, to);",
          "const big = new Map(); for (let i = 0; i < 100000; i++) big.set('k' + i, { i });",
          "parent.postMessage(big, to);",
          'parent.postMessage("after the big ones", to);',
        ].join("\n"),
      ),
      { name: "carol", origin: "carol", kind: "iframe", script: "" },
    ]),
  );
  await expect.poll(async () => (await timelineRows(page)).map((r) => r.state), { timeout: 20_000 }).toEqual(Array(6).fill("delivered"));
  const rows = await timelineRows(page);
  expect(rows.at(-1)?.data).toBe('"after the big ones"');
  for (const r of rows) expect(r.data.length).toBeLessThan(400);
  expect(rows[0]?.data).toMatch(/^"x{10,}…"/);
  expect(rows[1]?.data).toBe("[0, 1, 2, 3, 4, 5, 6, 7, … 999992 more]");
  await hostResponds(page, "carol");

  // The cyclic one in the inspector: a reference, not an endless tree.
  await page.locator("table.timeline tbody tr").nth(3).click();
  const tree = page.locator(".inspector details.tree-node").first();
  await expect(tree).toContainText("[reference to #1");
  // The deep one opens one level at a time.
  await page.locator("table.timeline tbody tr").nth(2).click();
  await expect(page.locator(".inspector")).toContainText("next");
  await hostResponds(page, "carol");
});

test("spoofing: forged hellos, fake reports and a tampered runtime cannot speak for another window", async ({ page }) => {
  const forgedSend = (text: string) =>
    `{ kind: "send", seq: 1, time: Date.now(), target: ["parent"], targetOrigin: "*", form: "positional", preview: ${JSON.stringify(JSON.stringify(text))}, shape: "string", transfer: [], transferAfter: [], portsSent: [] }`;
  await page.goto(
    scenarioLink("spoof", [
      aliceFrame(
        'addEventListener("message", (e) => console.log("alice got " + e.data));',
        'const run = new URLSearchParams(location.search).get("pgrun");',
        "const ch = new MessageChannel();",
        'parent.postMessage({ brand: "postmessage-playground/runtime@1", type: "hello", run, window: "bob", origin: playground.origin("bob"), start: 0 }, "*", [ch.port2]);',
        `ch.port1.postMessage({ type: "reports", reports: [${forgedSend("forged on a channel of its own")}] });`,
        `parent.postMessage({ type: "reports", reports: [${forgedSend("forged on the page")}] }, "*");`,
        'MessagePort.prototype.postMessage = function () { console.log("port send swallowed"); };',
        "EventTarget.prototype.addEventListener = function () {};",
        "window.postMessage = function () {};",
        'console.log("tampered");',
      ),
      { name: "bob", origin: "bob", kind: "iframe", script: 'setTimeout(() => parent.frames[0].postMessage("from the real bob", "*"), 500);' },
    ]),
  );
  await expect(consoleOf(page, "alice").filter({ hasText: "tampered" })).toHaveCount(1);
  await expect(consoleOf(page, "alice").filter({ hasText: "claiming to be bob" })).toContainText("the playground ignored it");
  // bob's one message is bob's, and it arrives; whatever alice forged is shown as alice's own
  // sends (to the page, and on the channel she made), never as anybody else's.
  await expect
    .poll(async () => (await timelineRows(page)).filter((r) => r.from === "bob").map((r) => [r.to, r.state, r.data]), { timeout: 10_000 })
    .toEqual([["alice", "delivered", '"from the real bob"']]);
  // alice's forged hello is a message alice sent to the page, which the page got and ignored.
  const forged = (await timelineRows(page)).filter((r) => r.data.includes("forged") || r.data.includes('type: "hello"'));
  expect(forged.map((r) => [r.from, r.to, r.state])).toEqual([
    ["alice", "playground page", "delivered"],
    ["alice", "alice", "queued"],
    ["alice", "playground page", "delivered"],
  ]);
  expect((await timelineRows(page)).map((r) => r.from)).toEqual(["alice", "alice", "alice", "bob"]);
  await expect(consoleOf(page, "alice").filter({ hasText: "alice got from the real bob" })).toHaveCount(1);
  await expect(page.locator('.frame:has(iframe[data-window="bob"]) .status')).toHaveText("running");
  await hostResponds(page);
});

test("a frame whose page does not arrive is loaded again, and the console says so", async ({ page, context }) => {
  let asked = 0;
  await context.route(
    (url) => url.hostname === "alice.localhost" && url.searchParams.has("pgw"),
    async (route) => {
      if (asked++ === 0) await route.abort("connectionreset");
      else await route.continue();
    },
  );
  await page.goto(scenarioLink("reload", [aliceFrame('window.postMessage("after all", "/");')]));
  await expect(consoleOf(page, "alice").filter({ hasText: "did not start" })).toContainText("the playground loaded its frame again", { timeout: 20_000 });
  await expect.poll(async () => (await timelineRows(page)).map((r) => `${r.data} ${r.state}`)).toEqual(['"after all" delivered']);
  await expect(page.locator('.frame:has(iframe[data-window="alice"]) .status')).toHaveText("running");
  expect(asked).toBe(2);
});

test("a MessageEvent a script dispatches itself is not drawn as a message: the console says it was synthetic", async ({ page }) => {
  // Same-realm forgery: dispatchEvent runs the listeners with any origin and data the script
  // chose, and isTrusted is false. No window sent it, so it is no postMessage on the timeline.
  await page.goto(
    scenarioLink("synthetic", [
      aliceFrame(
        'addEventListener("message", (e) => console.log("window got", e.data, e.origin, e.isTrusted));',
        'dispatchEvent(new MessageEvent("message", { data: "forged", origin: playground.origin("bob") }));',
        "const { port1 } = new MessageChannel();",
        'port1.onmessage = (e) => console.log("port got", e.data, e.isTrusted);',
        'port1.dispatchEvent(new MessageEvent("message", { data: "forged on a port" }));',
        'window.postMessage("real", "/");',
      ),
    ]),
  );
  await expect(consoleOf(page, "alice").filter({ hasText: "window got real" })).toHaveCount(1);
  await expect(consoleOf(page, "alice").filter({ hasText: "window got forged" })).toHaveText([`window got forged ${origin("bob")} false`]);
  await expect(consoleOf(page, "alice").filter({ hasText: "port got forged on a port false" })).toHaveCount(1);
  await expect(consoleOf(page, "alice").filter({ hasText: "Not a postMessage" })).toHaveText([
    `Not a postMessage: the script dispatched a synthetic "message" event on window (isTrusted is false; origin "${origin("bob")}" and data "forged" are what the script wrote). Its listeners ran, but no window sent it, so the timeline does not show it.`,
    'Not a postMessage: the script dispatched a synthetic "message" event on port c1.1 (isTrusted is false; origin "" and data "forged on a port" are what the script wrote). Its listeners ran, but no window sent it, so the timeline does not show it.',
  ]);
  await expect.poll(async () => (await timelineRows(page)).map((r) => `${r.from}→${r.to} ${r.data} ${r.state}`)).toEqual(['alice→alice "real" delivered']);
});

test("a script that gives every object a toJSON does not change what its window reports", async ({ page }) => {
  // The runtime sends its reports as JSON when it can: a toJSON on their prototypes would rewrite them.
  await page.goto(
    scenarioLink("to-json", [
      aliceFrame(
        'Object.prototype.toJSON = function () { return "forged"; };',
        'Object.defineProperty(Array.prototype, "toJSON", { value: () => [], configurable: true });',
        'addEventListener("message", (e) => console.log("alice got", e.data));',
        'window.postMessage("hi", "/");',
      ),
    ]),
  );
  await expect.poll(async () => (await timelineRows(page)).map((r) => `${r.data} ${r.state}`)).toEqual(['"hi" delivered']);
  await expect(consoleOf(page, "alice").filter({ hasText: "alice got hi" })).toHaveCount(1);
});

test("bad input: files and links that are wrong, huge, cut short or from the future are refused, and the work is kept", async ({ page }, testInfo) => {
  test.slow();
  await openPlayground(page);
  await expect.poll(async () => (await timelineRows(page)).length).toBe(4);
  const edited = 'console.log("my work, kept through every bad file");';
  await replaceScript(page, "alice", `${edited}\n`);
  await expect(consoleOf(page, "alice")).toHaveText(["my work, kept through every bad file"]);
  const alert = errorNotice(page);
  const kept = async () => {
    expect(await selectedScenario(page)).toBe("Password to a popup");
    await page.getByRole("tab", { name: /^alice\.js/ }).click();
    await expect.poll(() => editorText(page)).toBe(flat(edited));
    await hostResponds(page);
  };
  const scenario = (extra: Record<string, unknown>) =>
    JSON.stringify({ format: "postmessage-playground/scenario", version: 1, id: "x", title: "t", windows: [{ name: "a", origin: "alice", kind: "iframe", script: "" }], ...extra });

  // Scenario files.
  await openFile(page, "huge.json", scenario({ summary: "", windows: [{ name: "a", origin: "alice", kind: "iframe", script: "//".padEnd(600_000, "x") }] }));
  await expect(alert).toContainText("huge.json");
  await expect(alert).toContainText("at most 524288 are accepted");
  await kept();
  await openFile(page, "types.json", scenario({ windows: "none", title: 42 }));
  await expect(alert).toContainText("types.json is not a scenario this playground can open");
  await expect(alert).toContainText("windows");
  await kept();
  await openFile(page, "cut.json", scenario({}).slice(0, 60));
  await expect(alert).toContainText("not JSON");
  await kept();
  await openFile(page, "v2.json", scenario({ version: 2 }));
  await expect(alert).toContainText("version 2 of the scenario format is not known");
  await kept();

  // Timeline files.
  // Over Playwright's limit for files given as data: written to disk first, as a person's file is.
  const hugeTimeline = testInfo.outputPath("huge.timeline.json");
  await writeFile(hugeTimeline, `{"format":"postmessage-playground/timeline","pad":"${"x".repeat(52_500_000)}"}`);
  await page.getByLabel("Open a scenario or timeline file").setInputFiles(hugeTimeline);
  await expect(alert).toContainText("at most 52428800 are accepted");
  await kept();
  await openFile(page, "v9.timeline.json", JSON.stringify({ format: "postmessage-playground/timeline", version: 9 }));
  await expect(alert).toContainText("version 9 of the timeline format is not known");
  await kept();

  // Links, pasted into the address bar.
  const link = (text: string) => `/#scenario=${LZString.compressToEncodedURIComponent(text)}`;
  const tryLink = async (href: string, says: string) => {
    await page.goto(href);
    await expect(errorNotice(page)).toContainText("The link's scenario could not be opened");
    await expect(errorNotice(page)).toContainText(says);
    await expect(errorNotice(page)).toContainText("Your saved work is unchanged");
    await kept();
  };
  // A few kilobytes that would decompress to 3 million characters (a link can stand for billions).
  const bomb = link(scenario({ summary: "x".repeat(3_000_000) }));
  expect(bomb.length).toBeLessThan(10_000);
  await tryLink(bomb, "once decompressed, more than a scenario may hold");
  await tryLink(link(scenario({ version: 3 })), "version 3 of the scenario format is not known");
  await tryLink(link(scenario({ windows: [{ name: "a", origin: "nowhere", kind: "iframe", script: "" }] })), "not a configured sandbox site");
  await tryLink(link(scenario({})).slice(0, 40), "could not be decompressed");
});

test("the host page's Content-Security-Policy: no inline script, no eval, frames only from the sandbox origins", async ({ page }) => {
  await page.addInitScript(() => {
    const w = window as unknown as { violations: string[] };
    w.violations = [];
    document.addEventListener("securitypolicyviolation", (e) => w.violations.push(`${e.effectiveDirective} ${e.blockedURI}`));
  });
  const response = await page.goto("/");
  const header = response?.headers()["content-security-policy"] ?? "";
  const meta = (await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute("content")) ?? "";
  for (const policy of [header, meta]) {
    const directives = new Map(policy.split(";").map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values]));
    expect(directives.get("script-src")).toEqual(["'self'"]);
    expect(directives.get("object-src")).toEqual(["'none'"]);
    expect(directives.get("frame-src")).toEqual(["alice.localhost:*", "bob.localhost:*", "carol.localhost:*", "dave.localhost:*", "evil.localhost:*"]);
    expect(policy).not.toContain("unsafe-eval");
  }
  // The whole playground runs under it: the built-in scenario, Monaco and its workers.
  await expect.poll(async () => (await timelineRows(page)).map((r) => r.state)).toEqual(["delivered", "blocked", "delivered", "delivered"]);
  await page.getByRole("tab", { name: /^bob\.js/ }).click();
  await expect(page.locator(".script-editor .monaco-editor")).toBeVisible();
  const violations = () => page.evaluate(() => (window as unknown as { violations: string[] }).violations);
  expect(await violations()).toEqual([]);

  // What a script injected into the page would try is refused.
  await page.evaluate((url) => {
    const script = document.createElement("script");
    script.textContent = "window.injected = true";
    document.head.append(script);
    const frame = document.createElement("iframe");
    frame.src = url;
    document.body.append(frame);
  }, `http://127.0.0.1:${PORT}/`);
  expect(await page.evaluate(() => (window as unknown as { injected?: boolean }).injected)).toBeUndefined();
  // (Each is reported once per policy: the header's and the meta's.)
  await expect.poll(async () => [...new Set(await violations())]).toEqual(["script-src-elem inline", `frame-src http://127.0.0.1:${PORT}`]);
});

test("a second frame loading a live window's page is ignored, and the console says so and how to mark a frame the script makes", async ({ page }) => {
  // bob is not marked createdByScript: the playground makes bob's frame, and alice makes another.
  await page.goto(
    scenarioLink("second-frame", [
      aliceFrame(
        'addEventListener("message", (e) => console.log("alice got", e.data, "from frames[" + Array.from(frames).indexOf(e.source) + "]"));',
        "setTimeout(() => {",
        '  const extra = document.createElement("iframe");',
        '  extra.src = playground.url("bob");',
        "  document.body.append(extra);",
        "}, 300);",
      ),
      child('parent.postMessage("bob here", playground.origin("alice"));'),
    ]),
  );
  await expect(consoleOf(page, "bob").filter({ hasText: "Another window loaded bob's page" })).toHaveText(
    `Another window loaded bob's page while bob was already running elsewhere; the playground watches one window per name and ignored this one. If alice's script makes bob's frame itself, mark bob "createdByScript": true, so that the playground does not make one too.`,
  );
  // The second document gets no script from the playground: only bob's own frame speaks.
  await expect(consoleOf(page, "alice")).toHaveText(["alice got bob here from frames[0]"]);
  await expect.poll(async () => (await timelineRows(page)).map((r) => `${r.from} → ${r.to} ${r.state} ${r.data}`)).toEqual(['bob → alice delivered "bob here"']);
});
