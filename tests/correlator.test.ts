import { describe, expect, it } from "vitest";
import { correlate } from "../src/timeline/correlate";
import { Correlator } from "../src/timeline/correlator";
import { dropSkipped, trimToCap } from "../src/timeline/event-cap";
import { pairKey } from "../sandboxes/protocol";
import type { DocumentSpan, ReceiptRecord, SendRecord } from "../src/timeline/records";
import type { TimelineEntry } from "../src/timeline/correlate";

const ORIGIN: Record<string, string> = {
  alice: "http://alice.localhost:5173",
  bob: "http://bob.localhost:5173",
  carol: "http://carol.localhost:5173",
};
const WINDOWS = Object.keys(ORIGIN);

/** A window-to-window send from `from` to `to`, as the host stores it. */
function sendRecord(key: string, from: string, to: string, time: number, targetOrigin: string, shape: string, preview: string): SendRecord {
  return {
    kind: "send",
    key,
    window: from,
    doc: `${from}#1`,
    origin: ORIGIN[from] as string,
    time,
    target: to,
    targetLabel: to,
    targetOrigin,
    form: "positional",
    preview,
    shape,
    transfer: [],
    transferAfter: [],
    portsSent: [],
  };
}

/** A receipt in `to` of a message from `from`, as the host stores it. */
function receiptRecord(key: string, from: string, to: string, time: number, type: ReceiptRecord["type"], shape: string, preview: string, doc = `${to}#1`): ReceiptRecord {
  return {
    kind: "receipt",
    key,
    window: to,
    doc,
    origin: ORIGIN[to] as string,
    time,
    type,
    eventOrigin: ORIGIN[from] as string,
    source: from,
    sourceLabel: from,
    preview,
    shape,
    ports: [],
    listeners: [],
  };
}

