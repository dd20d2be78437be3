// The one place that makes and reads identities (sandboxes/protocol/ids.ts).
import { describe, expect, it } from "vitest";
import { channelOf, documentId, otherEnd, pairKey, portName, recordKey, seqOfKey, splitPortName, windowOf } from "../sandboxes/protocol";

describe("ids", () => {
  it("reads back what it makes", () => {
    const doc = documentId("alice", 2);
    expect(doc).toBe("alice#2");
    expect(windowOf(doc)).toBe("alice");
    const key = recordKey(doc, 12);
    expect(seqOfKey(key)).toBe(12);
    expect(windowOf(key)).toBe("alice");
    const port = portName(doc, "c3.1");
    expect(windowOf(port)).toBe("alice");
    expect(otherEnd(port)).toBe("alice#2/c3.2");
    expect(otherEnd(otherEnd(port) ?? "")).toBe(port);
    expect(channelOf(port)).toBe("alice#2/c3");
  });

  it("splits a port name into its document and the document's own name for it", () => {
    expect(splitPortName("bob#2/r1")).toEqual({ doc: "bob#2", port: "r1" });
    expect(splitPortName("(unknown port)")).toBeNull();
  });

  it("has no other end for a port the document received", () => {
    expect(otherEnd(portName("bob#1", "r2"))).toBeNull();
    expect(channelOf(portName("bob#1", "r2"))).toBe("bob#1/r2");
  });

  it("makes one pair key per ordered pair, the same string each time", () => {
    expect(pairKey("alice", "bob")).toBe(pairKey("alice", "bob"));
    expect(pairKey("alice", "bob")).not.toBe(pairKey("bob", "alice"));
    // Window names hold no separator, so no two pairs share a key.
    expect(pairKey("a", "bc")).not.toBe(pairKey("ab", "c"));
  });
});
