/**
 * The playground's features past the first run, in Firefox ESR and WebKitGTK, driven as a person
 * drives them (buttons, links, keys) and read from what the page shows: pausing delivery, stepping
 * the held sends one by one and resending from the inspector; an embed (docs/embed.md) with its
 * own toolbar and its link to the full playground; presentation mode, in and out.
 */
import LZString from "lz-string";
import { toScenarioFile, validateScenario } from "../../src/scenario/schema";
import type { ResolvedRow } from "../../src/engines/expected";
import { DEFAULT_SCENARIO } from "../builtins";
import { SITES } from "../match";
import { readConsole, readShownRows, rowMatcher, unmatched } from "../match-core";
import type { Driver } from "./drivers";
import { BASE, expect, test } from "./fixtures";
import { builtin, expectPromised, fill, readShownScenario } from "./promised";
import { settle } from "./settle";

const shown = (d: Driver) => d.run(readShownScenario);

/** Every row shown is one of `want`, and every one of `want` is shown: one to one. */
async function expectRows(d: Driver, want: readonly ResolvedRow[]): Promise<void> {
  const { missing, extra } = unmatched(want, await d.run(readShownRows), rowMatcher(fill));
  expect({ missing, extra }).toEqual({ missing: [], extra: [] });
}

/** Runs in the page: each row as a person reads it at a glance (sender, target, data, and the state's badges), sorted. */
const readGlance = () =>
  Array.from(document.querySelectorAll("table.timeline tbody tr"))
    .map((tr) => {
      const first = (col: string) => tr.querySelector<HTMLElement>(`td[data-col="${col}"]`)?.innerText.split("\n")[0]?.trim() ?? "";
      const badges = Array.from(tr.querySelectorAll('td[data-col="state"] .badge')).map((b) => b.textContent?.trim() ?? "");
      return `${first("from")} → ${first("to")} ${first("data")}: ${badges.join(", ")}`;
    })
    .sort();

/** Runs in the page: the timeline's delivery buttons, with what they say and whether they are pressed or disabled. */
const readDeliveryButtons = () =>
  Array.from(document.querySelectorAll<HTMLButtonElement>('.timeline-panel [aria-label="Delivery"] button')).map((b) => {
    const pressed = b.getAttribute("aria-pressed");
    return `${b.textContent ?? ""}${pressed === null ? "" : ` (pressed: ${pressed})`}${b.disabled ? " (disabled)" : ""}`;
  });

/** What the delivery buttons say with delivery paused or not and `held` sends held. */
const deliveryButtons = (paused: boolean, held: number) => [
  `${paused ? "Resume" : "Pause"} delivery p (pressed: ${paused})`,
  `Step s${held === 0 ? " (disabled)" : ""}`,
  `Release all (${held})${held === 0 ? " (disabled)" : ""}`,
];

// bob tells its parent alice it is ready; alice answers bob, and sends one more message meant for
// evil's origin, which the browser blocks at dispatch since the frame holds bob.
const PAUSE_FILE = {
  format: "postmessage-playground/scenario",
  version: 1,
  id: "engines-pause-step-resend",
  title: "Pause, step and resend",
  summary: "bob says ready to alice, its parent; alice answers bob, and sends one more message for evil's origin, which the browser blocks.",
  windows: [
    {
      name: "alice",
      origin: "alice",
      kind: "iframe",
      script: [
        'const child = document.getElementById("bob").contentWindow;',
        'addEventListener("message", (e) => {',
        '  if (e.origin !== playground.origin("bob") || e.data !== "ready") return;',
        '  child.postMessage("hi bob", playground.origin("bob"));',
        '  child.postMessage("for evil only", playground.origin("evil"));',
        "});",
      ].join("\n"),
    },
    {
      name: "bob",
      origin: "bob",
      kind: "iframe",
      parent: "alice",
      script: ['addEventListener("message", (e) => console.log("bob got", e.data, "from", e.origin));', 'parent.postMessage("ready", playground.origin("alice"));'].join("\n"),
    },
  ],
};
const PAUSE_LINK = (() => {
  const parsed = validateScenario(PAUSE_FILE, SITES);
  if (!parsed.ok) throw new Error(`the pause scenario: ${parsed.error}`);
  return `${BASE}/#scenario=${LZString.compressToEncodedURIComponent(JSON.stringify(parsed.value))}`;
})();
// The timeline without pausing; stepping must end with exactly these rows.
const READY: ResolvedRow = { from: "bob", to: "alice", state: "delivered", data: '"ready"', targetOrigin: "{alice}", origin: "{bob}", source: "frames[0]" };
const HI: ResolvedRow = { from: "alice", to: "bob", state: "delivered", data: '"hi bob"', targetOrigin: "{bob}", origin: "{alice}", source: "parent" };
const FOR_EVIL: ResolvedRow = { from: "alice", to: "bob", state: "blocked", data: '"for evil only"', targetOrigin: "{evil}", reason: "does not match bob" };
const BOB_GOT_HI = "bob got hi bob from {alice}";
/** A send as it shows while held: the browser's postMessage has not run, so nothing was dispatched. */
const held = ({ from, to, data, targetOrigin }: ResolvedRow): ResolvedRow => ({ from, to, data, targetOrigin, state: "queued", reason: "held: delivery is paused" });

