/**
 * One typed handler per runtime port. Whatever arrives on a window's port is read as one of the
 * RuntimeToHost messages (sandboxes/protocol/messages.ts), or ignored: the window's script may
 * post anything on it.
 */
import { parseRuntimeMessage, type PongMessage, type ReportBatch, type UnsentMessage } from "../../../sandboxes/protocol";
import type { LiveWindow } from "../session";

export interface PortHandlers {
  pong(message: PongMessage): void;
  reports(batch: ReportBatch): void;
  unsent(message: UnsentMessage): void;
}

export function listenToRuntime(live: LiveWindow, handlers: PortHandlers): void {
  live.port.onmessage = (event: MessageEvent<unknown>) => {
    const message = parseRuntimeMessage(event.data);
    if (message === null) return;
    if (message.type === "pong") handlers.pong(message);
    else if (message.type === "retired") live.onRetired?.();
    else if (message.type === "unsent") handlers.unsent(message);
    else handlers.reports(message);
  };
}
