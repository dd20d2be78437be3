/**
 * Firefox ESR and WebKitGTK, driven without Playwright (whose own builds of them cannot be
 * downloaded here): Firefox through puppeteer-core over WebDriver BiDi, WebKit through
 * WebKitWebDriver over W3C WebDriver with plain HTTP. Both behind one small interface, enough to
 * load a page, read it and click in it as a person would.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer } from "node:net";
import puppeteer, { type Browser, type BrowserContext, type Page } from "puppeteer-core";

export type EngineName = "firefox" | "webkit";

export const FIREFOX_PATH = process.env.FIREFOX_PATH || "/usr/bin/firefox-esr";
export const WEBKIT_DRIVER = "/usr/bin/WebKitWebDriver";
export const MINIBROWSER = process.env.MINIBROWSER_PATH || "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser";
export const XVFB_RUN = "/usr/bin/xvfb-run";

/** Whether an engine can run here, and if not the one line that says how to install it. */
export function missing(engine: EngineName): string | null {
  if (engine === "firefox") return existsSync(FIREFOX_PATH) ? null : "apt-get install -y firefox-esr";
  return [WEBKIT_DRIVER, MINIBROWSER, XVFB_RUN].every((p) => existsSync(p)) ? null : "apt-get install -y webkit2gtk-driver xvfb";
}

/** One browser window (with its own storage) that a test drives. */
export interface Driver {
  readonly engine: EngineName;
  goto(url: string): Promise<void>;
  /** Runs a self-contained function (no closure) in the page and returns its JSON result. */
  run<T>(fn: (...args: never[]) => T, ...args: unknown[]): Promise<Awaited<T>>;
  /** A real click (trusted, with user activation) on the first element matching `selector`. */
  click(selector: string): Promise<void>;
  /** How many top-level windows are open (the page and its popups). */
  windowCount(): Promise<number>;
  close(): Promise<void>;
}

export interface Engine {
  readonly name: EngineName;
  /** A fresh window with empty storage; `popupBlocker` as stock browsers have it, or off. */
  open(options: { popupBlocker: boolean }): Promise<Driver>;
  stop(): Promise<void>;
}

/** The source of a call: the function travels as text, so it must be self-contained. */
const call = (fn: (...args: never[]) => unknown, args: unknown[]) => `(${fn.toString()})(...${JSON.stringify(args)})`;

// ---------------------------------------------------------------- Firefox

class FirefoxDriver implements Driver {
  readonly engine = "firefox";
  constructor(
    private readonly context: BrowserContext,
    private readonly page: Page,
  ) {}
  async goto(url: string) {
    await this.page.goto(url, { waitUntil: "load" });
  }
  async run<T>(fn: (...args: never[]) => T, ...args: unknown[]): Promise<Awaited<T>> {
    return (await this.page.evaluate(call(fn, args))) as Awaited<T>;
  }
  async click(selector: string) {
    await this.page.locator(selector).click();
  }
  async windowCount() {
    return (await this.context.pages()).length;
  }
  async close() {
    await this.context.close();
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
    const context = await (await this.browser(popupBlocker)).createBrowserContext();
    const page = await context.newPage();
    await page.setViewport({ width: 1400, height: 1000 });
    return new FirefoxDriver(context, page);
  }
  async stop() {
    for (const b of this.browsers.values()) await (await b).close();
  }
}

// ---------------------------------------------------------------- WebKit

interface WebDriverReply<T> {
  value: T & { error?: string; message?: string };
}

/** A small W3C WebDriver client: the handful of commands these tests need. */
class WebKitDriver implements Driver {
  readonly engine = "webkit";
  constructor(
    private readonly base: string,
    private readonly session: string,
  ) {}
  static async request<T>(base: string, method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { "content-type": "application/json; charset=utf-8" },
      body: body === undefined ? undefined : JSON.stringify(body),
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
  async click(selector: string) {
    const el = await this.cmd<Record<string, string>>("POST", "/element", { using: "css selector", value: selector });
    await this.cmd("POST", `/element/${Object.values(el)[0]}/click`, {});
  }
  async windowCount() {
    return (await this.cmd<string[]>("GET", "/window/handles")).length;
  }
  async close() {
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

class WebKit implements Engine {
  readonly name = "webkit";
  private server: Promise<{ base: string; process: ChildProcess }> | null = null;
  private start() {
    this.server ??= (async () => {
      const port = await freePort();
      // MiniBrowser needs a display; Xvfb gives it one. detached: its own process group, stopped as one.
      const child = spawn(XVFB_RUN, ["-a", WEBKIT_DRIVER, `--port=${port}`], { stdio: "ignore", detached: true });
      const base = `http://127.0.0.1:${port}`;
      for (let i = 0; ; i++) {
        try {
          await fetch(`${base}/status`);
          break;
        } catch (e) {
          if (i > 100) throw e;
          await new Promise((r) => setTimeout(r, 100));
        }
      }
      return { base, process: child };
    })();
    return this.server;
  }
  async open({ popupBlocker }: { popupBlocker: boolean }): Promise<Driver> {
    const { base } = await this.start();
    const args = ["--automation", ...(popupBlocker ? [] : ["--javascript-can-open-windows-automatically=true"])];
    const session = await WebKitDriver.request<{ sessionId: string }>(base, "POST", "/session", {
      capabilities: { alwaysMatch: { browserName: "MiniBrowser", "webkitgtk:browserOptions": { binary: MINIBROWSER, args } } },
    });
    const driver = new WebKitDriver(base, session.sessionId);
    await WebKitDriver.request(base, "POST", `/session/${session.sessionId}/window/rect`, { width: 1400, height: 1000 }).catch(() => undefined);
    return driver;
  }
  async stop() {
    if (!this.server) return;
    const { process: child } = await this.server;
    if (child.pid) process.kill(-child.pid, "SIGTERM");
  }
}

export function engine(name: EngineName): Engine {
  return name === "firefox" ? new Firefox() : new WebKit();
}