test("pause, step and resend: held sends wait as queued, each step releases the oldest as it would have gone, and the inspector sends one again", async ({ driver }) => {
  await driver.goto(PAUSE_LINK);
  await expect.poll(() => shown(driver)).toEqual({ id: PAUSE_FILE.id, summary: PAUSE_FILE.summary });
  await settle(async () => {
    await expectRows(driver, [READY, HI, FOR_EVIL]);
    expect((await driver.run(readConsole)).bob).toEqual([fill(BOB_GOT_HI)]);
  });
  expect(await driver.run(readDeliveryButtons)).toEqual(deliveryButtons(false, 0));

  await driver.click('.timeline-panel [aria-label="Delivery"] button[aria-pressed]');
  await expect.poll(() => driver.run(readDeliveryButtons)).toEqual(deliveryButtons(true, 0));
  // A new run's windows start paused: bob's first send is held, so alice has nothing to answer.
  await driver.click(".toolbar button.primary");
  await settle(async () => {
    await expectRows(driver, [held(READY)]);
    expect(await driver.run(readGlance)).toEqual(['bob → alice "ready": queued, held']);
    expect(await driver.run(readDeliveryButtons)).toEqual(deliveryButtons(true, 1));
    expect((await driver.run(readConsole)).bob ?? []).toEqual([]);
  });

  const step = '.timeline-panel [aria-label="Delivery"] button:nth-child(2)';
  await driver.click(step);
  // ready reaches alice, whose two answers are held in turn.
  await settle(async () => {
    await expectRows(driver, [READY, held(HI), held(FOR_EVIL)]);
    expect(await driver.run(readGlance)).toEqual(['alice → bob "for evil only": queued, held', 'alice → bob "hi bob": queued, held', 'bob → alice "ready": delivered, released']);
    expect(await driver.run(readDeliveryButtons)).toEqual(deliveryButtons(true, 2));
  });

  await driver.click(step);
  await settle(async () => {
    await expectRows(driver, [READY, HI, held(FOR_EVIL)]);
    expect(await driver.run(readDeliveryButtons)).toEqual(deliveryButtons(true, 1));
    expect((await driver.run(readConsole)).bob).toEqual([fill(BOB_GOT_HI)]);
  });

  // The browser's own origin check decides at release: the last one is blocked, as without pausing.
  await driver.click(step);
  await settle(async () => {
    await expectRows(driver, [READY, HI, FOR_EVIL]);
    expect(await driver.run(readGlance)).toEqual(['alice → bob "for evil only": blocked, released', 'alice → bob "hi bob": delivered, released', 'bob → alice "ready": delivered, released']);
    expect(await driver.run(readDeliveryButtons)).toEqual(deliveryButtons(true, 0));
    expect((await driver.run(readConsole)).bob).toEqual([fill(BOB_GOT_HI)]);
  });

  await driver.click('.timeline-panel [aria-label="Delivery"] button[aria-pressed]');
  await expect.poll(() => driver.run(readDeliveryButtons)).toEqual(deliveryButtons(false, 0));

  // The inspector of "hi bob" offers to send it again, from alice, as it was.
  const index = await driver.run(() => Array.from(document.querySelectorAll("table.timeline tbody > *")).findIndex((tr) => tr.querySelector<HTMLElement>('td[data-col="data"]')?.innerText.startsWith('"hi bob"')));
  expect(index).toBeGreaterThanOrEqual(0);
  await driver.click(`table.timeline tbody > :nth-child(${index + 1}) td[data-col="data"]`);
  const readForm = () => {
    const form = document.querySelector(".inspector form.resend");
    return {
      heading: form?.querySelector("h4")?.textContent ?? null,
      data: form?.querySelector("textarea")?.value ?? null,
      targetOrigin: form?.querySelector("input")?.value ?? null,
      note: form?.querySelector("[role=status]")?.textContent ?? null,
    };
  };
  await expect.poll(() => driver.run(readForm)).toEqual({ heading: "Edit and resend from alice", data: '"hi bob"', targetOrigin: fill("{bob}"), note: "" });
  await driver.click('.inspector form.resend button[type="submit"]');
  await expect.poll(async () => (await driver.run(readForm)).note).toBe("Sent again from alice.");
  await settle(async () => {
    await expectRows(driver, [READY, HI, FOR_EVIL, HI]);
    expect(await driver.run(readGlance)).toEqual([
      'alice → bob "for evil only": blocked, released',
      'alice → bob "hi bob": delivered, released',
      'alice → bob "hi bob": delivered, resent',
      'bob → alice "ready": delivered, released',
    ]);
    expect((await driver.run(readConsole)).bob).toEqual([fill(BOB_GOT_HI), fill(BOB_GOT_HI)]);
  });
});

