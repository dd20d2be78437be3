/**
 * A bounded, plain-data picture of message data for the inspector: objects, arrays, Maps and Sets
 * as expandable nodes, shared references and cycles as references to an earlier node, and
 * everything else (typed arrays, buffers, ports, dates…) as a leaf of text. Like previews, it
 * never calls a getter. Budgeted so that a huge or cyclic message costs little to describe.
 */
import type { DataNode } from "../protocol";
import { preview, toStringTag } from "./preview";

const MAX_NODES = 300;
const MAX_DEPTH = 8;
const MAX_ENTRIES = 100;

export function snapshot(value: unknown): DataNode {
  let budget = MAX_NODES;
  const ids = new Map<object, number>();

  function walk(v: unknown, depth: number): DataNode {
    budget--;
    if (typeof v !== "object" || v === null) return { t: "leaf", text: preview(v) };
    const seenId = ids.get(v);
    if (seenId !== undefined) return { t: "ref", id: seenId };
    const tag = toStringTag(v);
    const container = Array.isArray(v) || tag === "Object" || tag === "Map" || tag === "Set";
    if (!container) return { t: "leaf", text: preview(v) };
    const id = ids.size + 1;
    ids.set(v, id);
    const entries: [string, DataNode][] = [];
    let total = 0;
    const add = (key: string, child: () => DataNode) => {
      total++;
      if (entries.length >= MAX_ENTRIES || budget <= 0 || depth >= MAX_DEPTH) return;
      entries.push([key, child()]);
    };
    if (tag === "Map") {
      for (const [k, val] of v as Map<unknown, unknown>) add(`${preview(k)} →`, () => walk(val, depth + 1));
    } else if (tag === "Set") {
      let i = 0;
      for (const item of v as Set<unknown>) add(String(i++), () => walk(item, depth + 1));
    } else {
      for (const key of Object.keys(v)) {
        const d = Object.getOwnPropertyDescriptor(v, key);
        add(key, () => (d && !("value" in d) ? { t: "leaf", text: "[getter]" } : walk(d?.value, depth + 1)));
      }
    }
    const size = Array.isArray(v) ? v.length : tag === "Map" || tag === "Set" ? (v as Set<unknown>).size : undefined;
    return { t: "node", id, tag: Array.isArray(v) ? "Array" : tag, ...(size !== undefined ? { size } : {}), entries, more: total - entries.length };
  }

  return walk(value, 0);
}
