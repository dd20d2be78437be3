/** Mirrors the page's console and uncaught errors to the timeline, then lets the console do its own work. */
import type { ConsoleReport, SourcePosition } from "../protocol";
import { standIn } from "./function-source";
import { formatConsoleArgs, preview } from "./preview";
import type { Positioned, Reporting } from "./reporting";

const LEVELS = ["log", "info", "warn", "error", "debug"] as const;

export function installConsoleCapture(o: Reporting & Positioned): void {
  const { win } = o;
  const emit = (level: ConsoleReport["level"], text: string, at?: SourcePosition) =>
    o.report({ kind: "console", seq: o.nextSeq(), time: o.now(), level, text, at });

  for (const level of LEVELS) {
    const con = (win as Window & typeof globalThis).console;
    const native = con[level];
    const original = native.bind(con);
    const method = {
      [level](...args: unknown[]) {
        const text = formatConsoleArgs(args);
        // Vite's dev client logs into every page it serves; that is not the user's output.
        if (!text.startsWith("[vite]")) emit(level, text, o.positionIn(new Error().stack));
        original(...args);
      },
    }[level] as (...args: unknown[]) => void;
    con[level] = standIn(method, native);
  }

  win.addEventListener("error", (event) => {
    const err: unknown = event.error;
    const name = err instanceof Error ? err.name : "Error";
    const message = err instanceof Error ? err.message : String(event.message);
    const at = event.lineno ? { line: event.lineno, column: event.colno } : undefined;
    emit("error", `Uncaught ${name}: ${message}`, at);
  });
  win.addEventListener("unhandledrejection", (event) => {
    const reason: unknown = event.reason;
    const text = reason instanceof Error ? `${reason.name}: ${reason.message}` : preview(reason);
    emit("error", `Uncaught (in promise) ${text}`);
  });
}