/** Runs in the page: which parts of the layout a person sees. */
const readLayout = () => {
  const seen = (selector: string) => {
    const el = document.querySelector(selector);
    return el !== null && el.getClientRects().length > 0;
  };
  return {
    app: document.querySelector(".app")?.className ?? "",
    picker: seen(".scenario-picker select"),
    run: seen(".toolbar button.primary"),
    openInPlayground: seen(".toolbar a.open-in-playground"),
    filesAndLinks: seen('.toolbar [aria-label="Files and links"]'),
    view: seen('.toolbar [aria-label="View"]'),
    editor: seen(".editor-panel"),
    windows: seen(".windows-panel"),
    timeline: seen(".timeline-panel"),
    console: seen(".console-panel"),
  };
};

test("an embed shows its scenario's promised timeline with the embed's own toolbar, and its link opens the full playground with the scenario", async ({ driver }) => {
  const siblings = builtin("siblings-through-parent");
  await driver.goto(`${BASE}/?embed&scenario=${siblings.id}&hide=editor`);
  await expect.poll(() => shown(driver)).toEqual({ id: siblings.id, summary: siblings.summary });
  await expectPromised(driver, siblings);
  // docs/embed.md: the picker, Run, Reset and "Open in the playground"; no file, link or view buttons; the hidden panel is gone.
  expect(await driver.run(readLayout)).toEqual({
    app: "app embed hide-editor",
    picker: true,
    run: true,
    openInPlayground: true,
    filesAndLinks: false,
    view: false,
    editor: false,
    windows: true,
    timeline: true,
    console: true,
  });

  const link = await driver.run(() => {
    const a = document.querySelector<HTMLAnchorElement>("a.open-in-playground");
    return { text: a?.textContent ?? "", href: a?.href ?? "", target: a?.target ?? "", rel: a?.rel ?? "" };
  });
  expect({ ...link, href: link.href.slice(0, link.href.indexOf("=") + 1) }).toEqual({ text: "Open in the playground", href: `${BASE}/#scenario=`, target: "_blank", rel: "noopener" });
  const file = JSON.parse(LZString.decompressFromEncodedURIComponent(link.href.slice(link.href.indexOf("=") + 1))) as { id: string; windows: unknown[] };
  expect({ id: file.id, windows: file.windows }).toEqual({ id: siblings.id, windows: toScenarioFile(siblings).windows });
  // A person's click opens it beside the embed, in a new tab.
  expect(await driver.windowCount()).toBe(1);
  await driver.click("a.open-in-playground");
  await expect.poll(() => driver.windowCount()).toBe(2);

  await driver.fresh();
  await driver.goto(link.href);
  await expect.poll(() => shown(driver)).toEqual({ id: siblings.id, summary: siblings.summary });
  await expectPromised(driver, siblings);
  expect(await driver.run(readLayout)).toEqual({
    app: "app",
    picker: true,
    run: true,
    openInPlayground: false,
    filesAndLinks: true,
    view: true,
    editor: true,
    windows: true,
    timeline: true,
    console: true,
  });
});

