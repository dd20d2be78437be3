/**
 * A hello passed its checks (hello.ts): the window's new document joins the run. The host notes
 * the document, listens on its port, and tells its runtime what to run, unless it ran its script
 * already from the init in its URL (sandboxes/first-document.ts).
 */
import { siteOfOrigin } from "../../../sandboxes/origins";
import { documentId, type HelloMessage, type HostToRuntime } from "../../../sandboxes/protocol";
import { SCRIPTS } from "../../run/scripts";
import { syntaxProblem } from "../../run/syntax-check";
import { isOpaque, type ScenarioWindow } from "../../scenario/types";
import type { Ingest } from "../ingest";
import { shareHolds } from "../run/hold-shares";
import { initFor, payloadsOf, runTables, waitsForClick } from "../run/init";
import { MAX_PAST_TOKENS, type HostContext, type LiveWindow, type Session } from "../session";
import { own } from "../../own";
import { CLOCK_SLACK_MS } from "../../timeline/classify";
import { listenToRuntime } from "./port";

export interface Accepted {
  spec: ScenarioWindow;
  hello: HelloMessage;
  /** null: gone before its hello was dispatched (hello.ts); the closed-window poll (run/heartbeat.ts) marks it so. */
  source: Window | null;
  port: MessagePort;
  /** event.origin of the hello. */
  origin: string;
}

/** The window whose script opens or makes `spec`'s window: it hands out the first document's URL. */
const creatorOf = (spec: ScenarioWindow): string | undefined => (spec.kind === "popup" ? spec.opener : spec.createdByScript === true ? spec.parent : undefined);

export function accept(ctx: HostContext, ingest: Ingest, s: Session, { spec, hello, source, port, origin }: Accepted): void {
  const previous = s.live.get(spec.name);
  previous?.port.close();
  if (previous?.token !== undefined) {
    s.pastTokens.add(previous.token);
    // The oldest goes first: a Set iterates in insertion order.
    if (s.pastTokens.size > MAX_PAST_TOKENS) s.pastTokens.delete(s.pastTokens.values().next().value as string);
  }
  const documentNumber = (s.documentsOf.get(spec.name) ?? 0) + 1;
  s.documentsOf.set(spec.name, documentNumber);
  const live: LiveWindow = { spec, proxy: source, port, origin, doc: documentNumber, ...(hello.token === undefined ? {} : { token: hello.token }) };
  s.live.set(spec.name, live);
  const store = ctx.store.getState();
  const start = typeof hello.start === "number" ? hello.start : ctx.clock.wallNow();
  // A page slow to say hello was taken for one without a runtime (run/heartbeat.ts): it began
  // loading before the document it replaced left, so nothing came between them.
  const last = own(store.documents, spec.name)?.at(-1);
  if (last?.unwatched && start <= last.start + CLOCK_SLACK_MS) store.dropUnwatched(spec.name);
  store.endDocument(spec.name, start);
  store.addDocument(spec.name, { id: documentId(spec.name, documentNumber), origin, start });
  store.setWindowStatus(spec.name, waitsForClick(s, spec.name, documentNumber) ? "waiting for your click" : "running");
  if (documentNumber > 1 && !isOpaque(spec)) store.setWindowOrigin(spec.name, origin);
  listenToRuntime(live, {
    pong: (pong) => {
      if (live.ping?.n !== pong.n) return;
      // Asked after the document said it was leaving, and answered: it is still there (back from
      // the back/forward cache).
      if (live.left && !live.leftSaid && live.ping.sent > live.left.at) live.left = undefined;
      live.ping = undefined;
      if (ctx.store.getState().windows[spec.name]?.status === "unresponsive" && s.live.get(spec.name) === live) {
        store.setWindowStatus(spec.name, "running");
      }
    },
    // The count only paces drawing and the "Catching up" figure; the reports themselves are
    // checked when parsed. A window that overstates it delays drawing as a real flood would.
    reports: (batch) => {
      if ((live.held ?? 0) > 0) {
        live.held = 0;
        shareHolds(s.live.values(), ctx.store.getState().eventCap);
      }
      return "reports" in batch
        ? ingest.receive(s, live, batch.reports, batch.reports.length, batch.early)
        : ingest.receive(s, live, batch.json, batch.count, batch.early, batch.self);
    },
    unsent: (message) => {
      live.held = message.held;
      shareHolds(s.live.values(), ctx.store.getState().eventCap);
      ingest.unsent(s, live, message);
    },
  });
  const unparsed = syntaxProblem(spec.name, spec.script) !== null;
  const { runStart, paused } = ctx.store.getState();
  if (hello.payload !== undefined) {
    // It ran its script as it loaded, from the init in its URL (hello.ts checked it is the one the
    // host wrote, which was kept with its pause); only a pause since that text was written may be news.
    // The handshake's last step: its reports now travel on the port.
    port.postMessage({ type: "joined" } satisfies HostToRuntime);
    if (paused !== s.payloads.get(spec.name)?.paused) port.postMessage({ type: "pause", paused } satisfies HostToRuntime);
  } else {
    const site = siteOfOrigin(ctx.config.origins, hello.origin) ?? spec.origin;
    const init = initFor(runTables(s, ctx.config.origins.sandboxes, { runStart, paused }, SCRIPTS), spec, documentNumber, site);
    // The windows this document makes or opens load with inits of their own, which their hellos quote.
    payloadsOf(init, false, s.payloads);
    port.postMessage(init);
  }
  // The window that opened or made this one stops handing out its first document's URL.
  const creator = creatorOf(spec);
  if (documentNumber === 1 && creator !== undefined) s.live.get(creator)?.port.postMessage({ type: "opened", window: spec.name } satisfies HostToRuntime);
  // The window is up, but its script will not run: "running" would say otherwise.
  if (unparsed) store.setWindowStatus(spec.name, "error");
}
