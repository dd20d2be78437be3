import { compressToEncodedURIComponent } from "lz-string";
import { describe, expect, it } from "vitest";
import { parseScenario } from "../src/scenario/schema";
import { scenarioFromHash } from "../src/scenario/share-link";
import { parseTimelineFile } from "../src/timeline/export-format";

const SITES = ["alice", "bob", "evil"];
const file = (extra: Record<string, unknown>) =>
  JSON.stringify({ format: "postmessage-playground/scenario", version: 1, id: "x", title: "t", windows: [{ name: "alice", origin: "alice", kind: "iframe", script: "" }], ...extra });
const error = (text: string) => {
  const r = parseScenario(text, SITES);
  return r.ok ? "(opened)" : r.error;
};

describe("errors about files and links speak to a person", () => {
  it("names the window by number and name, the field, what it must be and what it is", () => {
    expect(error(file({ windows: [{ name: "alice", origin: "alice", kind: "nope", script: "" }] }))).toBe(
      'window 1 ("alice"), windows[0].kind: must be "iframe" or "popup", not "nope"',
    );
    expect(error(file({ windows: [{ name: "alice", origin: "alice", kind: "iframe" }] }))).toBe('window 1 ("alice"), windows[0].script: is missing');
    expect(error(file({ windows: "none", title: 42 }))).toBe('title: must be text, not 42; windows: must be a list, not "none"');
    expect(error(file({ title: "" }))).toBe("title: must not be empty");
    expect(error(file({ colour: "red" }))).toBe('the file: has a field this format does not know: "colour"');
    expect(error(file({ windows: [{ name: "a", origin: "nowhere", kind: "iframe", script: "" }] }))).toBe(
      'window 1 ("a"), windows[0].origin: "nowhere" is not a configured sandbox site (configured: alice, bob, evil)',
    );
    expect(error(file({ windows: [{ name: "alice", origin: "alice", kind: "iframe", script: "", sandbox: "allow-scripts allow-top-navigation" }] }))).toContain(
      'window 1 ("alice"), windows[0].sandbox: "allow-top-navigation" is not allowed',
    );
  });

  it("says where text stops being JSON in lines and columns, never a raw position", () => {
    expect(error('{\n  "format": "postmessage-playground/scenario",\n  "version" 1\n}')).toBe("not JSON: something is wrong at line 3, column 13");
    expect(error(file({}).slice(0, 60))).toBe("not JSON: it ends too early (was it cut short?)");
    expect(error("these are my notes")).toBe("not JSON: a scenario or timeline file starts with {");
    const cut = parseTimelineFile('{"format":"postmessage-playground/timeline",');
    expect(cut.ok ? "" : cut.error).toBe("not JSON: it ends too early (was it cut short?)");
  });

  it("calls a cut or damaged link what it is, whether lz-string gives nothing or garbled text", async () => {
    const packed = compressToEncodedURIComponent(file({}));
    for (const broken of ["garbage!!", packed.slice(0, 40), packed.slice(0, packed.length - 7), `${packed.slice(0, 30)}xyz${packed.slice(33)}`]) {
      const r = await scenarioFromHash(`#scenario=${broken}`, SITES);
      const text = r === null || r.ok ? "(opened)" : r.error;
      expect(text).toBe("this link is cut short or damaged (it could not be decompressed). Ask for the link again");
    }
    const wrong = await scenarioFromHash(`#scenario=${compressToEncodedURIComponent(file({ windows: [{ name: "bob", origin: "bob", kind: "tab", script: "" }] }))}`, SITES);
    expect(wrong?.ok ? "" : wrong?.error).toBe('window 1 ("bob"), windows[0].kind: must be "iframe" or "popup", not "tab"');
  });
});
