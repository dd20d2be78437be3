/**
 * What a window's runtime is told once its hello is accepted: its script, instrumented (every
 * `x.postMessage(…)` routed through the runtime, every loop given a time budget), and what the
 * `playground` global names.
 */
import type { ResolvedOrigins } from "../../../sandboxes/origins";
import { siteOfOrigin } from "../../../sandboxes/origins";
import { LOOP_GUARD, SEND_CALL, type InitMessage } from "../../../sandboxes/protocol";
import { guardLoops } from "../../run/loop-guard";
import { recordSendSites } from "../../run/send-sites";
import { syntaxProblem } from "../../run/syntax-check";
import { frameSandbox } from "../../scenario/sandbox-flags";
import { DEFAULT_LOOP_GUARD_MS, framesMadeFor, type ScenarioWindow } from "../../scenario/types";
import type { Session } from "../session";

export interface InitFacts {
  /** The origin the hello claimed (checked against event.origin before this). */
  helloOrigin: string;
  runStart: number;
  paused: boolean;
  documentNumber: number;
  waitForClick: boolean;
}

/** The init message for `spec`'s new document; `unparsed` when its script will not run. */
export function initMessage(s: Session, sites: ResolvedOrigins, spec: ScenarioWindow, facts: InitFacts): { init: InitMessage; unparsed: boolean } {
  const loopGuardMs = s.scenario.loopGuardMs ?? DEFAULT_LOOP_GUARD_MS;
  const unparsed = syntaxProblem(spec.name, spec.script);
  // Sends first: their sites are positions in the script as written, and the loop guard keeps lines.
  const recorded = recordSendSites(spec.script, { call: SEND_CALL });
  const init: InitMessage = {
    type: "init",
    run: s.runId,
    window: spec.name,
    script: loopGuardMs > 0 ? guardLoops(recorded.code, { guard: LOOP_GUARD }).code : recorded.code,
    sendSites: recorded.sites,
    loopGuardMs,
    html: spec.html ?? "",
    runStart: facts.runStart,
    origins: s.origins,
    urls: s.urls,
    sites: sites.sandboxes,
    site: siteOfOrigin(sites, facts.helloOrigin) ?? spec.origin,
    paused: facts.paused,
    documentNumber: facts.documentNumber,
    ...(facts.waitForClick ? { waitForClick: true } : {}),
    frames: framesMadeFor(s.scenario, spec.name).map((child) => ({
      name: child.name,
      url: s.urls[child.name] ?? "about:blank",
      origin: s.origins[child.name] ?? "",
      sandbox: frameSandbox(child),
    })),
    ...(unparsed ? { syntaxError: { line: unparsed.line, column: unparsed.column, message: unparsed.message } } : {}),
  };
  return { init, unparsed: unparsed !== null };
}
