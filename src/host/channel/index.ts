/**
 * The host's end of the private channels. The host page listens to window messages for a
 * runtime's hello, which carries a MessagePort (checked in hello.ts), and for the reports that
 * document makes before the host's first message on that port reaches it (EarlyReportsMessage),
 * taken only from the window and origin of the accepted hello, with its token (or kept, with its
 * token and origin, for a hello that waits for its creator's hello). Everything after
 * that travels over the port. Any other message a window posts to the page itself is recorded as a
 * receipt of the host, and never acted upon.
 */
import { hostRecordKey, isHelloMessage, parseEarlyReports } from "../../../sandboxes/protocol";
import { preview, shapeOf } from "../../../sandboxes/runtime/preview";
import type { ScenarioWindow } from "../../scenario/types";
import { HOST } from "../../timeline/records";
import type { Ingest } from "../ingest";
import { MAX_EARLY_WAITING, MAX_WAITING_HELLOS, type HostContext, type Session } from "../session";
import { accept } from "./accept";
import { judgeHello, type WindowMessage } from "./hello";
import { nameOfWindow } from "./identity";

let hostReceipts = 0;

export function createChannel(ctx: HostContext, ingest: Ingest): (event: MessageEvent) => void {
  const recordHostReceipt = (s: Session, event: Pick<MessageEvent, "type" | "data" | "origin" | "source">, time = ctx.clock.wallNow()) => {
    const from = nameOfWindow(s, ctx.win, event.source as Window | null);
    if (from === null || from === HOST) return;
    const data: unknown = event.data;
    ingest.hostReceipt({
      kind: "receipt",
      key: hostRecordKey(HOST, `${time}:${++hostReceipts}`),
      window: HOST,
      doc: `${HOST}#1`,
      origin: ctx.win.location.origin,
      time,
      type: event.type === "messageerror" ? "messageerror" : "message",
      eventOrigin: event.origin,
      source: from,
      sourceLabel: from,
      preview: preview(data),
      shape: shapeOf(data),
      ports: [],
      listeners: [],
    });
  };

  /** A window of the run sent a hello it had no right to: say so once, on that window's console. */
  const noteImpostor = (s: Session, from: string, claimed: string) => {
    if (from === HOST || s.impostors.has(from)) return;
    s.impostors.add(from);
    ctx.note(from, `${from} sent a runtime hello claiming to be ${claimed === from ? "a new document of itself" : claimed.length > 60 ? `${claimed.slice(0, 60)}…` : claimed}; the playground ignored it (only the window itself, from its own origin, can say hello).`);
  };

  /**
   * A window the run does not know loaded `spec`'s page: say so once, on that window's console,
   * and what to change when it is the scenario's own frame made by a script.
   */
  const noteStranger = (s: Session, spec: ScenarioWindow, liveElsewhere: boolean) => {
    const key = `stranger:${spec.name}`;
    if (s.impostors.has(key)) return;
    s.impostors.add(key);
    const where = spec.kind === "popup" ? `a popup that ${spec.opener ?? "its opener"} opens` : spec.parent === undefined ? "a frame of the page" : `a frame in ${spec.parent}`;
    const why = liveElsewhere
      ? `while ${spec.name} was already running elsewhere; the playground watches one window per name and ignored this one`
      : `but it is not where the scenario puts ${spec.name} (${where}); the playground ignored it`;
    const hint =
      spec.kind === "iframe" && spec.parent !== undefined && spec.createdByScript !== true
        ? ` If ${spec.parent}'s script makes ${spec.name}'s frame itself, mark ${spec.name} "createdByScript": true, so that the playground does not make one too.`
        : "";
    ctx.note(spec.name, `Another window loaded ${spec.name}'s page ${why}.${hint}`);
  };

  /** Early reports of a live document, from that very document: taken in as if from its port. */
  const takeEarlyReports = (s: Session, event: MessageEvent): boolean => {
    const early = parseEarlyReports(event.data);
    if (early === null || early.run !== s.runId) return false;
    // From a document the window no longer holds: its last words, which nothing needs now.
    if (s.pastTokens.has(early.token)) return true;
    const live = s.live.get(early.window);
    // The token, which only that document and this page know, says who sent it; the source only
    // confirms it: a frame removed right after it posted is a source some engines no longer give.
    if (!live || (event.source !== null && live.proxy !== event.source) || live.origin !== event.origin || live.token === undefined || live.token !== early.token) {
      // Its hello waits for its creator's: kept until it is taken in (or the run ends).
      const waiting = s.waiting.find((w) => isHelloMessage(w.message.data) && w.message.data.window === early.window && w.message.data.token === early.token && w.message.origin === event.origin);
      if (!waiting || (waiting.early?.length ?? 0) >= MAX_EARLY_WAITING) return false;
      (waiting.early ??= []).push(event);
      return true;
    }
    const { batch } = early;
    if ("reports" in batch) ingest.receive(s, live, batch.reports, batch.reports.length, true);
    else ingest.receive(s, live, batch.json, batch.count, true);
    return true;
  };

  const env = { host: ctx.win, sites: ctx.config.origins, frames: ctx.frames };

  /**
   * A message to the page from a window with no name yet, whose hello waits for its creator's: kept
   * with that hello, so that it is drawn once the window joins. Dropped, it would leave the send
   * its window reports queued forever.
   */
  const keepForWaitingHello = (s: Session, m: WindowMessage, type: string, time: number): boolean => {
    if (m.source === null || nameOfWindow(s, ctx.win, m.source) !== null) return false;
    const waiting = s.waiting.find((w) => w.message.source === m.source);
    if (!waiting || (waiting.posted?.length ?? 0) >= MAX_EARLY_WAITING) return false;
    (waiting.posted ??= []).push({ message: m, type, time });
    return true;
  };

  /** Acts on a window message, or on a waiting hello judged again at `time`, when it came. */
  const judge = (s: Session, m: WindowMessage, type: string, time?: number): void => {
    const verdict = judgeHello(s, env, m);
    if (verdict.kind === "accept") {
      accept(ctx, ingest, s, { ...verdict, origin: m.origin });
      // Its frames' and popups' hellos that came first are judged now, and theirs in turn.
      const ready = s.waiting.filter((w) => w.creator === verdict.spec.name);
      s.waiting = s.waiting.filter((w) => w.creator !== verdict.spec.name);
      for (const w of ready) {
        judge(s, w.message, "message", w.time);
        for (const event of w.early ?? []) takeEarlyReports(s, event);
        for (const p of w.posted ?? []) recordHostReceipt(s, { type: p.type, data: p.message.data, origin: p.message.origin, source: p.message.source }, p.time);
      }
      return;
    }
    if (verdict.kind === "wait" && s.waiting.length < MAX_WAITING_HELLOS) {
      s.waiting.push({ creator: verdict.creator, message: m, time: time ?? ctx.clock.wallNow() });
      return;
    }
    const refused = verdict.kind !== "not-hello";
    if (!refused && keepForWaitingHello(s, m, type, time ?? ctx.clock.wallNow())) return;
    if (refused) m.port?.close();
    // A sandbox posting to the playground page itself (e.g. `parent` of a top-level frame), or a
    // refused hello, which reached the page all the same: drawn as delivered to the host.
    recordHostReceipt(s, { type, data: m.data, origin: m.origin, source: m.source }, time);
    if (verdict.kind !== "refuse") return;
    if (verdict.impostor) noteImpostor(s, verdict.impostor.from, verdict.impostor.claimed);
    else if (verdict.stranger) noteStranger(s, verdict.stranger.spec, verdict.stranger.liveElsewhere);
  };

  return (event: MessageEvent) => {
    const s = ctx.session();
    if (!s) return;
    if (takeEarlyReports(s, event)) return;
    judge(s, { data: event.data, origin: event.origin, source: event.source as Window | null, port: event.ports[0] }, event.type);
  };
}
