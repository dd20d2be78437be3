/**
 * What a hostile (or clumsy) script does to its own window, made visible instead of harmful:
 * - window.open: each popup is remembered (scenario popups by name, for source labels), the
 *   browser's own refusals are reported, and a storm is capped per document;
 * - alert/confirm/prompt: recorded, never shown (a modal loop would hold the window, and in
 *   some browsers the whole page);
 * - document.open/write after load: the page is replaced and the browser erases the window's
 *   event listeners, the runtime's own receipt listener too, which is put back.
 */
import { PARAM_WINDOW } from "../protocol";
import type { Describer } from "./describe";
import { preview } from "./preview";
import type { Recorder } from "./recorder";
import type { Positioned, Reporting } from "./reporting";

/** Popups one document may open; more is a storm. */
export const MAX_POPUPS = 10;

export interface EscapeGuards {
  /**
   * Closes every window this document opened (when the host ends the run), but the one popup it
   * opened for each scenario window named in `keep`: the host retired it, and it closes itself.
   */
  closeOpened(keep?: readonly string[]): void;
}

export function installEscapeGuards(o: Reporting & Positioned & { describer: Describer; recorder: Recorder }): EscapeGuards {
  const { win } = o;
  const warn = (text: string) =>
    o.report({ kind: "console", seq: o.nextSeq(), time: o.now(), level: "warn", text, at: o.positionIn(new Error().stack) });

  /** Each window this document opened, with the scenario window it was opened for, if any. */
  const opened: { w: Window; for: string | undefined }[] = [];
  let refused = 0;
  const nativeOpen = win.open.bind(win);
  win.open = function open(...args: Parameters<Window["open"]>): WindowProxy | null {
    let forWindow: string | undefined;
    if (args[0] !== undefined && args[0] !== "") {
      try {
        forWindow = new URL(String(args[0]), win.location.href).searchParams.get(PARAM_WINDOW) ?? undefined;
      } catch {
        // Not a URL: the browser's own open() reports it.
      }
    }
    const label = forWindow ?? String(args[0] ?? "about:blank");
    if (opened.filter((o) => !o.w.closed).length >= MAX_POPUPS) {
      // Said once per storm, not once per call.
      if (refused++ === 0) warn(`window.open(${preview(label)}) refused: this window already has ${MAX_POPUPS} open popups (the playground's cap).`);
      return null;
    }
    // Stamped before the call: the popup's own document starts (timeOrigin) during it.
    const openedAt = o.now();
    const popup = nativeOpen(...args);
    if (popup === null) {
      o.report({ kind: "lifecycle", seq: o.nextSeq(), time: openedAt, what: "popup-blocked", detail: label });
    } else {
      opened.push({ w: popup, for: forWindow });
      if (forWindow) o.describer.rememberPopup(popup, forWindow);
      o.report({ kind: "lifecycle", seq: o.nextSeq(), time: openedAt, what: "popup-opened", detail: label });
    }
    return o.recorder.wrap(popup);
  };

  const dialogs = { alert: undefined, confirm: false, prompt: null } as const;
  for (const [name, answer] of Object.entries(dialogs)) {
    Object.defineProperty(win, name, {
      configurable: true,
      writable: true,
      value: function dialog(message?: unknown) {
        const answers = name === "alert" ? "" : `, and answers ${String(answer)}`;
        warn(`${name}(${message === undefined ? "" : preview(message)}) was not shown: the playground records dialogs instead of blocking the window${answers}.`);
        return answer;
      },
    });
  }

  const doc = win.document;
  for (const name of ["open", "write", "writeln"] as const) {
    const native = doc[name] as (...args: unknown[]) => unknown;
    Object.defineProperty(doc, name, {
      configurable: true,
      writable: true,
      value: function replacing(this: Document, ...args: unknown[]) {
        const before = doc.documentElement;
        const result: unknown = Reflect.apply(native, this, args);
        if (doc.documentElement !== before) {
          o.recorder.relisten();
          warn(`document.${name}() replaced this window's page; the browser dropped its message listeners (the playground still records receipts).`);
        }
        return result;
      },
    });
  }

  return {
    closeOpened(keep = []) {
      const open = opened.filter((o) => !o.w.closed);
      // Kept only when it is the one open window for that name: then it is the host's live popup
      // (its opener is this window), and a second one, which the host refused, is closed here.
      const kept = (o: (typeof open)[number]) => o.for !== undefined && keep.includes(o.for) && open.filter((x) => x.for === o.for).length === 1;
      for (const o of open) {
        if (kept(o)) continue;
        try {
          o.w.close();
        } catch {
          // Already gone.
        }
      }
    },
  };
}
