// The event cap's shares (src/host/run/hold-shares.ts): which windows flooding themselves at once
// are told to hold how much, and when.
import { describe, expect, it } from "vitest";
import { EVENT_CAP, type HostToRuntime } from "../sandboxes/protocol";
import { holdShare, shareHolds } from "../src/host/run/hold-shares";
import type { LiveWindow } from "../src/host/session";

/** A live window whose port keeps what the host posts on it. */
function live(name: string): LiveWindow & { posted: HostToRuntime[] } {
  const posted: HostToRuntime[] = [];
  const port = { postMessage: (m: HostToRuntime) => posted.push(m) } as unknown as MessagePort;
  return { spec: { name, origin: name, kind: "iframe", script: "" }, proxy: null, port, origin: `http://${name}.localhost`, doc: 1, posted };
}

describe("hold shares", () => {
  it("split the cap equally between the windows that hold at once, in whole events, at least one each", () => {
    expect(holdShare(1, EVENT_CAP)).toBe(EVENT_CAP);
    expect(holdShare(2, EVENT_CAP)).toBe(EVENT_CAP / 2);
    expect(holdShare(12, EVENT_CAP)).toBe(Math.floor(EVENT_CAP / 12));
    expect(holdShare(3, 1000)).toBe(333);
    // A store's cap above the runtime's is the runtime's; no window holds nothing.
    expect(holdShare(1, 10 * EVENT_CAP)).toBe(EVENT_CAP);
    expect(holdShare(5, 3)).toBe(1);
    expect(holdShare(0, EVENT_CAP)).toBe(EVENT_CAP);
  });

  it("tell each holding window its share when it changes, and only then; a window whose flood paused is forgotten", () => {
    const [a, b, c] = [live("alice"), live("bob"), live("carol")];
    const all = [a, b, c];
    const hold = (events: number) => ({ type: "hold", events });
    // One window floods: it holds the whole cap, as it does untold.
    a.held = 1;
    shareHolds(all, EVENT_CAP);
    expect(all.map((w) => w.posted)).toEqual([[], [], []]);
    // A second one: both hold half.
    b.held = 1;
    shareHolds(all, EVENT_CAP);
    expect(all.map((w) => w.posted)).toEqual([[hold(EVENT_CAP / 2)], [hold(EVENT_CAP / 2)], []]);
    // Said again as the floods go on: nothing new to tell.
    a.held = 900;
    shareHolds(all, EVENT_CAP);
    expect(a.posted).toHaveLength(1);
    // A third: a third each.
    c.held = 1;
    shareHolds(all, EVENT_CAP);
    expect(all.map((w) => w.posted.at(-1))).toEqual([hold(6666), hold(6666), hold(6666)]);
    // alice sent what it held (its flood paused): the others hold half again; alice is told
    // nothing, and forgets its share, as its runtime does.
    a.held = 0;
    shareHolds(all, EVENT_CAP);
    expect(all.map((w) => w.posted.length)).toEqual([2, 3, 2]);
    expect([b.posted.at(-1), c.posted.at(-1)]).toEqual([hold(EVENT_CAP / 2), hold(EVENT_CAP / 2)]);
    expect(a.holdShare).toBeUndefined();
    // alice floods again, with the two others: told its share anew.
    a.held = 1;
    shareHolds(all, EVENT_CAP);
    expect(a.posted.at(-1)).toEqual(hold(6666));
  });

  it("tell even a window that floods alone when the store's cap is smaller than what it holds untold", () => {
    const a = live("alice");
    a.held = 1;
    shareHolds([a], 500);
    expect(a.posted).toEqual([{ type: "hold", events: 500 }]);
  });
});
