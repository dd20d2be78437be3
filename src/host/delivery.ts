/**
 * Paused delivery, seen from the host: sends held in their senders (never in the host), released
 * one by one or all, or dropped, and a send made again from the inspector. The host keeps its own
 * set of held sends, fed by ingest as the reports arrive; the store only shows them.
 */
import { seqOfKey, type HostToRuntime, type WindowPath } from "../../sandboxes/protocol";

export interface HeldSend {
  key: string;
  window: string;
  /** The document that holds it: a later document of the window is another sender. */
  doc: string;
  time: number;
}

/** The sends held now, oldest first. */
export class HeldSends {
  private readonly byKey = new Map<string, HeldSend>();

  hold(send: HeldSend): void {
    this.byKey.set(send.key, send);
  }

  /** Released or dropped: no longer held. */
  settle(key: string): void {
    this.byKey.delete(key);
  }

  clear(): void {
    this.byKey.clear();
  }

  all(): HeldSend[] {
    return [...this.byKey.values()].sort((a, b) => a.time - b.time);
  }

  /** The one given, or the oldest. */
  pick(key?: string): HeldSend | undefined {
    return key === undefined ? this.all()[0] : this.byKey.get(key);
  }
}

/** How delivery reaches the windows of the live run. */
export interface Windows {
  /** Posts to a window's runtime; with `doc`, only if that document is still the window's. */
  post: (window: string, message: HostToRuntime, doc?: string) => boolean;
  /** The windows of the live run that said hello. */
  names: () => Iterable<string>;
}

export interface Delivery {
  /** Pauses or resumes delivery in every window of the run (and in windows that start later). */
  setPaused: (paused: boolean) => void;
  /** Releases one held send (the oldest, or the one given): its window's own postMessage runs now. */
  release: (key?: string) => boolean;
  releaseAll: () => void;
  drop: (key: string) => void;
  /** Sends `data` (JSON text) again from the window that made a send, to the same target. */
  resend: (send: { window: string; doc: string; path?: WindowPath }, data: string, targetOrigin: string) => boolean;
}

export function createDelivery(held: HeldSends, windows: Windows, setPausedFlag: (paused: boolean) => void): Delivery {
  const tell = (send: HeldSend, type: "release" | "drop") => windows.post(send.window, { type, send: seqOfKey(send.key) }, send.doc);
  return {
    setPaused(paused) {
      setPausedFlag(paused);
      for (const name of windows.names()) windows.post(name, { type: "pause", paused });
    },
    release(key) {
      const send = held.pick(key);
      return send !== undefined && tell(send, "release");
    },
    releaseAll() {
      for (const send of held.all()) tell(send, "release");
    },
    drop(key) {
      const send = held.pick(key);
      if (send) tell(send, "drop");
    },
    resend(send, data, targetOrigin) {
      if (!send.path) return false;
      // Same window and realm (same origin); a later document of the window would be another sender.
      return windows.post(send.window, { type: "resend", target: send.path, data, targetOrigin }, send.doc);
    },
  };
}
