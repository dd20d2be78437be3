import { describe, expect, it } from "vitest";
import { originLabel } from "../src/host/run/addresses";

describe("originLabel: a window's origin as the windows panel and its frames' titles name it", () => {
  const sites = { alice: "http://alice.localhost:5173", bob: "http://bob.localhost:5173" };
  it("a frame or popup on its site's origin", () => {
    expect(originLabel(sites, { name: "alice", origin: "alice", kind: "iframe", script: "" })).toBe("http://alice.localhost:5173");
    expect(originLabel(sites, { name: "bob", origin: "bob", kind: "popup", script: "" })).toBe("http://bob.localhost:5173");
  });
  it("a frame sandboxed without allow-same-origin: null, and the site that serves its page", () => {
    expect(originLabel(sites, { name: "alice", origin: "alice", kind: "iframe", sandbox: "allow-scripts", script: "" })).toBe("null (opaque; served from http://alice.localhost:5173)");
    expect(originLabel(sites, { name: "alice", origin: "alice", kind: "iframe", sandbox: "allow-scripts allow-same-origin", script: "" })).toBe("http://alice.localhost:5173");
  });
});
