import { describe, expect, it } from "vitest";
import { pathLabel } from "../sandboxes/protocol";
import { reportProblem } from "../src/host/ingest/report-check";

const sendTo = (target: unknown) => ({
  kind: "send",
  seq: 1,
  time: 1,
  target,
  targetOrigin: "*",
  form: "positional",
  preview: "1",
  shape: "n:1",
  transfer: [],
  transferAfter: [],
  portsSent: [],
});

describe('the "gone" mark on a path', () => {
  it("labels the window by the path that last led to it", () => {
    expect(pathLabel(["gone", "frames:0"])).toBe("frames[0] (gone)");
    expect(pathLabel(["gone", "parent", "frames:1"])).toBe("parent.frames[1] (gone)");
    expect(pathLabel(["gone"])).toBe("a window that is gone");
    expect(pathLabel([])).toBe("unknown");
  });

  it("is accepted from a runtime as the first step only", () => {
    expect(reportProblem(sendTo(["gone", "frames:0"]))).toBeNull();
    expect(reportProblem(sendTo(["gone"]))).toBeNull();
    expect(reportProblem(sendTo(["frames:0", "gone"]))).toBe("bad target");
    expect(reportProblem(sendTo(["gone", "gone"]))).toBe("bad target");
  });
});
