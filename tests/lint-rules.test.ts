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

  it("flags handlers on the window itself, written bare or on window, self or globalThis", () => {
    expect(messages("window.onmessage = (e) => use(e.data);")).toEqual(["e.data"]);
    expect(messages("self.addEventListener('message', (e) => use(e.data));")).toEqual(["e.data"]);
    expect(messages("globalThis . onmessage = function (m) { use(m.data); };")).toEqual(["m.data"]);
    expect(messages("if (ok) onmessage = (e) => use(e.data);")).toEqual(["e.data"]);
  });

  it("is quiet for MessagePort handlers: a port message's origin is \"\", so checking it would refuse every message", () => {
    expect(messages("port1.onmessage = (m) => console.log(m.data);")).toEqual([]);
    expect(messages("channel.port2.onmessage = (m) => { use(m.data); };")).toEqual([]);
    expect(messages("const p = e.ports[0];\np.onmessage = (m) => use(m.data);")).toEqual([]);
    expect(messages("e.ports[0].onmessage = (m) => use(m.data);")).toEqual([]);
    expect(messages('port.addEventListener("message", (m) => use(m.data));\nport.start();')).toEqual([]);
    expect(messages('event.ports[0].addEventListener("message", (m) => use(m.data));')).toEqual([]);
    expect(messages("getPort().onmessage = (m) => use(m.data);")).toEqual([]);
    expect(messages("myself.onmessage = (m) => use(m.data);")).toEqual([]);
    expect(messages("frame.window.onmessage = (m) => use(m.data);")).toEqual([]);
    // The window's own handler next to a port's is still flagged.
    expect(messages('addEventListener("message", (e) => { const port = e.ports[0]; port.onmessage = (m) => use(m.data); use(e.data); });')).toEqual(["e.data"]);
  });

  it("gives offsets that point into the source as typed", () => {
    const src = 'x.postMessage(1, "*")';
    const [hint] = teachingHints(src);
    expect(hint?.start).toBe(src.indexOf('"*"'));
  });
});
