/**
 * Firefox ESR and WebKitGTK, driven without Playwright (whose own builds of them cannot be
 * downloaded here): Firefox through puppeteer-core over WebDriver BiDi, WebKit through
 * WebKitWebDriver over W3C WebDriver with plain HTTP. Both behind one small interface, enough to
 * load a page, read it and click in it as a person would.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import puppeteer, { type Browser, type BrowserContext, type Page } from "puppeteer-core";

export type EngineName = "firefox" | "webkit";

export const FIREFOX_PATH = process.env.FIREFOX_PATH || "/usr/bin/firefox-esr";
export const WEBKIT_DRIVER = "/usr/bin/WebKitWebDriver";
export const MINIBROWSER = process.env.MINIBROWSER_PATH || "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser";
export const XVFB_RUN = "/usr/bin/xvfb-run";

/** One browser window (with its own storage) that a test drives. */
export interface Driver {
  readonly engine: EngineName;
  goto(url: string): Promise<void>;
  /** Runs a self-contained function (no closure) in the page and returns its JSON result. */
  run<T>(fn: (...args: never[]) => T, ...args: unknown[]): Promise<Awaited<T>>;
  /** A real click (trusted, with user activation) on the first element matching `selector`. */
  click(selector: string): Promise<void>;
  /** Picks the option with `value` in the <select> matching `selector`, as a person would. */
  select(selector: string, value: string): Promise<void>;
  /** A real key press (down and up) where the focus is. */
  press(key: Key): Promise<void>;
  /** A real click on `selector` inside the iframe matching `frame` (a frame of the page). */
  clickInFrame(frame: string, selector: string): Promise<void>;
  /** Runs a self-contained function in the iframe matching `frame` (a frame of the page). */
  runInFrame<T>(frame: string, fn: () => T): Promise<Awaited<T>>;
  /** How many top-level windows are open (the page and its popups). */
  windowCount(): Promise<number>;
  /** Starts over as a new window: popups closed, nothing loaded, the playground's storage empty. */
  fresh(): Promise<void>;
  close(): Promise<void>;
}

export interface Engine {
  readonly name: EngineName;
  /** A window with empty storage and no popups (closed again by the driver); `popupBlocker` as stock browsers have it, or off. */
  open(options: { popupBlocker: boolean }): Promise<Driver>;
  stop(): Promise<void>;
}

/** The keys tests press: their DOM names, and WebDriver's code points for them. */
const KEYS = { Escape: "\uE00C", ArrowLeft: "\uE012", ArrowUp: "\uE013", ArrowRight: "\uE014", ArrowDown: "\uE015", Enter: "\uE007" } as const;
export type Key = keyof typeof KEYS;

/** The source of a call: the function travels as text, so it must be self-contained. */
const call = (fn: (...args: never[]) => unknown, args: unknown[]) => `(${fn.toString()})(...${JSON.stringify(args)})`;

// ---------------------------------------------------------------- Firefox

class FirefoxDriver implements Driver {
  readonly engine = "firefox";
  private context: BrowserContext | null = null;
  private page!: Page;
  constructor(private readonly browser: Browser) {}
  /** A user context of its own: its storage starts empty and goes with it. */
  async fresh() {
    await this.context?.close();
    this.context = await this.browser.createBrowserContext();
    this.page = await this.context.newPage();
    await this.page.setViewport({ width: 1400, height: 1000 });
  }
  async goto(url: string) {
    await this.page.goto(url, { waitUntil: "load" });
  }
  async run<T>(fn: (...args: never[]) => T, ...args: unknown[]): Promise<Awaited<T>> {
    return (await this.page.evaluate(call(fn, args))) as Awaited<T>;
  }
  /**
   * A person clicks or types in the window they see: a popup the scenario opened hides the page
   * (visibilityState "hidden", no animation frames), and puppeteer's click waits for frames.
   */
  private async toFront() {
    await this.page.bringToFront();
  }
  async click(selector: string) {
    await this.toFront();
    await this.page.locator(selector).click();
  }
  async select(selector: string, value: string) {
    await this.page.select(selector, value);
  }
  async press(key: Key) {
    await this.toFront();
    await this.page.keyboard.press(key);
  }
  private async frame(frame: string) {
    const handle = await this.page.waitForSelector(frame);
    const f = await handle?.contentFrame();
    if (!f) throw new Error(`no frame ${frame}`);
    return f;
  }
  async clickInFrame(frame: string, selector: string) {
    await this.toFront();
    await (await this.frame(frame)).locator(selector).click();
  }
  async runInFrame<T>(frame: string, fn: () => T): Promise<Awaited<T>> {
    return (await (await this.frame(frame)).evaluate(call(fn, []))) as Awaited<T>;
  }
  async windowCount() {
    return (await this.context?.pages())?.length ?? 0;
  }
  async close() {
    await this.context?.close();
    this.context = null;
  }
}

