/**
 * Scenarios that run real postMessage libraries, made from their browser builds in node_modules.
 * A sandbox cannot import from npm at run time, so each window's script is the library's build
 * followed by the window's own code.
 *
 * - LIBRARIES: library -> package and browser build files (UMD or IIFE, which define a global
 *   when run as a classic script), and `banner`: the lines the library itself prints as it starts
 *   (the same on every page), which are left out where console lines are compared. Adding a
 *   library is one entry here.
 * - SCENARIOS: scenario -> windows, each naming the libraries its script needs, and the console
 *   lines the run must print (the same on the plain page and in the playground). Adding a check
 *   of a library is one entry here; e2e/libraries.spec.ts runs every entry.
 * - Entries with `builtin` are also built-in scenarios of the playground. They are checked in as
 *   JSON under src/scenario/libraries/ (the app cannot read node_modules in the browser);
 *   tests/library-scenarios.test.ts fails when a checked-in file is not what this script makes.
 *
 * Regenerate the built-ins: node scripts/library-scenarios.mjs
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
export const BUILTIN_DIR = join(ROOT, "src", "scenario", "libraries");

export const LIBRARIES = {
  penpal: { package: "penpal", files: ["dist/penpal.min.js"] },
  comlink: { package: "comlink", files: ["dist/umd/comlink.min.js"] },
  postmate: { package: "postmate", files: ["build/postmate.min.js"] },
  // Prints its licence notice (with terminal colour codes) as it starts, on every page alike.
  "iframe-resizer-parent": {
    package: "@iframe-resizer/parent",
    files: ["index.umd.js"],
    banner: [/^%ciframe-resizer v\d+\.\d+\.\d+ \(GPLv3\) font-weight: bold;$/, /^iframeResizer\(Parent\) \S*GPLv3 License Version/],
  },
  "iframe-resizer-child": { package: "@iframe-resizer/child", files: ["index.umd.js"] },
  "post-robot": { package: "post-robot", files: ["dist/post-robot.min.js"] },
};

/** The package's copyright lines, as comment lines ("" when its licence file has none). */
function licenceNotice(name) {
  const dir = join(ROOT, "node_modules", name);
  const file = readdirSync(dir).find((f) => /^licen[cs]e/i.test(f));
  if (!file) return "";
  // Box-drawing and comment characters around a notice are not part of it.
  const lines = readFileSync(join(dir, file), "utf8")
    .split("\n")
    .map((l) => l.replace(/[\u2500-\u257f*/]+/g, "").trim())
    .filter((l) => /^copyright\s+(\(c\)|©|\d{4})/i.test(l));
  return lines.map((l) => `// ${l}\n`).join("");
}

function packageJson(name) {
  return JSON.parse(readFileSync(join(ROOT, "node_modules", name, "package.json"), "utf8"));
}

