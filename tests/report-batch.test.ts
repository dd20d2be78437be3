import { describe, expect, it } from "vitest";
import { compactReports, expandReports } from "../sandboxes/protocol";

const ALICE = "http://alice.localhost:5173";
const listener = (reads: string[], at = { line: 2, column: 35 }) => ({ name: "(anonymous)", via: "addEventListener", reads, at });

const receipt = (seq: number, data: number, over: Record<string, unknown> = {}) => ({
  kind: "receipt",
  seq,
  time: 1_764_615_000_000 + seq / 10,
  type: "message",
  origin: ALICE,
  source: ["parent"],
  preview: String(data),
  shape: `n:${data}`,
  ports: [],
  listeners: [listener(["data"])],
  ...over,
});

const send = (seq: number, data: number, over: Record<string, unknown> = {}) => ({
  kind: "send",
  seq,
  time: 1_764_615_000_000 + seq / 10,
  target: ["frames:0"],
  targetOrigin: "http://bob.localhost:5173",
  form: "positional",
  preview: String(data),
  shape: `n:${data}`,
  transfer: [],
  transferAfter: [],
  portsSent: [],
  ...over,
});

/** A stream like a busy window's: runs of sends and receipts, with fields changing now and then. */
function stream(n: number, random: () => number): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  let seq = 1;
  for (let i = 0; i < n; i++) {
    seq += random() < 0.1 ? 2 : 1;
    const r = random();
    if (r < 0.4) {
      out.push(
        send(seq, i % 7, {
          ...(random() < 0.2 ? { targetOrigin: "*" } : {}),
          ...(random() < 0.1 ? { at: { line: i, column: 3 } } : {}),
          ...(random() < 0.05 ? { error: { name: "DataCloneError", message: "no" } } : {}),
          ...(random() < 0.05 ? { transfer: ["ArrayBuffer(8)"], transferAfter: ["ArrayBuffer (detached)"] } : {}),
        }),
      );
    } else if (r < 0.85) {
      out.push(
        receipt(seq, i % 5, {
          ...(random() < 0.2 ? { listeners: [listener(["data", "origin"])] } : {}),
          ...(random() < 0.1 ? { listeners: [] } : {}),
          ...(random() < 0.1 ? { source: null } : {}),
          ...(random() < 0.05 ? { tree: { t: "leaf", text: "x" } } : {}),
          ...(random() < 0.05 ? { port: "c1.2", origin: "" } : {}),
        }),
      );
    } else if (r < 0.95) {
      out.push({ kind: "console", seq, time: 1, level: "log", text: `line ${i}` });
    } else {
      out.push({ kind: "listeners", seq, time: 2, receipt: seq - 1, listeners: [listener(["origin", "data"])] });
    }
  }
  return out;
}

function seeded(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return s / 2 ** 31;
  };
}

describe("report batches", () => {
  it("give back every report exactly as made, after JSON, for random streams", () => {
    for (let seed = 1; seed <= 20; seed++) {
      const reports = stream(300, seeded(seed));
      const wire = JSON.parse(JSON.stringify(compactReports(reports))) as unknown[];
      expect(expandReports(wire)).toEqual(reports);
    }
  });

  it("leave out what a flood repeats: a burst of receipts takes a third of its full size or less", () => {
    const flood = Array.from({ length: 256 }, (_, i) => receipt(i + 1, i));
    const full = JSON.stringify(flood).length;
    const compact = JSON.stringify(compactReports(flood)).length;
    expect(compact).toBeLessThan(full / 3);
    expect(compactReports(flood)[1]).toEqual({ time: flood[1]?.time, preview: "1", shape: "n:1" });
  });

  it("say where a flood's sends were made once: every send of one line after the first leaves it out", () => {
    const at = { line: 9, column: 5 };
    const flood = Array.from({ length: 256 }, (_, i) => send(i + 1, i, { at }));
    const wire = JSON.parse(JSON.stringify(compactReports(flood))) as Record<string, unknown>[];
    expect(wire.filter((r) => "at" in r)).toHaveLength(1);
    expect(wire[1]).toEqual({ time: flood[1]?.time, preview: "1", shape: "n:1" });
    expect(expandReports(wire)).toEqual(flood);
  });

  it("never leave out an optional field, nor inherit one that is missing", () => {
    const reports = [send(1, 1, { at: { line: 3, column: 1 } }), send(2, 1), send(3, 1, { error: { name: "SyntaxError", message: "bad" } }), send(4, 1)];
    const back = expandReports(compactReports(reports)) as Record<string, unknown>[];
    expect(back.map((r) => [r.at, r.error])).toEqual([[{ line: 3, column: 1 }, undefined], [undefined, undefined], [undefined, { name: "SyntaxError", message: "bad" }], [undefined, undefined]]);
    expect(back).toEqual(reports);
  });

  it("pass what is not a report through, and never set a record's prototype", () => {
    const hostile = JSON.parse('[null, 7, {"__proto__": {"kind": "send"}, "seq": 1}, {"kind": "receipt"}]') as unknown[];
    const back = expandReports(hostile);
    expect(back.slice(0, 2)).toEqual([null, 7]);
    expect(Object.getPrototypeOf(back[2])).toBe(Object.prototype);
    expect((back[2] as Record<string, unknown>).kind).toBeUndefined();
    // The receipt after it inherits nothing it did not send: there was no receipt before it.
    expect(back[3]).toEqual({ kind: "receipt", seq: 2 });
  });
});