class Firefox implements Engine {
  readonly name = "firefox";
  private readonly browsers = new Map<boolean, Promise<Browser>>();
  private browser(popupBlocker: boolean): Promise<Browser> {
    let b = this.browsers.get(popupBlocker);
    if (!b) {
      b = puppeteer.launch({
        browser: "firefox",
        executablePath: FIREFOX_PATH,
        protocol: "webDriverBiDi",
        headless: true,
        // Firefox's own default is true (the blocker on); the remote agent turns it off.
        extraPrefsFirefox: { "dom.disable_open_during_load": popupBlocker },
      });
      this.browsers.set(popupBlocker, b);
    }
    return b;
  }
  async open({ popupBlocker }: { popupBlocker: boolean }): Promise<Driver> {
    const driver = new FirefoxDriver(await this.browser(popupBlocker));
    await driver.fresh();
    return driver;
  }
  async stop() {
    for (const b of this.browsers.values()) await (await b).close();
  }
}

// ---------------------------------------------------------------- WebKit

const COMMAND_TIMEOUT_MS = 15_000;

interface WebDriverReply<T> {
  value: T & { error?: string; message?: string };
}

/** A small W3C WebDriver client: the handful of commands these tests need. */
class WebKitDriver implements Driver {
  readonly engine = "webkit";
  constructor(
    private readonly base: string,
    private readonly session: string,
    /** A page on the playground's host origin that runs nothing: the plain page without a scenario. */
    private readonly blankHostPage: string,
  ) {}
  static async request<T>(base: string, method: string, path: string, body?: unknown): Promise<T> {
    const started = Date.now();
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { "content-type": "application/json; charset=utf-8" },
      body: body === undefined ? undefined : JSON.stringify(body),
      // A command WebKit never answers fails here, naming itself, rather than as the test's timeout.
      signal: AbortSignal.timeout(COMMAND_TIMEOUT_MS),
    }).catch((e: unknown) => {
      if (e instanceof DOMException && e.name === "TimeoutError") throw new Error(`WebDriver ${method} ${path} ${JSON.stringify(body ?? null)}: no answer in ${Date.now() - started} ms`);
      throw e;
    });
    const reply = (await res.json()) as WebDriverReply<T>;
    if (!res.ok || (reply.value && typeof reply.value === "object" && "error" in reply.value && reply.value.error)) {
      throw new Error(`WebDriver ${method} ${path}: ${reply.value.error ?? res.status}: ${reply.value.message ?? ""}`);
    }
    return reply.value;
  }
  private cmd<T>(method: string, path: string, body?: unknown): Promise<T> {
    return WebKitDriver.request<T>(this.base, method, `/session/${this.session}${path}`, body);
  }
  async goto(url: string) {
    await this.cmd("POST", "/url", { url });
  }
  async run<T>(fn: (...args: never[]) => T, ...args: unknown[]): Promise<Awaited<T>> {
    const reply = await this.cmd<{ ok?: Awaited<T>; error?: string }>("POST", "/execute/async", {
      script: `const done = arguments[arguments.length - 1]; Promise.resolve().then(() => ${call(fn, args)}).then((ok) => done({ ok }), (e) => done({ error: String(e && e.stack || e) }));`,
      args: [],
    });
    if (reply.error !== undefined) throw new Error(`in the page: ${reply.error}`);
    return reply.ok as Awaited<T>;
  }
  private async element(selector: string): Promise<Record<string, string>> {
    return this.cmd<Record<string, string>>("POST", "/element", { using: "css selector", value: selector });
  }
  async click(selector: string) {
    const el = await this.element(selector);
    await this.cmd("POST", `/element/${Object.values(el)[0]}/click`, {});
  }
  async select(selector: string, value: string) {
    // WebDriver selects an option by clicking it, with the events a person's choice fires.
    await this.click(`${selector} option[value=${JSON.stringify(value)}]`);
  }
  async press(key: Key) {
    const value = KEYS[key];
    await this.cmd("POST", "/actions", { actions: [{ type: "key", id: "keyboard", actions: [{ type: "keyDown", value }, { type: "keyUp", value }] }] });
  }
  private async inFrame<T>(frame: string, act: () => Promise<T>): Promise<T> {
    await this.cmd("POST", "/frame", { id: await this.element(frame) });
    try {
      return await act();
    } finally {
      await this.cmd("POST", "/frame", { id: null });
    }
  }
  async clickInFrame(frame: string, selector: string) {
    await this.inFrame(frame, () => this.click(selector));
  }
  async runInFrame<T>(frame: string, fn: () => T): Promise<Awaited<T>> {
    return this.inFrame(frame, () => this.run(fn));
  }
  async windowCount() {
    return (await this.cmd<string[]>("GET", "/window/handles")).length;
  }
  /**
   * Leaves the session as a new one would be: popups closed, the page gone and the playground's
   * storage (its host origin's localStorage) empty. Starting MiniBrowser takes seconds; this
   * takes a fraction of one.
   */
  async fresh() {
    const main = await this.cmd<string>("GET", "/window");
    for (const handle of await this.cmd<string[]>("GET", "/window/handles")) {
      if (handle === main) continue;
      try {
        await this.cmd("POST", "/window", { handle });
        await this.cmd("DELETE", "/window");
      } catch (e) {
        // A popup may close itself, or be retired by the playground, after it was listed: gone is what this wants.
        if (!String(e).includes("no such window")) throw e;
      }
    }
    await this.cmd("POST", "/window", { handle: main });
    await this.goto(this.blankHostPage);
    await this.run(() => localStorage.clear());
    await this.goto("about:blank");
  }
  async close() {
    await this.fresh();
  }
  async end() {
    await this.cmd("DELETE", "");
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

/** One WebKitWebDriver, on its own Xvfb display. */
interface WebKitServer {
  base: string;
  process: ChildProcess;
}

async function startWebKitServer(): Promise<WebKitServer> {
  const port = await freePort();
  // MiniBrowser needs a display; Xvfb gives it one. detached: its own process group, stopped as one.
  const child = spawn(XVFB_RUN, ["-a", WEBKIT_DRIVER, `--port=${port}`], { stdio: "ignore", detached: true });
  const server = { base: `http://127.0.0.1:${port}`, process: child };
  for (let i = 0; ; i++) {
    try {
      await fetch(`${server.base}/status`);
      return server;
    } catch (e) {
      if (i > 100 || child.exitCode !== null) {
        stopWebKitServer(server);
        throw e;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

function stopWebKitServer(server: WebKitServer) {
  if (server.process.pid && server.process.exitCode === null) process.kill(-server.process.pid, "SIGTERM");
}

/**
 * Each setting of the popup blocker has its own WebKitWebDriver (one session each, as it allows),
 * started on first use and kept for the worker: a session is never ended to make room for the
 * other setting's. A MiniBrowser that starts but never answers gets a fresh driver, once more.
 */
class WebKit implements Engine {
  readonly name = "webkit";
  private readonly kept = new Map<boolean, { server: WebKitServer; driver: WebKitDriver }>();
  constructor(private readonly host: string) {}
  async open({ popupBlocker }: { popupBlocker: boolean }): Promise<Driver> {
    const kept = this.kept.get(popupBlocker);
    if (kept) return kept.driver;
    const args = ["--automation", ...(popupBlocker ? [] : ["--javascript-can-open-windows-automatically=true"])];
    for (let attempt = 1; ; attempt++) {
      const server = await startWebKitServer();
      try {
        const session = await WebKitDriver.request<{ sessionId: string }>(server.base, "POST", "/session", {
          capabilities: { alwaysMatch: { browserName: "MiniBrowser", "webkitgtk:browserOptions": { binary: MINIBROWSER, args } } },
        });
        const driver = new WebKitDriver(server.base, session.sessionId, `${this.host}/sandboxes/plain.html`);
        await WebKitDriver.request(server.base, "POST", `/session/${session.sessionId}/window/rect`, { width: 1400, height: 1000 }).catch(() => undefined);
        this.kept.set(popupBlocker, { server, driver });
        return driver;
      } catch (e) {
        stopWebKitServer(server);
        if (attempt === 2) throw e;
      }
    }
  }
  async stop() {
    for (const { server, driver } of this.kept.values()) {
      await driver.end().catch(() => undefined);
      stopWebKitServer(server);
    }
    this.kept.clear();
  }
}

/** `host`: the playground's own origin, whose storage a reused window empties. */
export function engine(name: EngineName, host: string): Engine {
  return name === "firefox" ? new Firefox() : new WebKit(host);
}
