// The host's ingest (src/host/ingest/): reports -> records as a pure translation, and the commit
// buffer and the inbox on a clock the test moves by hand.
import { describe, expect, it } from "vitest";
import { compactReports, type RuntimeReport, type WindowPath } from "../sandboxes/protocol";
import { CommitBuffer, COMMIT_MS, emptyPending, type CommitSink } from "../src/host/ingest/commit";
import { BURST_REPORTS, DRAIN_MS, Inbox, QUIET_MS, type QueuedBatch } from "../src/host/ingest/inbox";
import { translateReports, type Resolver } from "../src/host/ingest/records";
import { manualClock } from "./manual-clock";
import type { NewRecords } from "../src/store/types";

const from = { window: "alice", doc: "alice#2", origin: "http://alice.localhost:5173" };
const run: Resolver = {
  resolve: (path: WindowPath) => (path.join("/") === "parent/frames:1" ? "bob" : null),
  goneSender: (origin) => (origin === "http://carol.localhost:5173" ? "carol" : null),
  opensPopup: (name) => name === "carol",
};

const send = (seq: number, over: Partial<Extract<RuntimeReport, { kind: "send" }>> = {}): RuntimeReport => ({
  kind: "send",
  seq,
  time: 10 + seq,
  target: ["parent", "frames:1"],
  targetOrigin: "*",
  form: "positional",
  preview: `"m${seq}"`,
  shape: "s",
  transfer: [],
  transferAfter: [],
  portsSent: [],
  ...over,
});

describe("reports -> records", () => {
  it("names records by their document and resolves targets by the run", () => {
    const into = emptyPending();
    const { effects, rejected } = translateReports([send(1), send(2, { port: "c1.1", portsSent: ["c2.2"] })], from, run, into);
    expect(rejected).toBeNull();
    expect(effects).toEqual([]);
    expect(into.sends.map((s) => [s.key, s.doc, s.target, s.targetLabel, s.port, s.portsSent])).toEqual([
      ["alice#2:1", "alice#2", "bob", "parent.frames[1]", undefined, []],
      ["alice#2:2", "alice#2", null, "parent.frames[1]", "alice#2/c1.1", ["alice#2/c2.2"]],
    ]);
  });

  it("names the sender of a window message that came with no source by the run's gone windows, and a port's by none", () => {
    const receipt = (seq: number, over: Partial<Extract<RuntimeReport, { kind: "receipt" }>>): RuntimeReport => ({
      kind: "receipt",
      seq,
      time: 10 + seq,
      type: "message",
      origin: "http://carol.localhost:5173",
      source: null,
      preview: '"bye"',
      shape: "s",
      ports: [],
      listeners: [],
      ...over,
    });
    const into = emptyPending();
    translateReports([receipt(1, {}), receipt(2, { port: "c1.1" }), receipt(3, { origin: "http://bob.localhost:5173" }), receipt(4, { source: ["parent", "frames:1"] })], from, run, into);
    expect(into.receipts.map((r) => [r.source, r.sourceLabel])).toEqual([
      ["carol", "null"],
      [null, "null"],
      [null, "null"],
      ["bob", "parent.frames[1]"],
    ]);
  });

  it("hands on a document's leaving with its destination, bounded as the runtime bounds it", () => {
    const left = (detail: string): RuntimeReport => ({ kind: "lifecycle", seq: 7, time: 40, what: "left", detail });
    expect(translateReports([left("about:blank")], from, run, emptyPending()).effects).toEqual([{ kind: "left", time: 40, to: "about:blank" }]);
    // A script can send reports of its own: a destination of 10,000 characters is cut as the runtime would.
    const long = `data:text/html,${"x".repeat(9_000)}`;
    expect(translateReports([left(long)], from, run, emptyPending()).effects).toEqual([{ kind: "left", time: 40, to: `${long.slice(0, 300)}…` }]);
  });

  it("drops a malformed report, keeps the rest, and says what the first problem was", () => {
    const into = emptyPending();
    const { rejected } = translateReports([{ kind: "send", seq: "x" }, send(3), null], from, run, into);
    expect(rejected).not.toBeNull();
    expect(into.sends.map((s) => s.key)).toEqual(["alice#2:3"]);
  });

  it("merges listener results into a pending receipt, or keeps them for a stored one", () => {
    const into = emptyPending();
    const listeners = [{ name: "onMsg", via: "addEventListener" as const, reads: ["origin" as const, "data" as const] }];
    translateReports(
      [
        { kind: "receipt", seq: 4, time: 1, type: "message", origin: "http://bob.localhost:5173", source: ["parent", "frames:1"], preview: "1", shape: "n", ports: [], listeners: [] },
        { kind: "listeners", seq: 5, time: 2, receipt: 4, listeners },
        { kind: "listeners", seq: 6, time: 2, receipt: 1, listeners },
      ],
      from,
      run,
      into,
    );
    expect(into.receipts[0]?.listeners).toEqual(listeners);
    expect(into.receipts[0]?.source).toBe("bob");
    expect([...into.listeners.keys()]).toEqual(["alice#2:1"]);
  });

  it("reports held sends and their release as effects, and patches the send", () => {
    const into = emptyPending();
    const { effects } = translateReports([send(7, { held: true }), { kind: "released", seq: 8, send: 7, time: 50 }, { kind: "dropped", seq: 9, send: 1, time: 51 }], from, run, into);
    expect(effects.map((e) => e.kind)).toEqual(["held", "settled", "settled"]);
    expect(into.sends[0]?.releasedAt).toBe(50);
    expect(into.heldOutcomes).toEqual([{ key: "alice#2:1", patch: { dropped: true } }]);
  });

  it("lets a window speak only for the popups the scenario says it opens", () => {
    const into = emptyPending();
    const { effects } = translateReports(
      [
        { kind: "lifecycle", seq: 1, time: 1, what: "popup-opened", detail: "carol" },
        { kind: "lifecycle", seq: 2, time: 1, what: "popup-opened", detail: "bob" },
        { kind: "lifecycle", seq: 3, time: 1, what: "popup-blocked", detail: "bob" },
      ],
      from,
      run,
      into,
    );
    expect(effects).toEqual([{ kind: "popup-opened", popup: "carol", time: 1 }]);
    // The blocked popup is still said on the window's own console.
    expect(into.consoleLines.map((l) => l.key)).toEqual(["alice#2:3"]);
  });
});

