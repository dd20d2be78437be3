/**
 * The scenario library: built-in scenarios for tutorials and talks. Each says in plain words what
 * to look for, and carries the timeline it promises (`expected`, as in conformance files), which
 * e2e/library.spec.ts checks in real Chromium. Generated once from a list; edit freely.
 */
import type { Expected } from "./schema";
import type { Scenario } from "./types";

export type LibraryScenario = Scenario & { expected: Expected };

export const LIBRARY: LibraryScenario[] = [
  {
    id: "star-leaks-after-navigation",
    title: "\"*\" leaks to a navigated window",
    summary: "alice sends a secret to its frame with \"*\", and another copy with bob's exact origin, then sends the frame to evil while still busy. Look for the navigation race badge: the exact-origin copy is blocked, the \"*\" copy is delivered to evil. Never send secrets with \"*\".",
    loopGuardMs: 5000,
    windows: [
      {
        name: "alice",
        origin: "alice",
        kind: "iframe",
        script: `const child = document.getElementById("bob").contentWindow;
addEventListener("message", (e) => {
  if (e.origin !== playground.origin("bob") || e.data !== "ready") return;
  child.postMessage("secret (sent with *)", "*");
  child.postMessage("secret (sent to bob's origin)", playground.origin("bob"));
  // The frame navigates to evil while alice is still in this task. Chromium sends a message to
  // another process when the sender's task ends: by then the frame holds evil's document.
  // (This scenario lets one loop run 5 s, so the loop guard leaves this 2 s wait alone.)
  document.getElementById("bob").src = playground.url("bob", "evil");
  const until = Date.now() + 2000;
  while (Date.now() < until) {}
});
`,
      },
      {
        name: "bob",
        origin: "bob",
        kind: "iframe",
        parent: "alice",
        script: `// The same script runs in every document of this window; playground.site says where.
addEventListener("message", (e) => console.log(playground.site, "received:", e.data));
if (playground.site === "bob") parent.postMessage("ready", playground.origin("alice"));
`,
      },
    ],
    expected: {
      messages: [
        {
          from: "bob",
          to: "alice",
          state: "delivered",
          data: "\"ready\"",
          origin: "{bob}",
          source: "frames[0]",
          targetOrigin: "{alice}",
        },
        {
          from: "alice",
          to: "bob",
          state: "delivered",
          targetOrigin: "*",
          navigated: true,
        },
        {
          from: "alice",
          to: "bob",
          state: "blocked",
          targetOrigin: "{bob}",
          navigated: true,
        },
      ],
      console: {
        bob: ["evil received: secret (sent with *)"],
      },
    },
  },
  {
    id: "missing-origin-check",
    title: "A handler without an origin check, exploited, then fixed",
    summary: "alice embeds a widget (bob) and an ad (evil). Her first handler trusts event.data from anyone, so evil changes her settings; the fixed handler checks event.origin first and ignores evil. Look at the listeners column: the unsafe one is flagged.",
    windows: [
      {
        name: "alice",
        origin: "alice",
        kind: "iframe",
        script: `// UNSAFE: acts on any message, from any origin.
addEventListener("message", function unsafeHandler(event) {
  if (event.data.type === "set-theme") console.log("unsafe handler applied theme", event.data.theme);
});

// FIXED: checks who sent it before reading the data.
addEventListener("message", function safeHandler(event) {
  if (event.origin !== playground.origin("bob")) return console.log("safe handler ignored", event.origin);
  if (event.data.type === "set-theme") console.log("safe handler applied theme", event.data.theme);
});
`,
      },
      {
        name: "bob",
        origin: "bob",
        kind: "iframe",
        parent: "alice",
        script: `// The trusted widget.
parent.postMessage({ type: "set-theme", theme: "dark" }, playground.origin("alice"));
`,
      },
      {
        name: "evil",
        origin: "evil",
        kind: "iframe",
        parent: "alice",
        script: `// The malicious ad: it knows alice's message format.
setTimeout(() => parent.postMessage({ type: "set-theme", theme: "pwned" }, "*"), 300);
`,
      },
    ],
    expected: {
      messages: [
        {
          from: "bob",
          to: "alice",
          state: "delivered",
          origin: "{bob}",
          listeners: [
            "unsafeHandler (addEventListener): used data without checking origin",
            "safeHandler (addEventListener): checked origin first",
          ],
        },
        {
          from: "evil",
          to: "alice",
          state: "delivered",
          origin: "{evil}",
          targetOrigin: "*",
          listeners: ["unsafeHandler (addEventListener): used data without checking origin"],
        },
      ],
      console: {
        alice: [
          "unsafe handler applied theme dark",
          "safe handler applied theme dark",
          "unsafe handler applied theme pwned",
          "safe handler ignored {evil}",
        ],
      },
    },
  },
  {
    id: "reply-with-event-source",
    title: "Replying with event.source and event.origin",
    summary: "bob answers whoever asked: event.source.postMessage(reply, event.origin). Look at event.source on each row: the reply goes back to exactly the window and origin that sent the question.",
    windows: [
      {
        name: "alice",
        origin: "alice",
        kind: "iframe",
        script: `const child = document.getElementById("bob").contentWindow;
addEventListener("message", (e) => {
  if (e.origin !== playground.origin("bob") || e.data !== "ready") return;
  child.postMessage({ question: "what time is it?" }, playground.origin("bob"));
});

addEventListener("message", (e) => {
  if (e.origin === playground.origin("bob") && e.data.answer) console.log("alice got the answer from", e.origin);
});
`,
      },
      {
        name: "bob",
        origin: "bob",
        kind: "iframe",
        parent: "alice",
        script: `addEventListener("message", (event) => {
  if (event.origin !== playground.origin("alice")) return;
  // Reply to the sender, restricted to the sender's origin.
  event.source.postMessage({ answer: "tea time" }, event.origin);
});
parent.postMessage("ready", playground.origin("alice"));
`,
      },
    ],
    expected: {
      messages: [
        {
          from: "bob",
          to: "alice",
          state: "delivered",
          data: "\"ready\"",
          origin: "{bob}",
          source: "frames[0]",
          targetOrigin: "{alice}",
        },
        {
          from: "alice",
          to: "bob",
          state: "delivered",
          source: "parent",
        },
        {
          from: "bob",
          to: "alice",
          state: "delivered",
          targetOrigin: "{alice}",
          source: "frames[0]",
        },
      ],
      console: {
        alice: ["alice got the answer from {bob}"],
      },
    },
  },
  {
    id: "handshake-with-acks",
    title: "Parent and child handshake with acknowledgements",
    summary: "The child announces itself, the parent acknowledges, then every data message is acknowledged with its sequence number. Every row is delivered, in order.",
    windows: [
      {
        name: "alice",
        origin: "alice",
        kind: "iframe",
        script: `const child = document.getElementById("bob").contentWindow;
addEventListener("message", (event) => {
  if (event.origin !== playground.origin("bob")) return;
  const msg = event.data;
  if (msg.type === "hello") child.postMessage({ type: "welcome" }, event.origin);
  if (msg.type === "data") {
    console.log("alice got item", msg.seq);
    child.postMessage({ type: "ack", seq: msg.seq }, event.origin);
  }
});
`,
      },
      {
        name: "bob",
        origin: "bob",
        kind: "iframe",
        parent: "alice",
        script: `const alice = playground.origin("alice");
addEventListener("message", (event) => {
  if (event.origin !== alice) return;
  const msg = event.data;
  if (msg.type === "welcome") for (let seq = 1; seq <= 3; seq++) parent.postMessage({ type: "data", seq }, alice);
  if (msg.type === "ack") console.log("bob got ack", msg.seq);
});
parent.postMessage({ type: "hello" }, alice);
`,
      },
    ],
    expected: {
      messages: [
        {
          from: "bob",
          to: "alice",
          state: "delivered",
          data: "{type: \"hello\"}",
        },
        {
          from: "alice",
          to: "bob",
          state: "delivered",
          data: "{type: \"welcome\"}",
        },
        {
          from: "bob",
          to: "alice",
          state: "delivered",
          data: "{type: \"data\", seq: 1}",
        },
        {
          from: "bob",
          to: "alice",
          state: "delivered",
          data: "{type: \"data\", seq: 2}",
        },
        {
          from: "bob",
          to: "alice",
          state: "delivered",
          data: "{type: \"data\", seq: 3}",
        },
        {
          from: "alice",
          to: "bob",
          state: "delivered",
          data: "{type: \"ack\", seq: 1}",
        },
        {
          from: "alice",
          to: "bob",
          state: "delivered",
          data: "{type: \"ack\", seq: 2}",
        },
        {
          from: "alice",
          to: "bob",
          state: "delivered",
          data: "{type: \"ack\", seq: 3}",
        },
      ],
      console: {
        alice: ["alice got item 1", "alice got item 2", "alice got item 3"],
        bob: ["bob got ack 1", "bob got ack 2", "bob got ack 3"],
      },
    },
  },
  {
    id: "siblings-through-parent",
    title: "Nested iframes talking through their parent",
    summary: "bob and carol are sibling frames in alice. bob cannot be sure who carol is, so it asks alice, who checks the origin and relays to carol.",
    windows: [
      {
        name: "alice",
        origin: "alice",
        kind: "iframe",
        script: `const carol = document.getElementById("carol").contentWindow;
let carolReady = false, pending = null;
addEventListener("message", (event) => {
  if (event.origin === playground.origin("carol") && event.data === "ready") {
    carolReady = true;
    if (pending) carol.postMessage(pending, playground.origin("carol"));
  }
  if (event.origin === playground.origin("bob") && event.data.relayTo === "carol") {
    pending = { from: "bob", text: event.data.text };
    if (carolReady) carol.postMessage(pending, playground.origin("carol"));
  }
});
`,
      },
      {
        name: "bob",
        origin: "bob",
        kind: "iframe",
        parent: "alice",
        script: `parent.postMessage({ relayTo: "carol", text: "hi sibling" }, playground.origin("alice"));
`,
      },
      {
        name: "carol",
        origin: "carol",
        kind: "iframe",
        parent: "alice",
        script: `addEventListener("message", (event) => {
  if (event.origin !== playground.origin("alice")) return;
  console.log("carol got", event.data.text, "from", event.data.from, "via alice");
});
parent.postMessage("ready", playground.origin("alice"));
`,
      },
    ],
    expected: {
      messages: [
        {
          from: "bob",
          to: "alice",
          state: "delivered",
        },
        {
          from: "carol",
          to: "alice",
          state: "delivered",
          data: "\"ready\"",
        },
        {
          from: "alice",
          to: "carol",
          state: "delivered",
          data: "{from: \"bob\", text: \"hi sibling\"}",
        },
      ],
      console: {
        carol: ["carol got hi sibling from bob via alice"],
      },
    },
  },
  {
    id: "message-channel-ports",
    title: "MessageChannel ports handed to a child",
    summary: "alice keeps port1 and transfers port2 to bob in a window message; after that they talk over the ports. Port rows have no targetOrigin, origin \"\" and source null; the to column names the port and its channel.",
    windows: [
      {
        name: "alice",
        origin: "alice",
        kind: "iframe",
        script: `const child = document.getElementById("bob").contentWindow;
addEventListener("message", (e) => {
  if (e.origin !== playground.origin("bob") || e.data !== "ready") return;
  const channel = new MessageChannel();
  channel.port1.onmessage = (m) => console.log("alice's port got", m.data);
  child.postMessage("here is your port", playground.origin("bob"), [channel.port2]);
  channel.port1.postMessage("ping over the port");
});
`,
      },
      {
        name: "bob",
        origin: "bob",
        kind: "iframe",
        parent: "alice",
        script: `addEventListener("message", (event) => {
  if (event.origin !== playground.origin("alice")) return;
  const [port] = event.ports;
  if (!port) return;
  port.onmessage = (m) => port.postMessage("pong: " + m.data);
});
parent.postMessage("ready", playground.origin("alice"));
`,
      },
    ],
    expected: {
      messages: [
        {
          from: "bob",
          to: "alice",
          state: "delivered",
          data: "\"ready\"",
          origin: "{bob}",
          source: "frames[0]",
          targetOrigin: "{alice}",
        },
        {
          from: "alice",
          to: "bob",
          state: "delivered",
          transfer: "MessagePort",
        },
        {
          from: "alice",
          to: "bob",
          state: "delivered",
          port: true,
        },
        {
          from: "bob",
          to: "alice",
          state: "delivered",
          port: true,
        },
      ],
      console: {
        alice: ["alice's port got pong: ping over the port"],
      },
    },
  },
  {
    id: "transfer-arraybuffer",
    title: "Transferring an ArrayBuffer",
    summary: "A transferred buffer moves instead of being copied: bob gets the bytes, and alice's buffer is detached (byteLength 0) right after the call. The data column shows the transfer list before and after.",
    windows: [
      {
        name: "alice",
        origin: "alice",
        kind: "iframe",
        script: `const child = document.getElementById("bob").contentWindow;
addEventListener("message", (e) => {
  if (e.origin !== playground.origin("bob") || e.data !== "ready") return;
  const bytes = new Uint8Array(1024).fill(7);
  child.postMessage(bytes.buffer, playground.origin("bob"), [bytes.buffer]);
  console.log("alice's buffer now has", bytes.buffer.byteLength, "bytes");
});
`,
      },
      {
        name: "bob",
        origin: "bob",
        kind: "iframe",
        parent: "alice",
        script: `addEventListener("message", (e) => {
  if (e.origin === playground.origin("alice")) console.log("bob got", e.data.byteLength, "bytes");
});
parent.postMessage("ready", playground.origin("alice"));
`,
      },
    ],
    expected: {
      messages: [
        {
          from: "bob",
          to: "alice",
          state: "delivered",
          data: "\"ready\"",
          origin: "{bob}",
          source: "frames[0]",
          targetOrigin: "{alice}",
        },
        {
          from: "alice",
          to: "bob",
          state: "delivered",
          data: "ArrayBuffer(1024)",
          transfer: "after the call: [ArrayBuffer (detached)]",
        },
      ],
      console: {
        alice: ["alice's buffer now has 0 bytes"],
        bob: ["bob got 1024 bytes"],
      },
    },
  },
  {
    id: "data-clone-error",
    title: "A DataCloneError",
    summary: "Functions and DOM nodes cannot be cloned. postMessage throws DataCloneError in the sender, synchronously, and nothing is sent; the row is marked at the sender.",
    windows: [
      {
        name: "alice",
        origin: "alice",
        kind: "iframe",
        script: `const child = document.getElementById("bob").contentWindow;
addEventListener("message", (e) => {
  if (e.origin !== playground.origin("bob") || e.data !== "ready") return;
  try {
    child.postMessage({ onDone: () => "callbacks cannot travel" }, playground.origin("bob"));
  } catch (err) {
    console.log("alice caught", err.name);
  }
  child.postMessage({ onDone: "send plain data instead" }, playground.origin("bob"));
});
`,
      },
      {
        name: "bob",
        origin: "bob",
        kind: "iframe",
        parent: "alice",
        script: `addEventListener("message", (e) => console.log("bob got", e.data, "from", e.origin));
parent.postMessage("ready", playground.origin("alice"));
`,
      },
    ],
    expected: {
      messages: [
        {
          from: "bob",
          to: "alice",
          state: "delivered",
          data: "\"ready\"",
          origin: "{bob}",
          source: "frames[0]",
          targetOrigin: "{alice}",
        },
        {
          from: "alice",
          to: "bob",
          state: "error",
          reason: "DataCloneError",
        },
        {
          from: "alice",
          to: "bob",
          state: "delivered",
          data: "{onDone: \"send plain data instead\"}",
        },
      ],
      console: {
        alice: ["alice caught DataCloneError"],
        bob: ["bob got {onDone: \"send plain data instead\"} from {alice}"],
      },
    },
  },
  {
    id: "handler-exception",
    title: "An exception in a handler the sender cannot see",
    summary: "bob's handler throws. The sender's postMessage returned long before, so alice never learns of it; the timeline shows it on the receipt, in bob's listeners column.",
    windows: [
      {
        name: "alice",
        origin: "alice",
        kind: "iframe",
        script: `const child = document.getElementById("bob").contentWindow;
addEventListener("message", (e) => {
  if (e.origin !== playground.origin("bob") || e.data !== "ready") return;
  child.postMessage({ amount: "not a number" }, playground.origin("bob"));
  console.log("alice: sent, no error here");
});
`,
      },
      {
        name: "bob",
        origin: "bob",
        kind: "iframe",
        parent: "alice",
        script: `addEventListener("message", function applyPayment(event) {
  if (event.origin !== playground.origin("alice")) return;
  if (typeof event.data.amount !== "number") throw new TypeError("amount must be a number");
});
parent.postMessage("ready", playground.origin("alice"));
`,
      },
    ],
    expected: {
      messages: [
        {
          from: "bob",
          to: "alice",
          state: "delivered",
          data: "\"ready\"",
          origin: "{bob}",
          source: "frames[0]",
          targetOrigin: "{alice}",
        },
        {
          from: "alice",
          to: "bob",
          state: "delivered",
          listeners: [
            "applyPayment (addEventListener): checked origin first",
            "threw TypeError: amount must be a number",
          ],
        },
      ],
      console: {
        alice: ["alice: sent, no error here"],
        bob: ["Uncaught TypeError: amount must be a number"],
      },
    },
  },
  {
    id: "opaque-null-origin",
    title: "Opaque \"null\" origins from sandboxed frames",
    summary: "carol is sandboxed without allow-same-origin, so her origin is opaque: her messages say event.origin \"null\", and nobody can target her origin by name (\"null\" is a SyntaxError); a reply must use \"*\".",
    windows: [
      {
        name: "alice",
        origin: "alice",
        kind: "iframe",
        script: `addEventListener("message", (e) => {
  console.log("alice got a message from origin", JSON.stringify(e.origin));
  try {
    e.source.postMessage("reply", e.origin);
  } catch (err) {
    console.log("targeting", JSON.stringify(e.origin), "threw", err.name);
    e.source.postMessage("reply", "*");
  }
});
`,
      },
      {
        name: "carol",
        origin: "carol",
        kind: "iframe",
        parent: "alice",
        sandbox: "allow-scripts",
        script: `addEventListener("message", (e) => console.log("carol got", e.data));
parent.postMessage("hello from a sandbox", "*");
`,
      },
    ],
    expected: {
      messages: [
        {
          from: "carol",
          to: "alice",
          state: "delivered",
          origin: "null",
        },
        {
          from: "alice",
          to: "carol",
          state: "error",
          targetOrigin: "null",
          reason: "SyntaxError",
        },
        {
          from: "alice",
          to: "carol",
          state: "delivered",
          targetOrigin: "*",
        },
      ],
      console: {
        alice: ["alice got a message from origin \"null\"", "targeting \"null\" threw SyntaxError"],
        carol: ["carol got reply"],
      },
    },
  },
  {
    id: "order-across-senders",
    title: "Message order across several senders",
    summary: "bob and carol each send three numbered messages. Each sender's messages arrive in the order sent, but nothing orders bob's relative to carol's: compare the receipt order in alice's console with the send order.",
    windows: [
      {
        name: "alice",
        origin: "alice",
        kind: "iframe",
        script: `const seen = [];
addEventListener("message", (e) => {
  seen.push(e.data);
  if (seen.length === 6) {
    const inOrder = (who) => seen.filter((m) => m.startsWith(who)).join(",") === [1, 2, 3].map((i) => who + i).join(",");
    console.log("each sender in order:", inOrder("bob") && inOrder("carol"));
  }
});
`,
      },
      {
        name: "bob",
        origin: "bob",
        kind: "iframe",
        parent: "alice",
        script: `for (let i = 1; i <= 3; i++) parent.postMessage("bob" + i, playground.origin("alice"));
`,
      },
      {
        name: "carol",
        origin: "carol",
        kind: "iframe",
        parent: "alice",
        script: `for (let i = 1; i <= 3; i++) parent.postMessage("carol" + i, playground.origin("alice"));
`,
      },
    ],
    expected: {
      messages: [
        {
          from: "bob",
          to: "alice",
          state: "delivered",
          data: "\"bob1\"",
        },
        {
          from: "bob",
          to: "alice",
          state: "delivered",
          data: "\"bob2\"",
        },
        {
          from: "bob",
          to: "alice",
          state: "delivered",
          data: "\"bob3\"",
        },
        {
          from: "carol",
          to: "alice",
          state: "delivered",
          data: "\"carol1\"",
        },
        {
          from: "carol",
          to: "alice",
          state: "delivered",
          data: "\"carol2\"",
        },
        {
          from: "carol",
          to: "alice",
          state: "delivered",
          data: "\"carol3\"",
        },
      ],
      console: {
        alice: ["each sender in order: true"],
      },
    },
  },
];
