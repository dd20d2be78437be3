/**
 * The checks on a runtime's hello, the one window message the host acts on. A hello is accepted
 * only from a configured sandbox origin, for the current run, from the very window the scenario
 * says it is (by WindowProxy identity: the frame's contentWindow, or a window whose parent/opener
 * is an accepted window), for a live window only from that same WindowProxy, and, when it ran an
 * init from its URL, only quoting the init the host wrote for that window. Pure but for
 * reading WindowProxies, so each rule can be tested without a browser.
 */
import { siteOfOrigin, type ResolvedOrigins } from "../../../sandboxes/origins";
import { isHelloMessage, type HelloMessage } from "../../../sandboxes/protocol";
import { isOpaque, type ScenarioWindow } from "../../scenario/types";
import type { FrameLookup, Session } from "../session";
import { isGone, nameOfWindow } from "./identity";

/** Is `source` the window the scenario says `spec` is? Identity, not claims. */
export function isExpectedWindow(s: Session, frames: FrameLookup, spec: ScenarioWindow, source: Window): boolean {
  try {
    if (spec.kind === "iframe" && spec.parent === undefined) return frames.get(spec.name)?.contentWindow === source;
    if (spec.kind === "iframe" && spec.parent !== undefined) {
      const parent = s.live.get(spec.parent);
      return parent !== undefined && parent.proxy !== null && source.parent === parent.proxy;
    }
    const opener = spec.opener === undefined ? undefined : s.live.get(spec.opener);
    return opener !== undefined && opener.proxy !== null && source.opener === opener.proxy;
  } catch {
    return false;
  }
}

/**
 * A window's first document must come from its own origin. Later documents (the window navigated,
 * e.g. to `playground.url(name, "evil")`) may come from any configured sandbox origin.
 */
export function isAllowedOrigin(s: Session, sites: ResolvedOrigins, spec: ScenarioWindow, eventOrigin: string, claimed: string): boolean {
  if (isOpaque(spec)) return eventOrigin === "null";
  if (!s.documentsOf.has(spec.name)) return eventOrigin === s.origins[spec.name];
  return eventOrigin === claimed && siteOfOrigin(sites, eventOrigin) !== undefined;
}

/**
 * A document that ran an init from its URL (sandboxes/first-document.ts) ran the very text the
 * host wrote for that window, or another window wrote that URL: its script is not the scenario's.
 * A document without one gets its init over the channel.
 */
export function quotesOwnInit(s: Session, spec: ScenarioWindow, hello: HelloMessage): boolean {
  return hello.payload === undefined || hello.payload === s.payloads.get(spec.name)?.text;
}

/** A window message as the listener got it. */
export interface WindowMessage {
  data: unknown;
  origin: string;
  source: Window | null;
  port: MessagePort | undefined;
}

export type HelloVerdict =
  /** Not a hello: at most a message to the page itself, recorded and never acted upon. */
  | { kind: "not-hello" }
  /** `source` null: its window was gone before the hello was dispatched (goneAtHello). */
  | { kind: "accept"; spec: ScenarioWindow; hello: HelloMessage; source: Window | null; port: MessagePort }
  /**
   * Right in all it can be checked on, but its identity is checked against `creator`'s
   * WindowProxy, and `creator` has not said hello yet: judged again once it has.
   */
  | { kind: "wait"; creator: string }
  /**
   * Refused. `impostor`: a window of the run sent it (named here), claiming `claimed`. `stranger`:
   * a window the run does not know loaded `spec`'s page, while `spec` was live elsewhere or not.
   */
  | { kind: "refuse"; impostor?: { from: string; claimed: string }; stranger?: { spec: ScenarioWindow; liveElsewhere: boolean } };

export interface HelloEnv {
  host: Window;
  sites: ResolvedOrigins;
  frames: FrameLookup;
}

/**
 * The window whose WindowProxy vouches for `spec`'s (isExpectedWindow), when that window has not
 * said hello in this run. Its hello is no proof of order: it can reach the page after its frame's
 * or popup's, as engines keep no order between window messages from different windows (Chromium
 * sends a cross-process postMessage a task after the call, while the frame the script made next
 * is already loading).
 */
function unheardCreator(s: Session, spec: ScenarioWindow): string | undefined {
  const creator = spec.kind === "popup" ? spec.opener : spec.parent;
  return creator !== undefined && !s.documentsOf.has(creator) ? creator : undefined;
}

/**
 * A first document whose window went away (its frame removed, its popup closed) before its hello
 * was dispatched: its WindowProxy no longer leads to a parent or an opener, and Firefox and WebKit
 * give no source at all. Its identity is then what it quoted: the init the host wrote into that
 * window's URL, which only its creator was handed, run from that window's own origin, so a genuine
 * runtime running the scenario's own script. The check of a live one asks no more of a frame or
 * popup: only that its creator made it. Taken in, its document starts and ends there, and what it
 * sent before it went is drawn; refused, a message to it would wait for it forever.
 */
function goneAtHello(s: Session, spec: ScenarioWindow, hello: HelloMessage, source: Window | null): boolean {
  return (source === null || isGone(source)) && hello.payload !== undefined && !s.documentsOf.has(spec.name);
}

export function judgeHello(s: Session, env: HelloEnv, m: WindowMessage): HelloVerdict {
  if (!isHelloMessage(m.data)) return { kind: "not-hello" };
  const hello = m.data;
  // Found by own name in the scenario's list, never as a property: "constructor" is no window.
  const spec = s.scenario.windows.find((w) => w.name === hello.window);
  const { source, port } = m;
  const current = spec ? s.live.get(spec.name) : undefined;
  const plausible =
    port !== undefined &&
    spec !== undefined &&
    hello.run === s.runId &&
    isAllowedOrigin(s, env.sites, spec, m.origin, hello.origin) &&
    // A window keeps its WindowProxy across navigations: a hello for a live window from any other
    // window (e.g. a second popup its opener made) is an impostor.
    (current === undefined || current.proxy === source || isGone(current.proxy)) &&
    quotesOwnInit(s, spec, hello);
  if (plausible && source !== null && isExpectedWindow(s, env.frames, spec, source)) return { kind: "accept", spec, hello, source, port };
  const creator = plausible ? unheardCreator(s, spec) : undefined;
  if (creator !== undefined) return { kind: "wait", creator };
  if (plausible && goneAtHello(s, spec, hello, source)) return { kind: "accept", spec, hello, source, port };
  // Gone, and not to be told from a stranger: nothing is left of it to say where it was.
  if (source === null || isGone(source)) return { kind: "refuse" };
  const from = nameOfWindow(s, env.host, source);
  if (from !== null) return { kind: "refuse", impostor: { from, claimed: hello.window } };
  if (spec !== undefined && hello.run === s.runId) return { kind: "refuse", stranger: { spec, liveElsewhere: current !== undefined && !isGone(current.proxy) } };
  return { kind: "refuse" };
}