describe("commit buffer", () => {
  function sink() {
    const commits: NewRecords[] = [];
    const updates: string[] = [];
    const s: CommitSink = { addRecords: (r) => commits.push(r), updateSend: (key) => updates.push(key), setListeners: () => {} };
    return { s, commits, updates };
  }

  it("writes what arrived within COMMIT_MS in one commit, and never sooner than COMMIT_MS after the last", () => {
    const clock = manualClock();
    const out = sink();
    const buffer = new CommitBuffer(clock, () => out.s);
    translateReports([send(1)], from, run, buffer.pending);
    buffer.schedule();
    clock.advance(0);
    expect(out.commits).toHaveLength(1);
    translateReports([send(2)], from, run, buffer.pending);
    buffer.schedule();
    translateReports([send(3)], from, run, buffer.pending);
    buffer.schedule();
    clock.advance(COMMIT_MS - 1);
    expect(out.commits).toHaveLength(1);
    clock.advance(1);
    expect(out.commits).toHaveLength(2);
    expect(out.commits[1]?.sends.map((s) => s.key)).toEqual(["alice#2:2", "alice#2:3"]);
  });

  it("commits at once when asked, and forgets what is discarded", () => {
    const clock = manualClock();
    const out = sink();
    const buffer = new CommitBuffer(clock, () => out.s);
    translateReports([{ kind: "released", seq: 2, send: 1, time: 5 }], from, run, buffer.pending);
    buffer.commitNow();
    expect(out.updates).toEqual(["alice#2:1"]);
    translateReports([send(4)], from, run, buffer.pending);
    buffer.schedule();
    buffer.discard();
    clock.advance(10 * COMMIT_MS);
    expect(out.commits).toHaveLength(0);
  });
});

