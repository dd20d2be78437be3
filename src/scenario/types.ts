/** A scenario: the windows a person writes, each on a sandbox origin, and how they are related. */
export interface ScenarioWindow {
  /** Unique within the scenario; also the name of its script file in stack traces. */
  name: string;
  /** A sandbox site name from playground.config.json (e.g. "alice"). */
  origin: string;
  /** An iframe (of the host page, or nested in `parent`), or a popup that `opener`'s script opens. */
  kind: "iframe" | "popup";
  parent?: string;
  opener?: string;
  /** The iframe's sandbox attribute; the default keeps the frame's own origin. */
  sandbox?: string;
  /**
   * A nested iframe that its parent's script makes itself (from `playground.url(name)`, as
   * postmate and many embed SDKs do), so the playground does not make it.
   */
  createdByScript?: boolean;
  /** Markup put into the page's body before the script runs. */
  html?: string;
  script: string;
}

export interface Scenario {
  id: string;
  title: string;
  /** What to look for on the timeline, in plain words. */
  summary: string;
  windows: ScenarioWindow[];
  /** How long one loop may run before the loop guard stops it (default 1000 ms; 0: no guard). */
  loopGuardMs?: number;
}

export const DEFAULT_LOOP_GUARD_MS = 1000;

/** How long one loop of `scenario`'s scripts may run (0: no guard). */
export const loopGuardMsOf = (scenario: Pick<Scenario, "loopGuardMs">): number => scenario.loopGuardMs ?? DEFAULT_LOOP_GUARD_MS;

/**
 * Whether `scenario`'s scripts are prepared with the loop guard: the build, the parser's
 * readiness (run/parser.ts) and a run's inits (host/run/init.ts) must agree on it.
 */
export const guardsLoops = (scenario: Pick<Scenario, "loopGuardMs">): boolean => loopGuardMsOf(scenario) > 0;

export { DEFAULT_FRAME_SANDBOX } from "../../sandboxes/frame-sandbox";

/** A frame sandboxed without allow-same-origin has an opaque origin: its messages say "null". */
export function isOpaque(w: ScenarioWindow): boolean {
  return w.kind === "iframe" && w.sandbox !== undefined && !/(^|\s)allow-same-origin(\s|$)/.test(w.sandbox);
}

export function childrenOf(scenario: Scenario, parent: string | undefined): ScenarioWindow[] {
  return scenario.windows.filter((w) => w.kind === "iframe" && w.parent === parent);
}

/** The frames the playground makes in `parent` before its script runs (not those the script makes). */
export function framesMadeFor(scenario: Scenario, parent: string | undefined): ScenarioWindow[] {
  return childrenOf(scenario, parent).filter((w) => w.createdByScript !== true);
}
