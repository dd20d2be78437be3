/**
 * Patches the escape guards (escapes.ts) put into every same-origin realm a document reaches:
 * dialogs recorded instead of shown, and frame elements whose contentWindow/contentDocument guard
 * the realm they hand out. `ours` holds the runtime's own functions, so that a realm seen twice is
 * patched once.
 */
import { standIn } from "./function-source";
import { preview } from "./preview";

// Taken when the runtime loads, before any user code: a script may replace any global.
const apply = Reflect.apply;
const getOwn = Object.getOwnPropertyDescriptor;
const define = Object.defineProperty;
const getterOf = (obj: object, key: string) => getOwn(obj, key)?.get;

export type Realm = Window & typeof globalThis;

/** What each dialog returns in place of a person's answer (as the browser does without allow-modals). */
const answers = { alert: undefined, confirm: false, prompt: null } as const;
export function patchDialogs(w: Window, where: string, ours: WeakSet<object>, warn: (text: string) => void): void {
  for (const [name, answer] of Object.entries(answers)) {
    const current = getOwn(w, name)?.value as object | undefined;
    if (current && ours.has(current)) continue;
    const dialog = {
      [name](message?: unknown) {
        const says = name === "alert" ? "" : `, and answers ${String(answer)}`;
        warn(`${name}(${message === undefined ? "" : preview(message)})${where} was not shown: the playground records dialogs instead of blocking the window${says}.`);
        return answer;
      },
    }[name] as (message?: unknown) => unknown;
    if (current) standIn(dialog, current);
    ours.add(dialog);
    define(w, name, { configurable: true, writable: true, value: dialog });
  }
}

/**
 * Frame elements' contentWindow/contentDocument guard the realm they hand out. The browser's
 * own getter still makes the answer: the page gets the same object as before.
 */
export function patchFrameGetters(w: Realm, ours: WeakSet<object>, guardDocument: (doc: Document) => void): void {
  for (const ctor of [w.HTMLIFrameElement, w.HTMLFrameElement, w.HTMLObjectElement]) {
    const proto = ctor?.prototype as object | undefined;
    if (!proto) continue;
    const nativeDoc = getterOf(proto, "contentDocument");
    if (!nativeDoc) continue;
    for (const key of ["contentWindow", "contentDocument"]) {
      const d = getOwn(proto, key);
      const get = d?.get;
      if (!get || ours.has(get)) continue;
      const guarded = standIn({
        get(this: unknown): unknown {
          let doc: Document | null = null;
          try {
            doc = apply(nativeDoc, this, []) as Document | null;
          } catch {
            // Not a frame element: the getter below throws the browser's own error.
          }
          if (doc) guardDocument(doc);
          return apply(get, this, []);
        },
      }.get, get);
      ours.add(guarded);
      define(proto, key, { configurable: true, enumerable: d.enumerable ?? true, get: guarded });
    }
  }
}