/** The library's build as one block of a classic script, headed by what it is and where it came from. */
export function libraryCode(key) {
  const lib = LIBRARIES[key];
  if (!lib) throw new Error(`no library called ${JSON.stringify(key)} in LIBRARIES`);
  const pkg = packageJson(lib.package);
  // Old packages name theirs in a "licenses" list.
  const licence = pkg.license ?? (pkg.licenses ?? []).map((l) => l.type).join(", ");
  // The licence asks for its copyright notice in every copy.
  const notice = licenceNotice(lib.package);
  return lib.files
    .map((file) => {
      // A source map comment would point the browser at a file the sandbox does not serve.
      const code = readFileSync(join(ROOT, "node_modules", lib.package, file), "utf8").replace(/^\/\/# sourceMappingURL=.*$/gm, "").trimEnd();
      return `// ${lib.package} ${pkg.version} (${licence}), ${file}: inlined, since a sandbox cannot import from npm.\n${notice}${code}\n`;
    })
    .join("\n");
}

/** A console line that one of `libraries` prints as it starts, not the window's own output. */
export function isBanner(libraries, line) {
  return libraries.some((key) => (LIBRARIES[key]?.banner ?? []).some((re) => re.test(line)));
}

/** A window's script: its libraries' builds, then its own code. */
export function inline(libraries, script) {
  if (libraries.length === 0) return script;
  return `${libraries.map(libraryCode).join("\n")}\n// ---- ${"the window's own script"} ----\n${script}`;
}

const penpalChild = (remote) => `// bob connects back to ${remote === "parent" ? "the page that embeds him" : "the window that opened him"} and offers multiply().
const connection = Penpal.connect({
  messenger: new Penpal.WindowMessenger({ remoteWindow: ${remote}, allowedOrigins: [playground.origin("alice")] }),
  methods: { multiply: (a, b) => a * b },
});
connection.promise.then(async (alice) => {
  console.log("bob:", await alice.greet("bob"));
});
`;

/** penpal's calls and their answers travel over the port its handshake hands over: alice's call to bob and bob's to alice, each with its reply. */
const PENPAL_PORT_ROWS = [
  { from: "alice", to: "bob" },
  { from: "alice", to: "bob" },
  { from: "bob", to: "alice" },
  { from: "bob", to: "alice" },
];

const penpalParent = (remote, intro) => `${intro}
const connection = Penpal.connect({
  messenger: new Penpal.WindowMessenger({ remoteWindow: ${remote}, allowedOrigins: [playground.origin("bob")] }),
  methods: { greet: (name) => \`hello \${name}, this is alice\` },
});
connection.promise.then(async (bob) => {
  console.log("alice: bob.multiply(6, 7) =", await bob.multiply(6, 7));
});
`;

const comlinkApi = `const api = { add: (a, b) => a + b };\n`;

/**
 * Every scenario: `windows` as in a scenario file, plus `libraries` per window; `console` is what
 * each listed window prints, exactly; `portRows` the MessagePort rows the run makes (the plain
 * page cannot see port messages, so these are counted from the libraries' protocols).
 */
export const SCENARIOS = [
  {
    id: "penpal-frame",
    title: "penpal between a page and its frame",
    builtin: true,
    summary:
      "alice and her frame bob connect with penpal 7 and call each other's methods. alice's first SYN leaves before bob's page has loaded: it reaches the frame's initial about:blank and is lost. " +
      "bob's SYN starts the handshake, penpal answers with SYN, ACK1 and ACK2 (which carries a MessagePort), and the method calls and their results travel over that port.",
    windows: [
      {
        name: "alice",
        origin: "alice",
        kind: "iframe",
        html: "<h3>alice</h3><p>Embeds bob and calls his multiply().</p>",
        libraries: ["penpal"],
        script: penpalParent('document.getElementById("bob").contentWindow', "// alice embeds bob (the frame below) and offers greet() to him."),
      },
      { name: "bob", origin: "bob", kind: "iframe", parent: "alice", html: "<h3>bob</h3>", libraries: ["penpal"], script: penpalChild("parent") },
    ],
    console: { alice: ["alice: bob.multiply(6, 7) = 42"], bob: ["bob: hello bob, this is alice"] },
    portRows: PENPAL_PORT_ROWS,
  },
  {
    id: "penpal-frames-index",
    title: "penpal with frames[0] as the remote window",
    summary: "As penpal between a page and its frame, but alice names bob's window as frames[0]: penpal compares event.source with it, so it must be the very same WindowProxy.",
    windows: [
      {
        name: "alice",
        origin: "alice",
        kind: "iframe",
        libraries: ["penpal"],
        script: penpalParent("frames[0]", "// alice's only frame is bob."),
      },
      { name: "bob", origin: "bob", kind: "iframe", parent: "alice", libraries: ["penpal"], script: penpalChild("parent") },
    ],
    console: { alice: ["alice: bob.multiply(6, 7) = 42"], bob: ["bob: hello bob, this is alice"] },
    portRows: PENPAL_PORT_ROWS,
  },
  {
    id: "penpal-popup",
    title: "penpal between a page and its popup",
    summary: "alice opens bob as a popup and connects to him with penpal 7; each calls the other's method.",
    windows: [
      {
        name: "alice",
        origin: "alice",
        kind: "iframe",
        libraries: ["penpal"],
        script: penpalParent("popup", '// alice opens bob and offers greet() to him.\nconst popup = window.open(playground.url("bob"), "bob");'),
      },
      { name: "bob", origin: "bob", kind: "popup", opener: "alice", libraries: ["penpal"], script: penpalChild("opener") },
    ],
    console: { alice: ["alice: bob.multiply(6, 7) = 42"], bob: ["bob: hello bob, this is alice"] },
    portRows: PENPAL_PORT_ROWS,
  },
  {
    id: "comlink-window",
    title: "comlink with windowEndpoint",
    summary: "bob exposes an object to his parent with comlink's windowEndpoint and says he is ready; alice wraps bob's window, calls add(), then releases the proxy.",
    windows: [
      {
        name: "alice",
        origin: "alice",
        kind: "iframe",
        libraries: ["comlink"],
        script: `const frame = document.getElementById("bob").contentWindow;
addEventListener("message", async function onReady(e) {
  if (e.origin !== playground.origin("bob") || e.data !== "ready") return;
  removeEventListener("message", onReady);
  const bob = Comlink.wrap(Comlink.windowEndpoint(frame, self, playground.origin("bob")));
  console.log("alice: bob.add(2, 3) =", await bob.add(2, 3));
  await bob[Comlink.releaseProxy]();
  console.log("alice: released");
});
`,
      },
      {
        name: "bob",
        origin: "bob",
        kind: "iframe",
        parent: "alice",
        libraries: ["comlink"],
        script: `${comlinkApi}Comlink.expose(api, Comlink.windowEndpoint(parent, self, playground.origin("alice")), [playground.origin("alice")]);
parent.postMessage("ready", playground.origin("alice"));
`,
      },
    ],
    console: { alice: ["alice: bob.add(2, 3) = 5", "alice: released"], bob: [] },
    portRows: [],
  },
  {
    id: "comlink-channel",
    title: "comlink over a MessageChannel",
    builtin: true,
    summary:
      "bob says he is ready; alice makes a MessageChannel and sends bob one end with postMessage (look for the transferred MessagePort). " +
      "From then on comlink talks over the ports: alice calls bob.add(2, 3) as if bob were a local object, then releases it. Each call and its answer is a port message.",
    windows: [
      {
        name: "alice",
        origin: "alice",
        kind: "iframe",
        html: "<h3>alice</h3><p>Gives bob one end of a MessageChannel and calls him through it.</p>",
        libraries: ["comlink"],
        script: `// alice waits for bob, then hands him one end of a channel and wraps the other.
const frame = document.getElementById("bob").contentWindow;
addEventListener("message", async (e) => {
  if (e.origin !== playground.origin("bob") || e.data !== "ready") return;
  const { port1, port2 } = new MessageChannel();
  frame.postMessage("port", playground.origin("bob"), [port2]);
  const bob = Comlink.wrap(port1);
  console.log("alice: bob.add(2, 3) =", await bob.add(2, 3));
  // Tells bob's side to let go of the object and closes the port.
  await bob[Comlink.releaseProxy]();
  console.log("alice: released");
});
`,
      },
      {
        name: "bob",
        origin: "bob",
        kind: "iframe",
        parent: "alice",
        html: "<h3>bob</h3>",
        libraries: ["comlink"],
        script: `// bob exposes an object on the port alice sends him.
${comlinkApi}addEventListener("message", (e) => {
  if (e.origin !== playground.origin("alice") || e.data !== "port") return;
  Comlink.expose(api, e.ports[0]);
});
parent.postMessage("ready", playground.origin("alice"));
`,
      },
    ],
    console: { alice: ["alice: bob.add(2, 3) = 5", "alice: released"], bob: [] },
    portRows: [
      { from: "alice", to: "bob" },
      { from: "alice", to: "bob" },
      { from: "bob", to: "alice" },
      { from: "bob", to: "alice" },
    ],
  },
  {
    id: "postmate-frame",
    title: "postmate makes its frame",
    summary: "alice uses postmate as its README does: new Postmate({ container, url }) makes bob's frame, shakes hands once it has loaded, then reads bob's height and calls greet().",
    windows: [
      {
        name: "alice",
        origin: "alice",
        kind: "iframe",
        html: '<div id="box"></div>',
        libraries: ["postmate"],
        script: `new Postmate({ container: document.getElementById("box"), url: playground.url("bob"), name: "bob" }).then(async (child) => {
  console.log("alice: bob's height is", await child.get("height"));
  child.call("greet", "alice");
});
`,
      },
      {
        name: "bob",
        origin: "bob",
        kind: "iframe",
        parent: "alice",
        createdByScript: true,
        html: '<div id="content" style="height: 120px">bob</div>',
        libraries: ["postmate"],
        script: `new Postmate.Model({
  height: () => document.getElementById("content").offsetHeight,
  greet: (name) => console.log("bob: hello from", name),
});
`,
      },
    ],
    console: { alice: ["alice: bob's height is 120"], bob: ["bob: hello from alice"] },
    portRows: [],
  },
  {
    id: "post-robot-frame",
    title: "post-robot between a page and its frame",
    summary: "bob says it is ready with post-robot; alice, told so, asks bob for a user and gets the answer. post-robot matches every message's event.source against the window it expects, and shakes hands before each request.",
    windows: [
      {
        name: "alice",
        origin: "alice",
        kind: "iframe",
        libraries: ["post-robot"],
        script: `const bob = document.getElementById("bob").contentWindow;
postRobot.on("ready", { window: bob, domain: playground.origin("bob") }, () => {
  postRobot.send(bob, "getUser", { id: 7 }, { domain: playground.origin("bob") }).then((event) => console.log("alice: bob answers", event.data.name));
  return "go ahead";
});
`,
      },
      {
        name: "bob",
        origin: "bob",
        kind: "iframe",
        parent: "alice",
        libraries: ["post-robot"],
        script: `postRobot.on("getUser", { window: parent, domain: playground.origin("alice") }, (event) => ({ name: "user " + event.data.id + " of " + playground.window }));
postRobot.send(parent, "ready", {}, { domain: playground.origin("alice") }).then((event) => console.log("bob: alice says", event.data));
`,
      },
    ],
    console: { alice: ["alice: bob answers user 7 of bob"], bob: ["bob: alice says go ahead"] },
    portRows: [],
  },
  {
    id: "post-robot-popup",
    title: "post-robot with a popup",
    summary: "alice opens bob as a popup and asks it for a user with post-robot; bob answers, and tells its opener it is done.",
    windows: [
      {
        name: "alice",
        origin: "alice",
        kind: "iframe",
        libraries: ["post-robot"],
        script: `const bob = window.open(playground.url("bob"), "bob");
postRobot.on("done", { window: bob, domain: playground.origin("bob") }, (event) => console.log("alice: bob is done with", event.data.id));
postRobot.send(bob, "getUser", { id: 9 }, { domain: playground.origin("bob"), timeout: 10000 }).then((event) => console.log("alice: bob answers", event.data.name));
`,
      },
      {
        name: "bob",
        origin: "bob",
        kind: "popup",
        opener: "alice",
        libraries: ["post-robot"],
        script: `postRobot.on("getUser", { window: opener, domain: playground.origin("alice") }, (event) => {
  setTimeout(() => postRobot.send(opener, "done", { id: event.data.id }, { domain: playground.origin("alice") }), 0);
  return { name: "user " + event.data.id + " of " + playground.window };
});
`,
      },
    ],
    console: { alice: ["alice: bob answers user 9 of bob", "alice: bob is done with 9"] },
    portRows: [],
  },
  {
    id: "iframe-resizer",
    title: "iframe-resizer sizes a frame",
    summary: "alice sizes her frame bob to its content with iframe-resizer 5 (parent and child packages).",
    windows: [
      {
        name: "alice",
        origin: "alice",
        kind: "iframe",
        libraries: ["iframe-resizer-parent"],
        script: `iframeResize(
  {
    license: "GPLv3",
    checkOrigin: [playground.origin("bob")],
    onReady: () => console.log("alice: bob is ready"),
    onResized: ({ height }) => console.log("alice: bob's frame is", height, "px high"),
  },
  document.getElementById("bob"),
);
`,
      },
      {
        name: "bob",
        origin: "bob",
        kind: "iframe",
        parent: "alice",
        html: '<div style="height: 300px">bob</div>',
        libraries: ["iframe-resizer-child"],
        script: "",
      },
    ],
    console: { alice: ["alice: bob's frame is 316 px high", "alice: bob is ready"], bob: [] },
    portRows: [],
  },
];

/** The scenario file of one entry of SCENARIOS (format: docs/scenario-format.md). */
export function scenarioFile(entry) {
  return {
    format: "postmessage-playground/scenario",
    version: 1,
    id: entry.id,
    title: entry.title,
    summary: entry.summary,
    windows: entry.windows.map(({ libraries, script, ...w }) => ({ ...w, script: inline(libraries, script) })),
  };
}

/** The text of a checked-in built-in: the file, then the console lines it promises. */
export function builtinText(entry) {
  return `${JSON.stringify({ ...scenarioFile(entry), promised: { console: entry.console } }, null, 2)}\n`;
}

export const builtinPath = (entry) => join(BUILTIN_DIR, `${entry.id}.json`);

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const entry of SCENARIOS.filter((s) => s.builtin)) {
    writeFileSync(builtinPath(entry), builtinText(entry));
    console.log(`wrote ${builtinPath(entry)}`);
  }
}
