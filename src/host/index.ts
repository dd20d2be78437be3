/**
 * The host: the trusted page's side of the playground. createHost registers the page's window
 * listeners (runtime hellos; pagehide, which takes the run's popups along) and removes them on
 * dispose. The flow is one way:
 * channel (hellos, ports) -> ingest (inbox, reports -> records, commits) -> store; the runner
 * starts and ends runs; delivery holds, releases and drops sends in their senders.
 */
import type { StoreApi } from "zustand";
import type { PlaygroundState } from "../store/types";
import { createChannel } from "./channel";
import { createDelivery, HeldSends, type Delivery } from "./delivery";
import { FrameRegistry } from "./frames";
import { createIngest, type Ingest } from "./ingest";
import { createRunner, type Runner } from "./run";
import { browserClock, noteRecord, type Clock, type HostConfig, type HostContext } from "./session";

export type { HostConfig } from "./session";

export interface HostOptions {
  store: StoreApi<PlaygroundState>;
  /** The host page's window: its listener, its timers and its origin. */
  win: Window;
  config: HostConfig;
  clock?: Clock;
}

export interface Host {
  run: Runner["run"];
  /** Runs the open scenario if opening it should, and it is not the one running. */
  runOnOpen: Runner["runOnOpen"];
  shouldRunOnOpen: Runner["shouldRunOnOpen"];
  stop: Runner["stop"];
  stopWindow: Runner["stopWindow"];
  /** Every report that has arrived into the store now (an export takes everything in first). */
  catchUp: Ingest["catchUp"];
  delivery: Delivery;
  /** Filled by the view that renders the frames of the page. */
  frames: FrameRegistry;
  /** Runs the open scenario whenever another is opened; returns what stops that. */
  followOpenScenario: () => () => void;
  dispose: () => void;
}

export function createHost({ store, win, config, clock = browserClock(win) }: HostOptions): Host {
  const frames = new FrameRegistry();
  const base = {
    store,
    win,
    config,
    clock,
    frames,
    note: (window: string, text: string) => {
      store.getState().addRecords({ sends: [], receipts: [], consoleLines: [noteRecord(window, clock.wallNow(), text)] });
    },
  };
  const held = new HeldSends();
  let ingest: Ingest | null = null;
  let channel: ((event: MessageEvent) => void) | null = null;
  // An early run's messages (src/early-run.ts) go through the same channel, once the run is taken.
  const runner = createRunner(base, () => ingest as Ingest, (event) => channel?.(event));
  const ctx: HostContext = { ...base, session: runner.session };
  ingest = createIngest(ctx, held, runner);
  const onMessage = createChannel(ctx, ingest);
  channel = onMessage;
  // Registered now, not in an effect: a hello may arrive before React has committed.
  win.addEventListener("message", onMessage);
  win.addEventListener("messageerror", onMessage);
  // A page kept for the back button keeps its run; a page left for good takes its popups along.
  const onPageHide = (event: PageTransitionEvent) => {
    if (!event.persisted) runner.leave();
  };
  win.addEventListener("pagehide", onPageHide);
  const delivery = createDelivery(held, { post: runner.post, names: () => runner.session()?.live.keys() ?? [] }, (paused) => store.getState().setPausedFlag(paused));
  const catchUp = ingest.catchUp;
  return {
    run: runner.run,
    runOnOpen: runner.runOnOpen,
    shouldRunOnOpen: runner.shouldRunOnOpen,
    stop: runner.stop,
    stopWindow: runner.stopWindow,
    catchUp,
    delivery,
    frames,
    followOpenScenario: () =>
      store.subscribe((s, prev) => {
        // After the task that opened it: opening a timeline export opens its scenario, then
        // shows the export, which must not run.
        if (s.scenario.id !== prev.scenario.id) queueMicrotask(runner.runOnOpen);
      }),
    dispose() {
      win.removeEventListener("message", onMessage);
      win.removeEventListener("messageerror", onMessage);
      win.removeEventListener("pagehide", onPageHide);
      runner.stop();
    },
  };
}
