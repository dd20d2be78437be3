/**
 * A hello passed its checks (hello.ts): the window's new document joins the run. The host notes
 * the document, listens on its port, and tells its runtime what to run.
 */
import { documentId, type HelloMessage } from "../../../sandboxes/protocol";
import { isOpaque, type Scenario, type ScenarioWindow } from "../../scenario/types";
import type { Ingest } from "../ingest";
import { initMessage } from "../run/init";
import type { HostContext, LiveWindow, Session } from "../session";
import { listenToRuntime } from "./port";

const opensAnyPopup = (scenario: Scenario, name: string) => scenario.windows.some((w) => w.kind === "popup" && w.opener === name);

export interface Accepted {
  spec: ScenarioWindow;
  hello: HelloMessage;
  source: Window;
  port: MessagePort;
  /** event.origin of the hello. */
  origin: string;
}

export function accept(ctx: HostContext, ingest: Ingest, s: Session, { spec, hello, source, port, origin }: Accepted): void {
  const previous = s.live.get(spec.name);
  previous?.port.close();
  const documentNumber = (s.documentsOf.get(spec.name) ?? 0) + 1;
  s.documentsOf.set(spec.name, documentNumber);
  const live: LiveWindow = { spec, proxy: source, port, origin, doc: documentNumber };
  s.live.set(spec.name, live);
  const store = ctx.store.getState();
  const start = typeof hello.start === "number" ? hello.start : ctx.clock.wallNow();
  store.endDocument(spec.name, start);
  store.addDocument(spec.name, { id: documentId(spec.name, documentNumber), origin, start });
  // A later document of the window (it navigated or reloaded) runs at once: the click was given.
  const waitForClick = s.clickToOpen && documentNumber === 1 && opensAnyPopup(s.scenario, spec.name);
  store.setWindowStatus(spec.name, waitForClick ? "waiting for your click" : "running");
  if (documentNumber > 1 && !isOpaque(spec)) store.setWindowOrigin(spec.name, origin);
  listenToRuntime(live, {
    pong: (pong) => {
      if (live.ping?.n !== pong.n) return;
      live.ping = undefined;
      if (ctx.store.getState().windows[spec.name]?.status === "unresponsive" && s.live.get(spec.name) === live) {
        store.setWindowStatus(spec.name, "running");
      }
    },
    // The count only paces drawing and the "Catching up" figure; the reports themselves are
    // checked when parsed. A window that overstates it delays drawing as a real flood would.
    reports: (batch) => ("reports" in batch ? ingest.receive(s, live, batch.reports, batch.reports.length) : ingest.receive(s, live, batch.json, batch.count)),
  });
  const { init, unparsed } = initMessage(s, ctx.config.origins, spec, {
    helloOrigin: hello.origin,
    runStart: store.runStart,
    paused: store.paused,
    documentNumber,
    waitForClick,
  });
  port.postMessage(init);
  // The window is up, but its script will not run: "running" would say otherwise.
  if (unparsed) store.setWindowStatus(spec.name, "error");
}
