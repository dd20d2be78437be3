// Launching Chromium and the Node-side helpers every figure uses to drive it.
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "../chromium-args.mjs";
import { sleep, within } from "./util.mjs";

export const CONTEXT = { viewport: { width: 1400, height: 1000 } };

export async function loadChromium() {
  for (const pkg of ["playwright-core", "@playwright/test"]) {
    try {
      const mod = await import(pkg);
      if (mod.chromium) return mod.chromium;
    } catch {
      // try the next one
    }
  }
  throw new Error("neither playwright-core nor @playwright/test can be imported: run npm install");
}

/**
 * Headless Chromium with the tests' command line (scripts/chromium-args.mjs), and heap sizes
 * that are not rounded, for the flood's heap figure; or with exactly `args`.
 */
export function launch(chromium, args = [...CHROMIUM_ARGS, "--enable-precise-memory-info"]) {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args });
}

/**
 * When a window of the plain page next receives a message, as epoch ms: the line
 * FIRST_RECEIPT_PROBE (probes.mjs) prints, the first since line number `from` of `lines`.
 */
export async function receiptAt(lines, what, timeout, from = 0) {
  return Number((await within(lines.next("bench-first-receipt", from), timeout, what)).split(" ")[1]);
}

/** Console lines of every frame of a context, raw ("bench-done 12.3") or from the plain page's JSON lines. */
export function consoleLines(context) {
  const waiters = [];
  const seen = [];
  context.on("console", (msg) => {
    let text = msg.text();
    if (text.startsWith("[pg-plain] ")) {
      try {
        const line = JSON.parse(text.slice(11));
        if (line.t !== "console") return;
        text = line.text ?? "";
      } catch {
        return;
      }
    }
    seen.push(text);
    for (const w of [...waiters]) {
      if (text.startsWith(w.prefix)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(text);
      }
    }
  });
  return {
    /** The next line starting with `prefix` (or one already seen since `from`). */
    next(prefix, from = 0) {
      const hit = seen.slice(from).find((t) => t.startsWith(prefix));
      if (hit !== undefined) return Promise.resolve(hit);
      return new Promise((resolve) => waiters.push({ prefix, resolve }));
    },
    get count() {
      return seen.length;
    },
  };
}

/**
 * Waits until the browser's processes are quiet: under 15% of one core over the last 500 ms, for
 * at most 30 s. The playground's editor starts a TypeScript worker after it loads, which keeps
 * about a core and a half busy for several seconds on a 2-core machine: a figure measured
 * meanwhile would measure that worker, not postMessage. Returns how long it waited.
 */
export async function settle(browser) {
  const session = await browser.newBrowserCDPSession();
  const cpu = async () => (await session.send("SystemInfo.getProcessInfo")).processInfo.reduce((sum, p) => sum + p.cpuTime, 0);
  const t0 = Date.now();
  try {
    let last = await cpu();
    while (Date.now() - t0 < 30_000) {
      await sleep(500);
      const now = await cpu();
      if (now - last < 0.075) break;
      last = now;
    }
  } finally {
    await session.detach();
  }
  return Date.now() - t0;
}

/**
 * The CPU time all the browser's processes spend between `start()` and `stop()`, in seconds: the
 * browser, its GPU process and every renderer (the host page's, and each window's). Less moved by
 * the machine's load than a wall-clock time: a flood that waits for a core adds no CPU time.
 */
export async function cpuMeter(browser) {
  const session = await browser.newBrowserCDPSession();
  const read = async () => new Map((await session.send("SystemInfo.getProcessInfo")).processInfo.map((p) => [`${p.type}:${p.id}`, p.cpuTime]));
  let before = new Map();
  return {
    async start() {
      before = await read();
    },
    async stop() {
      const after = await read();
      await session.detach();
      let seconds = 0;
      for (const [key, cpu] of after) seconds += cpu - (before.get(key) ?? 0);
      return seconds;
    },
  };
}

/** The live frame of window `name` (the newest one, after reruns). */
function frameOf(page, name) {
  const frames = page.frames().filter((f) => {
    try {
      return new URL(f.url()).searchParams.get("pgw") === name && !f.isDetached();
    } catch {
      return false;
    }
  });
  return frames.at(-1);
}

export async function waitForFrame(page, name, timeout = 10_000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const f = frameOf(page, name);
    if (f) return f;
    if (Date.now() > deadline) throw new Error(`no frame for window ${name}`);
    await sleep(50);
  }
}