describe("inbox", () => {
  function inbox(cap = 20_000) {
    const clock = manualClock();
    const taken: number[] = [];
    const skipped: [number, number, number][] = [];
    const shown: number[] = [];
    let flushes = 0;
    const box = new Inbox<number>(clock, {
      take: (b: QueuedBatch<number>) => taken.push(b.from),
      skip: (b) => skipped.push([b.from, b.self.last, b.self.events]),
      flush: () => flushes++,
      show: (n) => shown.push(n),
      cap: () => cap,
    });
    return { clock, box, taken, skipped, shown, flushes: () => flushes };
  }
  const batch = (n: number, count: number): QueuedBatch<number> => ({ from: n, reports: JSON.stringify(compactReports([])), count });

  it("takes a batch in at once while no burst is on", () => {
    const { box, taken } = inbox();
    box.receive(batch(1, 10));
    box.receive(batch(2, 10));
    expect(taken).toEqual([1, 2]);
  });

  it("holds a burst back, counts it, and catches up in order once the burst is quiet", () => {
    const { clock, box, taken, shown } = inbox();
    box.receive(batch(1, BURST_REPORTS));
    box.receive(batch(2, 100));
    box.receive(batch(3, 100));
    expect(taken).toEqual([]);
    expect(shown[0]).toBe(BURST_REPORTS);
    expect(box.backlog).toBe(BURST_REPORTS + 200);
    clock.advance(QUIET_MS - 1);
    expect(taken).toEqual([]);
    clock.advance(1);
    clock.advance(0);
    expect(taken).toEqual([1, 2, 3]);
    expect(box.backlog).toBe(0);
    expect(shown.at(-1)).toBe(0);
  });

  it("shows the count as soon as reports wait, though a window's count of what it did not send came first", () => {
    const { clock, box, shown } = inbox(1000);
    box.receive({ ...batch(1, 0), count: 0, reports: [], self: { stream: "alice#1", last: 1, events: BURST_REPORTS }, unsent: true });
    expect(shown).toEqual([]);
    clock.advance(1);
    box.receive({ ...batch(2, 300), self: { stream: "alice#1", last: 2, events: 300 } });
    expect(shown).toEqual([300]);
    // Then at most every 500 ms while the burst goes on.
    box.receive({ ...batch(3, 200), self: { stream: "alice#1", last: 3, events: 200 } });
    expect(shown).toEqual([300]);
  });

  it("catches up in tasks of about DRAIN_MS, and commits once, when the backlog is drained", () => {
    const clock = manualClock();
    // Each batch takes 3 ms to take in.
    let spent = 0;
    const slow = { ...clock, now: () => clock.now() + spent };
    const taken: number[] = [];
    const shown: number[] = [];
    let flushes = 0;
    const box = new Inbox<number>(slow, {
      take: (b: QueuedBatch<number>) => {
        taken.push(b.from);
        spent += 3;
      },
      skip: () => {},
      flush: () => flushes++,
      show: (n) => shown.push(n),
      cap: () => 20_000,
    });
    box.receive(batch(0, BURST_REPORTS));
    for (let i = 1; i < 10; i++) box.receive(batch(i, 10));
    expect(shown).toEqual([BURST_REPORTS]);
    for (let i = 0; i < 10 && box.backlog > 0; i++) clock.advance(QUIET_MS);
    expect(taken).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    // What is left after each drain task: within DRAIN_MS (8 ms) a task starts three batches of
    // 3 ms, the last of them ending past it.
    expect(Math.ceil(DRAIN_MS / 3)).toBe(3);
    expect(shown.slice(1)).toEqual([70, 40, 10, 0]);
    expect(flushes).toBe(1);
  });

  it("counts a document's batches of messages to itself as dropped unread while a cap's worth of them follows, and reads every other batch", () => {
    const { clock, box, taken, skipped } = inbox(1000);
    const self = (n: number, count: number, stream: string, events = count): QueuedBatch<number> => ({ ...batch(n, count), self: { stream, last: n * 10, events } });
    // A burst: alice#1 floods itself (1,900 sends and receipts in five batches; batch 2 also
    // carries 100 listener results), with a batch of something else in the middle, while bob#1
    // sends itself a few.
    box.receive(self(1, BURST_REPORTS, "alice#1"));
    box.receive(self(2, 400, "alice#1", 300));
    box.receive(batch(3, 400));
    box.receive(self(4, 400, "alice#1"));
    box.receive(self(5, 200, "bob#1"));
    box.receive(self(6, 400, "alice#1"));
    box.receive(self(7, 300, "alice#1"));
    expect(box.backlog).toBe(BURST_REPORTS + 2100);
    for (let i = 0; i < 20 && box.backlog > 0; i++) clock.advance(QUIET_MS);
    // Batch 1 has 1,400 of alice's events after it, batch 2 1,100: the cap (1,000) will keep none
    // of theirs. Batch 4 has 700 after it: read, as is everything that is not all self.
    expect(skipped).toEqual([
      [1, 10, BURST_REPORTS],
      [2, 20, 300],
    ]);
    expect(taken).toEqual([3, 4, 5, 6, 7]);
    expect(box.backlog).toBe(0);
  });

  it("counts what a window did not send as dropped, whether it comes alone or behind a held burst, and in the stream's order", () => {
    const { clock, box, taken, skipped } = inbox(1000);
    const unsent = (n: number, events: number): QueuedBatch<number> => ({ ...batch(n, 0), count: 0, reports: [], self: { stream: "alice#1", last: n * 10, events }, unsent: true });
    box.receive(unsent(1, 5000));
    for (let i = 0; i < 20 && box.backlog > 0; i++) clock.advance(QUIET_MS);
    clock.advance(QUIET_MS);
    expect(skipped).toEqual([[1, 10, 5000]]);
    expect(taken).toEqual([]);
    // Behind a burst: batch 2 has only 300 events of alice's after it, but 5,000 of them went
    // unsent, so it is counted unread too; the unsent count itself is never read.
    box.receive({ ...batch(2, BURST_REPORTS), self: { stream: "alice#1", last: 20, events: BURST_REPORTS } });
    box.receive(unsent(3, 5000));
    box.receive({ ...batch(4, 300), self: { stream: "alice#1", last: 40, events: 300 } });
    for (let i = 0; i < 20 && box.backlog > 0; i++) clock.advance(QUIET_MS);
    expect(skipped).toEqual([
      [1, 10, 5000],
      [2, 20, BURST_REPORTS],
      [3, 30, 5000],
    ]);
    expect(taken).toEqual([4]);
  });

  it("holds a window's batches while its unsent counts keep coming, so that the ones a cap's worth of newer events follow go unread", () => {
    const { clock, box, taken, skipped } = inbox(1000);
    const held = (n: number, events: number): QueuedBatch<number> => ({ ...batch(n, events), self: { stream: "alice#1", last: n * 10, events } });
    const unsent = (n: number, events: number): QueuedBatch<number> => ({ ...batch(n, 0), count: 0, reports: [], self: { stream: "alice#1", last: n * 10, events }, unsent: true });
    // What a window flooding itself sends: what it held, then counts every few milliseconds...
    box.receive(held(1, BURST_REPORTS));
    box.receive(held(2, 500));
    for (let i = 3; i < 20; i++) {
      clock.advance(QUIET_MS / 3);
      box.receive(unsent(i, 100));
    }
    // ...then, after the flood, the newest it held.
    box.receive(held(20, 1000));
    for (let i = 0; i < 20 && box.backlog > 0; i++) clock.advance(QUIET_MS);
    expect(taken).toEqual([20]);
    expect(skipped.map(([n]) => n)).toEqual([1, 2, ...Array.from({ length: 17 }, (_, i) => i + 3)]);
  });

  it("while a burst goes on, reads nothing that skipping brought within bounds: each newer cap's worth a window sends makes the one before it unread", () => {
    const { clock, box, taken, skipped } = inbox(1000);
    let n = 0;
    // What a window flooding itself for long sends: every few seconds the newest cap's worth it
    // holds (four batches), and counts of what it did not send in between.
    const ship = () => {
      const first = n + 1;
      for (let i = 0; i < 4; i++) box.receive({ ...batch(++n, 250), self: { stream: "alice#1", last: n, events: 250 } });
      return [first, first + 1, first + 2, first + 3];
    };
    const counts = (k: number) => {
      for (let i = 0; i < k; i++) {
        clock.advance(QUIET_MS / 3);
        box.receive({ ...batch(++n, 0), count: 0, reports: [], self: { stream: "alice#1", last: n, events: 400 }, unsent: true });
      }
    };
    counts(5);
    const a = ship();
    counts(5);
    ship();
    counts(5);
    // Two caps' worth waiting: the first is counted unread, and the second waits, the burst going on.
    expect(taken).toEqual([]);
    expect(skipped.map(([k]) => k).filter((k) => a.includes(k))).toEqual(a);
    // The flood is over: the window sends the newest it holds, which is read once the burst is quiet.
    const c = ship();
    for (let i = 0; i < 20 && box.backlog > 0; i++) clock.advance(QUIET_MS);
    expect(taken).toEqual(c);
    expect(skipped).toHaveLength(n - c.length);
  });

  it("takes a window's word that it holds a flood for a burst going on, and reads what it sent before only once the word stops", () => {
    const { clock, box, taken } = inbox(1000);
    // What it sent when it held three seconds' worth: a burst of its own.
    box.receive({ ...batch(1, BURST_REPORTS), self: { stream: "alice#1", last: 1, events: BURST_REPORTS } });
    for (let i = 0; i < 20; i++) {
      clock.advance(QUIET_MS / 2);
      box.busy();
    }
    expect(taken).toEqual([]);
    clock.advance(QUIET_MS - 1);
    expect(taken).toEqual([]);
    clock.advance(1);
    clock.advance(0);
    expect(taken).toEqual([1]);
  });

  it("holds the few reports a window sent as its flood began, once it said it holds a flood, until the word stops", () => {
    const { clock, box, taken } = inbox(1000);
    // The runtime's order (outbox.ts): the word first, then what it made before it saw the flood.
    box.busy();
    box.receive({ ...batch(1, 64), self: { stream: "alice#1", last: 1, events: 64 } });
    expect(taken).toEqual([]);
    clock.advance(QUIET_MS / 2);
    box.busy();
    clock.advance(QUIET_MS - 1);
    expect(taken).toEqual([]);
    clock.advance(1);
    clock.advance(0);
    expect(taken).toEqual([1]);
    // Without the word, so few are drawn at once.
    box.receive(batch(2, 64));
    expect(taken).toEqual([1, 2]);
  });

  it("forgets the self batches it was counting when cleared", () => {
    const { clock, box, taken, skipped } = inbox(1000);
    box.receive({ ...batch(1, BURST_REPORTS), self: { stream: "alice#1", last: 1, events: BURST_REPORTS } });
    box.receive({ ...batch(2, 2000), self: { stream: "alice#1", last: 2, events: 2000 } });
    box.clear();
    box.receive({ ...batch(3, BURST_REPORTS), self: { stream: "alice#1", last: 3, events: BURST_REPORTS } });
    for (let i = 0; i < 20 && box.backlog > 0; i++) clock.advance(QUIET_MS);
    expect(skipped).toEqual([]);
    expect(taken).toEqual([3]);
  });

  it("drains everything at once when asked (an export), and nothing after clear", () => {
    const { clock, box, taken } = inbox();
    box.receive(batch(1, BURST_REPORTS));
    box.receive(batch(2, 5));
    box.drainAll();
    expect(taken).toEqual([1, 2]);
    box.receive(batch(3, BURST_REPORTS));
    box.clear();
    clock.advance(10 * QUIET_MS);
    expect(taken).toEqual([1, 2]);
  });
});
