// Paused delivery from the host's side (src/host/delivery.ts): the held set, and what each window's
// runtime is told, over real MessageChannel ports as the host's ports are.
import { afterEach, describe, expect, it } from "vitest";
import type { HostToRuntime } from "../sandboxes/protocol";
import { createDelivery, HeldSends, type Windows } from "../src/host/delivery";

const channels: MessageChannel[] = [];
afterEach(() => {
  for (const c of channels.splice(0)) {
    c.port1.close();
    c.port2.close();
  }
});

/** Two windows, each with the document it holds now and the runtime's end of its port. */
function windows() {
  const docs = new Map([
    ["alice", "alice#1"],
    ["bob", "bob#2"],
  ]);
  const received: { window: string; message: HostToRuntime }[] = [];
  const ports = new Map<string, MessagePort>();
  for (const name of docs.keys()) {
    const channel = new MessageChannel();
    channels.push(channel);
    ports.set(name, channel.port1);
    channel.port2.onmessage = (e: MessageEvent<HostToRuntime>) => received.push({ window: name, message: e.data });
  }
  const w: Windows = {
    post: (window, message, doc) => {
      const port = ports.get(window);
      if (!port || (doc !== undefined && doc !== docs.get(window))) return false;
      port.postMessage(message);
      return true;
    },
    names: () => docs.keys(),
  };
  // Messages on a port arrive in a later task.
  const arrived = () => new Promise<typeof received>((resolve) => setTimeout(() => resolve(received), 20));
  return { w, arrived };
}

const held = (key: string, time: number) => ({ key, window: key.slice(0, key.indexOf("#")), doc: key.slice(0, key.indexOf(":")), time });

describe("held set", () => {
  it("is ordered by time, and forgets what was released or dropped", () => {
    const set = new HeldSends();
    set.hold(held("bob#2:7", 30));
    set.hold(held("alice#1:3", 10));
    set.hold(held("alice#1:4", 20));
    expect(set.pick()?.key).toBe("alice#1:3");
    set.settle("alice#1:3");
    expect(set.all().map((s) => s.key)).toEqual(["alice#1:4", "bob#2:7"]);
    expect(set.pick("alice#1:3")).toBeUndefined();
    set.clear();
    expect(set.pick()).toBeUndefined();
  });
});

describe("delivery", () => {
  it("pauses every window of the run and sets the flag", async () => {
    const { w, arrived } = windows();
    const flags: boolean[] = [];
    createDelivery(new HeldSends(), w, (p) => flags.push(p)).setPaused(true);
    expect(flags).toEqual([true]);
    const got = await arrived();
    expect(got.map((m) => m.window).sort()).toEqual(["alice", "bob"]);
    expect(got.every((m) => m.message.type === "pause" && m.message.paused)).toBe(true);
  });

  it("steps: releases the oldest held send in its own window, by its seq", async () => {
    const { w, arrived } = windows();
    const set = new HeldSends();
    set.hold(held("bob#2:7", 30));
    set.hold(held("alice#1:3", 10));
    const d = createDelivery(set, w, () => {});
    expect(d.release()).toBe(true);
    expect(await arrived()).toEqual([{ window: "alice", message: { type: "release", send: 3 } }]);
  });

  it("releases all, or drops one, and says nothing of sends that are not held", async () => {
    const { w, arrived } = windows();
    const set = new HeldSends();
    set.hold(held("bob#2:7", 30));
    set.hold(held("alice#1:3", 10));
    const d = createDelivery(set, w, () => {});
    d.drop("bob#2:7");
    d.drop("bob#2:99");
    expect(d.release("alice#1:99")).toBe(false);
    d.releaseAll();
    // Each port keeps its order; two ports' messages may interleave.
    const got = await arrived();
    expect(got.filter((m) => m.window === "alice").map((m) => m.message)).toEqual([{ type: "release", send: 3 }]);
    expect(got.filter((m) => m.window === "bob").map((m) => m.message)).toEqual([
      { type: "drop", send: 7 },
      { type: "release", send: 7 },
    ]);
  });

  it("does not release a send held by a document the window no longer holds", async () => {
    const { w, arrived } = windows();
    const set = new HeldSends();
    set.hold(held("bob#1:2", 5));
    expect(createDelivery(set, w, () => {}).release()).toBe(false);
    expect(await arrived()).toEqual([]);
  });

  it("resends from the same document only, to the send's own target", async () => {
    const { w, arrived } = windows();
    const d = createDelivery(new HeldSends(), w, () => {});
    expect(d.resend({ window: "alice", doc: "alice#1", path: ["parent", "frames:1"] }, '{"a":1}', "*")).toBe(true);
    expect(d.resend({ window: "bob", doc: "bob#1", path: ["opener"] }, "1", "*")).toBe(false);
    expect(d.resend({ window: "alice", doc: "alice#1" }, "1", "*")).toBe(false);
    expect(await arrived()).toEqual([{ window: "alice", message: { type: "resend", target: ["parent", "frames:1"], data: '{"a":1}', targetOrigin: "*" } }]);
  });
});
