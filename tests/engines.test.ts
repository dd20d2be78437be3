/**
 * The engines the playground names: which one a user agent is, how a conformance file's
 * per-engine outcomes resolve, and the table of differences in docs/engines.md, which must be
 * the one the inspector shows (src/engines/differences.ts) and must cite conformance files that
 * carry every engine's outcome. The files themselves pass in all three engines: the Chromium
 * suite (e2e/conformance.spec.ts) and the Firefox and WebKit one (e2e/engines/).
 */
import { describe, expect, it } from "vitest";
import config from "../playground.config.json";
import { detectEngine } from "../src/engines/engine";
import { DIFFERENCE_IDS, ENGINE_DIFFERENCES, differencesTable } from "../src/engines/differences";
import { enginesThatDiffer, expectedFor, meetsEither } from "../src/engines/expected";
import { validateScenario, type Expected } from "../src/scenario/schema";
import { fs } from "./node-fs";

/** Vitest exposes the environment on import.meta.env. */
const UPDATE = import.meta.env.UPDATE_DOCS === "1";
const START = "<!-- table: generated from src/engines/differences.ts -->";
const END = "<!-- end of table -->";

describe("detectEngine", () => {
  it("names the engine of each browser by its user agent", () => {
    const agents: [string, string][] = [
      ["Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/146.0.0.0 Safari/537.36", "chromium"],
      ["Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/146.0.0.0 Safari/537.36", "chromium"],
      ["Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/146.0.0.0 Safari/537.36 Edg/146.0.0.0", "chromium"],
      ["Mozilla/5.0 (X11; Linux x86_64; rv:153.0) Gecko/20100101 Firefox/153.0", "firefox"],
      ["Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/60.5 Safari/605.1.15", "webkit"],
      ["Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.4 Safari/605.1.15", "webkit"],
      ["Mozilla/5.0 (iPhone; CPU iPhone OS 18_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/146.0 Mobile/15E148 Safari/604.1", "webkit"],
      ["Mozilla/5.0 (iPhone; CPU iPhone OS 18_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) FxiOS/140.0 Mobile/15E148 Safari/605.1.15", "webkit"],
    ];
    expect(agents.map(([ua]) => detectEngine(ua))).toEqual(agents.map(([, engine]) => engine));
  });
});

describe("expectedFor", () => {
  const expected: Expected = {
    messages: [
      { from: "alice", to: "bob", state: "delivered", data: '"a"', navigated: true, engines: { firefox: { state: "lost", navigated: false } } },
      { from: "alice", to: "bob", state: "error", reason: "DataCloneError", engines: { webkit: { reason: "SyntaxError" }, firefox: { absent: true } } },
    ],
    console: { alice: ["x"], bob: ["y"] },
    engines: { firefox: { console: { bob: [] } } },
  };

  it("gives Chromium the rows as written", () => {
    expect(expectedFor(expected, "chromium")).toEqual({
      messages: [
        { from: "alice", to: "bob", state: "delivered", data: '"a"', navigated: true },
        { from: "alice", to: "bob", state: "error", reason: "DataCloneError" },
      ],
      console: { alice: ["x"], bob: ["y"] },
    });
  });

  it("replaces the fields an engine does differently, leaves out rows it does not show, and its windows' console lines", () => {
    expect(expectedFor(expected, "firefox")).toEqual({
      messages: [{ from: "alice", to: "bob", state: "lost", data: '"a"', navigated: false }],
      console: { alice: ["x"], bob: [] },
    });
    expect(expectedFor(expected, "webkit").messages[1]).toEqual({ from: "alice", to: "bob", state: "error", reason: "SyntaxError" });
  });
});

describe("an engine whose outcome a race decides", () => {
  const expected: Expected = {
    messages: [{ from: "alice", to: "bob", state: "lost", data: '"a"' }],
    console: { bob: [] },
    engines: { firefox: { race: { why: "the page may come first", messages: [{ from: "alice", to: "bob", state: "delivered", data: '"a"' }], console: { bob: ["got a"] } } } },
  };

  it("carries the other outcome for that engine only, whole", () => {
    expect(expectedFor(expected, "chromium").race).toBeUndefined();
    expect(expectedFor(expected, "firefox").race).toEqual({ why: "the page may come first", messages: [{ from: "alice", to: "bob", state: "delivered", data: '"a"' }], console: { bob: ["got a"] } });
  });

  it("passes when either outcome is met, and otherwise says what the first one missed", async () => {
    const want = expectedFor(expected, "firefox");
    const seen = (state: string) => (o: { messages: { state: string }[] }) => {
      if (o.messages[0]?.state !== state) throw new Error(`wanted ${o.messages[0]?.state}`);
    };
    await expect(meetsEither(want, seen("lost"))).resolves.toBeUndefined();
    await expect(meetsEither(want, seen("delivered"))).resolves.toBeUndefined();
    await expect(meetsEither(want, seen("queued"))).rejects.toThrow("wanted lost");
    await expect(meetsEither(expectedFor(expected, "webkit"), seen("delivered"))).rejects.toThrow("wanted lost");
  });
});

describe("docs/engines.md", () => {
  const path = new URL("../docs/engines.md", import.meta.url);
  let doc = fs.readFileSync(path, "utf8");
  if (UPDATE) {
    doc = `${doc.slice(0, doc.indexOf(START) + START.length)}\n${differencesTable()}\n${doc.slice(doc.indexOf(END))}`;
    fs.writeFileSync(path, doc);
  }

  it("holds the table the inspector shows (regenerate with: UPDATE_DOCS=1 npx vitest run tests/engines.test.ts)", () => {
    const table = doc.slice(doc.indexOf(START) + START.length, doc.indexOf(END)).trim();
    expect(doc.includes(START) && doc.includes(END)).toBe(true);
    expect(table).toBe(differencesTable());
    expect(ENGINE_DIFFERENCES.map((d) => d.id)).toEqual([...DIFFERENCE_IDS]);
  });

  it("cites for each row a conformance file that carries every engine's outcome where it differs from Chromium's", () => {
    for (const d of ENGINE_DIFFERENCES) {
      const text = fs.readFileSync(new URL(`../conformance/${d.conformance}`, import.meta.url), "utf8");
      const parsed = validateScenario(JSON.parse(text), Object.keys(config.sandboxes));
      if (!parsed.ok || !parsed.value.expected) throw new Error(`${d.conformance}: ${parsed.ok ? "no expected" : parsed.error}`);
      const differing = (["firefox", "webkit"] as const).filter((e) => d.outcome[e] !== d.outcome.chromium);
      expect(enginesThatDiffer(parsed.value.expected), d.id).toEqual(expect.arrayContaining(differing));
    }
  });
});