/** A small deterministic PRNG, so a failure can be replayed from its seed. */
function random(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

interface Stream {
  /** Each window's records in the order its runtime reports them. */
  perWindow: Map<string, (SendRecord | ReceiptRecord)[]>;
}

/**
 * The documents of the random runs: alice's page is there from the start; bob is a frame whose
 * page arrives at 1100 (before, it held its initial about:blank, not reported); carol is a popup
 * opened at 1000 whose page arrives at 1150 and navigates to a new page at 1250.
 */
const RUN_DOCUMENTS: Record<string, DocumentSpan[]> = {
  alice: [{ id: "alice#1", origin: ORIGIN.alice as string, start: 0 }],
  bob: [{ id: "bob#1", origin: ORIGIN.bob as string, start: 1100 }],
  carol: [
    { origin: ORIGIN.alice as string, start: 1000, end: 1150, initial: true },
    { id: "carol#1", origin: ORIGIN.carol as string, start: 1150, end: 1250 },
    { id: "carol#2", origin: ORIGIN.carol as string, start: 1250 },
  ],
};
const pageAt = (w: string, time: number): DocumentSpan | undefined =>
  (RUN_DOCUMENTS[w] ?? []).filter((d) => d.start <= time && d.id !== undefined).sort((a, b) => b.start - a.start)[0];
/** The documents the host knows once records up to `time` arrived: none starts later. */
const documentsBy = (time: number): Record<string, DocumentSpan[]> =>
  Object.fromEntries(Object.entries(RUN_DOCUMENTS).map(([w, docs]) => [w, docs.filter((d) => d.start <= time)]));

/**
 * A run as the runtimes would report it: sends between three windows with matching, wrong and "*"
 * targetOrigins, two data shapes, receipts (a few of them messageerrors) a few ms later (sometimes stamped a little before the
 * send: other process, other clock), some messages never received, and some receipts whose send
 * no runtime saw (frames[i]).
 */
function run(seed: number, count: number): Stream {
  const rnd = random(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  const clock: Record<string, number> = { alice: 0, bob: 0, carol: 0 };
  const records: { window: string; record: SendRecord | ReceiptRecord }[] = [];
  let k = 0;
  let t = 1000;
  for (let i = 0; i < count; i++) {
    t += rnd() < 0.3 ? 0 : rnd() * 3;
    const from = pick(WINDOWS);
    const to = pick(WINDOWS.filter((w) => w !== from));
    const shape = pick(["s1:a", "s1:b"]);
    const targetOrigin = pick(["*", ORIGIN[to] as string, ORIGIN[to] as string, ORIGIN[from] as string]);
    const sendTime = Math.max(t, (clock[from] as number) + 0.1);
    clock[from] = sendTime;
    const unseen = rnd() < 0.05;
    if (!unseen) {
      records.push({ window: from, record: sendRecord(`s${++k}`, from, to, sendTime, targetOrigin, shape, shape) });
    }
    // A send before the target's page arrived went to its initial about:blank, and was lost.
    const page = pageAt(to, sendTime);
    const delivered = page !== undefined && (targetOrigin === "*" || targetOrigin === ORIGIN[to]) && rnd() < 0.9;
    if (delivered) {
      const at = Math.max(sendTime + rnd() * 8 - 2, (clock[to] as number) + 0.1);
      const doc = pageAt(to, at)?.id ?? page.id;
      // Now and then the data cannot be deserialized there: messageerror, with data null.
      const failed = rnd() < 0.05;
      clock[to] = at;
      records.push({
        window: to,
        record: receiptRecord(`r${++k}`, from, to, at, failed ? "messageerror" : "message", failed ? "null" : shape, failed ? "null" : shape, doc),
      });
    }
  }
  const perWindow = new Map<string, (SendRecord | ReceiptRecord)[]>();
  for (const w of WINDOWS) {
    perWindow.set(
      w,
      records
        .filter((r) => r.window === w)
        .map((r) => r.record)
        .sort((a, b) => a.time - b.time),
    );
  }
  return { perWindow };
}

const documents: Record<string, DocumentSpan[]> = Object.fromEntries(WINDOWS.map((w) => [w, [{ id: `${w}#1`, origin: ORIGIN[w] as string, start: 0 }]]));

/** alice floods bob with distinct numbers, every one received 2 ms later. */
function flood(from: number, count: number): { sends: SendRecord[]; receipts: ReceiptRecord[] } {
  const sends: SendRecord[] = [];
  const receipts: ReceiptRecord[] = [];
  for (let i = from; i < from + count; i++) {
    const time = 1000 + i * 0.5;
    sends.push(sendRecord(`s${i}`, "alice", "bob", time, ORIGIN.bob as string, `n:${i}`, String(i)));
    receipts.push(receiptRecord(`r${i}`, "alice", "bob", time + 2, "message", `n:${i}`, String(i)));
  }
  return { sends, receipts };
}

/**
 * Delivers the stream to the host in batches, each window's reports in order but the windows
 * interleaved at random (a receipt often arrives before its send), as the host commits them.
 */
function* batches(stream: Stream, seed: number): Generator<{ sends: SendRecord[]; receipts: ReceiptRecord[] }> {
  const rnd = random(seed);
  const queues = [...stream.perWindow.values()].map((q) => [...q]);
  while (queues.some((q) => q.length > 0)) {
    const sends: SendRecord[] = [];
    const receipts: ReceiptRecord[] = [];
    for (const q of queues) {
      const n = Math.floor(rnd() * 12);
      for (const r of q.splice(0, n)) {
        if (r.kind === "send") sends.push(r);
        else receipts.push(r);
      }
    }
    yield { sends, receipts };
  }
}

/**
 * The pairing rule written as plainly as it reads, slow and without state: per sender and target,
 * each receipt in time order takes the oldest send not yet taken that could have produced it.
 * Could have: same sender, target and data shape (any shape for a messageerror), event.origin the
 * sender's, its targetOrigin matching the receiving document, made at most 25 ms after the
 * receipt and at most 25 ms before the receipt's document could receive it (that document's start;
 * the start of the page before it, if there was one). A window's receipts come in order, so the
 * bound never goes down.
 */
function referencePairs(sends: readonly SendRecord[], receipts: readonly ReceiptRecord[], docs: Record<string, DocumentSpan[]>): [string, string][] {
  const taken = new Set<string>();
  const floorSoFar = new Map<string, number>();
  const out: [string, string][] = [];
  const ordered = [...sends].sort((a, b) => a.time - b.time);
  for (const r of [...receipts].sort((a, b) => a.time - b.time)) {
    if (r.source === null) continue;
    const list = docs[r.window] ?? [];
    const doc = list.find((d) => d.id === r.doc);
    const before = list.filter((d) => d !== doc && doc !== undefined && d.start <= doc.start).sort((a, b) => b.start - a.start)[0];
    const own = doc === undefined ? -Infinity : before && !before.initial ? before.start : doc.start;
    const pair = `${r.source}>${r.window}`;
    const floor = Math.max(own, floorSoFar.get(pair) ?? -Infinity);
    floorSoFar.set(pair, floor);
    const s = ordered.find(
      (s) =>
        !taken.has(s.key) &&
        !s.error &&
        s.window === r.source &&
        s.target === r.window &&
        (r.type === "messageerror" || s.shape === r.shape) &&
        s.origin === r.eventOrigin &&
        s.time <= r.time + 25 &&
        s.time + 25 >= floor &&
        (s.targetOrigin === "*" || s.targetOrigin === r.origin),
    );
    if (s) {
      taken.add(s.key);
      out.push([s.key, r.key]);
    }
  }
  return out.sort();
}

const pairsOf = (entries: readonly TimelineEntry[]): [string, string][] =>
  entries.flatMap((e): [string, string][] => (e.send && e.receipt ? [[e.send.key, e.receipt.key]] : [])).sort();

describe("Correlator", () => {
  for (const seed of [1, 2, 3, 7, 42, 1234, 99991]) {
    it(`pairs as the reference rule does after every batch of a random run, and gives what correlate() gives (seed ${seed})`, () => {
      const correlator = new Correlator();
      let sends: SendRecord[] = [];
      let receipts: ReceiptRecord[] = [];
      let latest = 0;
      const stream = run(seed, 400);
      for (const batch of batches(stream, seed + 1)) {
        sends = [...sends, ...batch.sends];
        receipts = [...receipts, ...batch.receipts];
        for (const r of [...batch.sends, ...batch.receipts]) latest = Math.max(latest, r.time);
        const input = { sends, receipts, documents: documentsBy(latest) };
        const entries = correlator.update(input);
        expect(pairsOf(entries)).toEqual(referencePairs(sends, receipts, input.documents));
        expect(entries).toEqual(correlate(input));
      }
      // Every record of the run was fed, and the run tried the rule: lost sends to about:blank, pages' receipts.
      expect(sends.length + receipts.length).toBe([...stream.perWindow.values()].reduce((sum, q) => sum + q.length, 0));
      const entries = correlator.update({ sends, receipts, documents: RUN_DOCUMENTS });
      expect(entries.some((e) => e.state === "lost" && e.reason.includes("initial about:blank"))).toBe(true);
      expect(entries.some((e) => e.receipt?.doc === "carol#2")).toBe(true);
    });
  }

  for (const seed of [5, 6, 7, 8]) {
    it(`pairs as the reference rule does when the event cap cuts the records, and gives what correlate() gives (seed ${seed})`, () => {
      const correlator = new Correlator();
      let sends: SendRecord[] = [];
      let receipts: ReceiptRecord[] = [];
      let droppedBefore: Record<string, number> = {};
      let latest = 0;
      let trims = 0;
      for (const batch of batches(run(seed, 600), seed + 1)) {
        sends = [...sends, ...batch.sends];
        receipts = [...receipts, ...batch.receipts];
        for (const r of [...batch.sends, ...batch.receipts]) latest = Math.max(latest, r.time);
        const trimmed = trimToCap(sends, receipts, 200, droppedBefore);
        if (trimmed) {
          ({ sends, receipts, droppedBefore } = trimmed);
          trims++;
        }
        // Documents arrive as the run goes: carol's second page changes how unanswered sends read.
        const input = { sends, receipts, documents: documentsBy(latest), droppedBefore };
        const entries = correlator.update(input);
        expect(pairsOf(entries)).toEqual(referencePairs(sends, receipts, input.documents));
        expect(entries).toEqual(correlate(input));
      }
      expect(trims).toBeGreaterThan(3);
      // Most cuts are followed; one that splits a pairing (a receipt kept, its send cut) starts over.
      expect(correlator.starts).toBeLessThan(trims);
    });
  }

  it("follows a flood through the event cap's cuts without pairing the kept records again", () => {
    const correlator = new Correlator();
    let sends: SendRecord[] = [];
    let receipts: ReceiptRecord[] = [];
    let droppedBefore: Record<string, number> = {};
    let trims = 0;
    for (let batch = 0; batch < 40; batch++) {
      const more = flood(batch * 100, 100);
      sends = [...sends, ...more.sends];
      receipts = [...receipts, ...more.receipts];
      const trimmed = trimToCap(sends, receipts, 500, droppedBefore);
      if (trimmed) {
        ({ sends, receipts, droppedBefore } = trimmed);
        trims++;
      }
      const input = { sends, receipts, documents, droppedBefore };
      expect(correlator.update(input)).toEqual(correlate(input));
    }
    expect(trims).toBeGreaterThan(10);
    expect(correlator.starts).toBe(0);
  });

  it("follows a window flooding itself whose oldest batches are counted as dropped unread, as correlate() reads the same records", () => {
    const correlator = new Correlator();
    const self = pairKey("alice", "alice");
    let sends: SendRecord[] = [];
    let receipts: ReceiptRecord[] = [];
    let droppedBefore: Record<string, number> = {};
    let dropped = 0;
    let i = 0;
    // Each batch: 100 sends to itself, and the receipts of the 100 before (received 2 ms later).
    const next = () => {
      const s: SendRecord[] = [];
      const r: ReceiptRecord[] = [];
      for (let k = 0; k < 100; k++, i++) {
        s.push(sendRecord(`s${i}`, "alice", "alice", 1000 + i * 0.5, ORIGIN.alice as string, `n:${i}`, String(i)));
        if (i >= 100) r.push(receiptRecord(`r${i - 100}`, "alice", "alice", 1000 + i * 0.5 + 2, "message", `n:${i - 100}`, String(i - 100)));
      }
      return { s, r };
    };
    for (let batch = 0; batch < 60; batch++) {
      const more = next();
      if (batch % 10 >= 3 && batch % 10 <= 6) {
        // Read only later: counted as dropped, as the inbox does when a cap's worth follows.
        const last = Math.max(...more.s.map((s) => s.time), ...more.r.map((r) => r.time));
        const out = dropSkipped(sends, receipts, new Map([[self, { count: more.s.length + more.r.length, before: last }]]), droppedBefore);
        ({ sends, receipts, droppedBefore } = out);
        dropped += out.dropped;
      } else {
        sends = [...sends, ...more.s];
        receipts = [...receipts, ...more.r];
        const trimmed = trimToCap(sends, receipts, 500, droppedBefore);
        if (trimmed) {
          ({ sends, receipts, droppedBefore } = trimmed);
          dropped += trimmed.dropped;
        }
      }
      const input = { sends, receipts, documents, droppedBefore };
      const entries = correlator.update(input);
      expect(entries).toEqual(correlate(input));
      // Every event is kept or counted, and no kept receipt is paired with a send it did not come from.
      expect(sends.length + receipts.length + dropped).toBe(i * 2 - 100);
      for (const e of entries) if (e.send && e.receipt) expect(e.receipt.preview).toBe(e.send.preview);
    }
    // A receipt whose send was read only as a count says so.
    const last = correlator.update({ sends, receipts, documents, droppedBefore });
    expect(last.some((e) => e.reason.includes("its send was among the older events dropped by the event cap"))).toBe(true);
  });

  it("takes in listener results that arrive after their receipt without pairing again", () => {
    const correlator = new Correlator();
    let sends: SendRecord[] = [];
    let receipts: ReceiptRecord[] = [];
    for (const batch of batches(run(21, 300), 22)) {
      sends = [...sends, ...batch.sends];
      receipts = [...receipts, ...batch.receipts];
      // As the store's setListeners does: the receipt is replaced by a copy with its results.
      const last = receipts.at(-1);
      if (last) receipts = receipts.map((r) => (r === last ? { ...r, listeners: [{ name: "onMessage", via: "addEventListener" as const, reads: [] }] } : r));
      const input = { sends, receipts, documents };
      const entries = correlator.update(input);
      expect(entries).toEqual(correlate(input));
      if (last) expect(entries.find((e) => e.receipt?.key === last.key)?.receipt?.listeners).toHaveLength(1);
    }
  });

  it("hands over to correlate() for held sends, and follows again on the next run", () => {
    const correlator = new Correlator();
    const stream = [...batches(run(8, 100), 9)];
    let sends: SendRecord[] = [];
    let receipts: ReceiptRecord[] = [];
    for (const [i, batch] of stream.entries()) {
      sends = [...sends, ...batch.sends.map((s) => (i === 3 ? { ...s, held: true } : s))];
      receipts = [...receipts, ...batch.receipts];
      const input = { sends, receipts, documents };
      expect(correlator.update(input)).toEqual(correlate(input));
    }
    // A new run starts from empty records.
    const input = { sends: stream[0]?.sends ?? [], receipts: stream[0]?.receipts ?? [], documents };
    expect(correlator.update({ sends: [], receipts: [], documents })).toEqual([]);
    expect(correlator.update(input)).toEqual(correlate(input));
  });

  it("draws again only what changed: entries of untouched records are the same objects", () => {
    const correlator = new Correlator();
    const all = [...batches(run(11, 200), 12)];
    let sends: SendRecord[] = [];
    let receipts: ReceiptRecord[] = [];
    let before: ReturnType<Correlator["update"]> = [];
    for (const batch of all) {
      sends = [...sends, ...batch.sends];
      receipts = [...receipts, ...batch.receipts];
      before = correlator.update({ sends, receipts, documents });
    }
    const after = correlator.update({ sends: [...sends], receipts: [...receipts], documents });
    expect(after).toHaveLength(before.length);
    expect(after.every((e, i) => e === before[i])).toBe(true);
  });
});
