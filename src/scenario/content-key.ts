/**
 * A short fingerprint of what a scenario holds (what scenario-slice.ts compares to tell a
 * built-in from a copy of it): FNV-1a, twice with two seeds, over its fields in a fixed order.
 * Not a defence against forgery (a copy that matches is the built-in's content anyway), only a way
 * to recognise a built-in whose scripts are not loaded (library-index.ts).
 */
import type { Scenario } from "./types";

/** A window's fields, in the order a scenario's content is compared by (here and in scenario-slice.ts). */
export const WINDOW_FIELDS = ["name", "origin", "kind", "parent", "opener", "sandbox", "createdByScript", "html", "script"] as const;

function fnv1a(text: string, seed: number): string {
  let h = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, "0");
}

export function contentKey(s: Scenario): string {
  const text = JSON.stringify([s.id, s.title, s.summary, s.loopGuardMs ?? null, s.windows.map((w) => WINDOW_FIELDS.map((k) => w[k] ?? null))]);
  return fnv1a(text, 0x811c9dc5) + fnv1a(text, 0x01000193);
}
