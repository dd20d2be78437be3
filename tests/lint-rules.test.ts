import { describe, expect, it } from "vitest";
import { teachingHints } from "../src/editor/lint-rules";

const messages = (src: string) => teachingHints(src).map((h) => src.slice(h.start, h.end));

describe("teaching hints", () => {
  it('flags targetOrigin "*" in both call forms, and nothing else', () => {
    expect(messages('popup.postMessage(secret, "*");')).toEqual(['"*"']);
    expect(messages("frame.postMessage({ a: '*' }, { targetOrigin: '*' });")).toEqual(["targetOrigin: '*'"]);
    expect(messages('popup.postMessage("*", playground.origin("bob"));')).toEqual([]);
    expect(messages('// popup.postMessage(x, "*")\nconst s = "postMessage(x, \\"*\\")";')).toEqual([]);
  });

  it("flags a message handler that reads data before (or without) checking origin", () => {
    expect(messages('addEventListener("message", (e) => console.log(e.data));')).toEqual(["e.data"]);
    expect(messages('window.addEventListener("message", function onMsg(event) {\n  use(event.data);\n  if (event.origin !== o) return;\n});')).toEqual(["event.data"]);
    expect(messages("onmessage = (ev) => { run(ev.data) };")).toEqual(["ev.data"]);
  });

  it("is quiet when the handler checks origin first", () => {
    expect(messages('addEventListener("message", (e) => { if (e.origin !== expected) return; use(e.data); });')).toEqual([]);
    expect(messages('addEventListener("message", e => e.origin === o && use(e.data));')).toEqual([]);
    expect(messages('addEventListener("click", (e) => use(e.data));')).toEqual([]);
  });

  it("gives offsets that point into the source as typed", () => {
    const src = 'x.postMessage(1, "*")';
    const [hint] = teachingHints(src);
    expect(hint?.start).toBe(src.indexOf('"*"'));
  });
});