/** Runs in the page: what presentation mode changes, as a person sees it. */
const readPresentation = () => {
  const button = document.querySelector('.toolbar [aria-label="View"] button');
  const seen = (selector: string) => {
    const el = document.querySelector(selector);
    return el !== null && el.getClientRects().length > 0;
  };
  const rows = Array.from(document.querySelectorAll("table.timeline tbody tr"));
  return {
    button: `${button?.textContent ?? ""} (pressed: ${button?.getAttribute("aria-pressed") ?? ""})`,
    presenting: document.documentElement.classList.contains("presenting"),
    fontSize: parseFloat(getComputedStyle(document.documentElement).fontSize),
    filesAndLinks: seen('.toolbar [aria-label="Files and links"]'),
    filters: seen(".timeline-panel .filters"),
    selected: rows.findIndex((tr) => tr.getAttribute("aria-selected") === "true"),
    inspector: document.querySelector(".inspector h3")?.textContent ?? null,
  };
};

test("presentation mode: Present enlarges the type and trims the page, arrow keys step through the messages in the inspector, Escape closes it and then leaves", async ({ driver }) => {
  await driver.goto(`${BASE}/`);
  await expect.poll(() => shown(driver)).toEqual({ id: DEFAULT_SCENARIO.id, summary: DEFAULT_SCENARIO.summary });
  await expectPromised(driver, DEFAULT_SCENARIO);
  const normal = await driver.run(readPresentation);
  const { fontSize, ...rest } = normal;
  expect(rest).toEqual({ button: "Present (pressed: false)", presenting: false, filesAndLinks: true, filters: true, selected: -1, inspector: null });
  const present = { button: "Exit presentation (pressed: true)", presenting: true, filesAndLinks: false, filters: false };

  await driver.click('.toolbar [aria-label="View"] button');
  await expect.poll(() => driver.run(readPresentation)).toMatchObject({ ...present, selected: -1, inspector: null });
  expect((await driver.run(readPresentation)).fontSize).toBeGreaterThan(fontSize);
  await expectPromised(driver, DEFAULT_SCENARIO);

  // Each arrow key shows one message in the inspector: the row selected in the table.
  const rows = await driver.run(readShownRows);
  for (const [key, index] of [["ArrowRight", 0], ["ArrowRight", 1], ["ArrowRight", 2], ["ArrowLeft", 1]] as const) {
    await driver.press(key);
    const row = rows[index];
    await expect.poll(() => driver.run(readPresentation)).toMatchObject({ ...present, selected: index, inspector: `${row?.from} → ${row?.to}: ${row?.state}` });
  }
  await driver.press("Escape");
  await expect.poll(() => driver.run(readPresentation)).toMatchObject({ ...present, selected: 1, inspector: null });
  await driver.press("Escape");
  await expect.poll(() => driver.run(readPresentation)).toEqual({ ...normal, selected: 1 });
  await expectPromised(driver, DEFAULT_SCENARIO);

  // The button leaves it too.
  await driver.click('.toolbar [aria-label="View"] button');
  await expect.poll(() => driver.run(readPresentation)).toMatchObject(present);
  await driver.click('.toolbar [aria-label="View"] button');
  await expect.poll(() => driver.run(readPresentation)).toEqual({ ...normal, selected: 1 });
  await expectPromised(driver, DEFAULT_SCENARIO);
});
