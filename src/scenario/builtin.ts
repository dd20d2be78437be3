import { LIBRARY, type LibraryScenario } from "./library";
import { LIBRARY_BUILTINS } from "./library-builtins";
import type { Scenario } from "./types";

/** The MDN example the project grew from: a secret sent with the wrong targetOrigin goes nowhere. */
const passwordToPopup: LibraryScenario = {
  id: "password-to-popup",
  title: "Password to a popup",
  summary:
    "alice opens a popup on bob's origin. The secret is sent with alice's own origin as targetOrigin, so the browser drops it: blocked. " +
    '"hello there!" names bob\'s origin and is delivered; bob answers with event.source.postMessage(reply, event.origin).',
  expected: {
    messages: [
      { from: "bob", to: "alice", state: "delivered", data: '"ready"', source: "popup bob" },
      { from: "alice", to: "bob", state: "blocked", targetOrigin: "{alice}", reason: "does not match" },
      { from: "alice", to: "bob", state: "delivered", data: '"hello there!"', origin: "{alice}", source: "opener" },
      { from: "bob", to: "alice", state: "delivered", targetOrigin: "{alice}", source: "popup bob" },
    ],
    console: { alice: ["alice received: hi there yourself!  the secret response is: rheeeeet!"] },
  },
  windows: [
    {
      name: "alice",
      origin: "alice",
      kind: "iframe",
      html: "<h3>alice</h3><p>Opens bob's popup and sends it two messages.</p>",
      script: `// Window A: opens a popup on bob's origin and talks to it.
const popup = window.open(playground.url("bob"), "bob");

window.addEventListener("message", (event) => {
  // Do we trust the sender of this message?
  if (event.origin !== playground.origin("bob")) return;

  if (event.data === "ready") {
    // Wrong targetOrigin (alice's own): the browser drops it at dispatch.
    popup.postMessage("The user is 'bob' and the password is 'secret'", location.origin);
    // The popup's real origin: delivered.
    popup.postMessage("hello there!", playground.origin("bob"));
    return;
  }
  // event.source is popup, event.data is bob's answer.
  console.log("alice received:", event.data);
});
`,
    },
    {
      name: "bob",
      origin: "bob",
      kind: "popup",
      opener: "alice",
      html: "<h3>bob</h3><p>A popup that answers its opener.</p>",
      script: `// The popup: says it has loaded, then answers messages from alice.
window.addEventListener("message", (event) => {
  // Do we trust the sender of this message?
  if (event.origin !== playground.origin("alice")) return;

  // event.source is window.opener. The idiomatic reply:
  event.source.postMessage("hi there yourself!  the secret response is: rheeeeet!", event.origin);
});

// A message sent before this page loaded would have reached the popup's
// initial about:blank document, so alice waits for this one.
opener.postMessage("ready", playground.origin("alice"));
`,
    },
  ],
};

const parentAndChild: Scenario = {
  id: "parent-child-handshake",
  title: "Parent and child iframe",
  summary:
    "carol holds an iframe on dave's origin. dave says hello to parent; carol answers through iframe.contentWindow. " +
    "Then carol sends with \"*\" and with a wrong origin: the first arrives, the second is blocked.",
  windows: [
    {
      name: "carol",
      origin: "carol",
      kind: "iframe",
      html: "<h3>carol</h3>",
      script: `const child = document.querySelector("iframe").contentWindow;

window.addEventListener("message", (event) => {
  if (event.origin !== playground.origin("dave")) return;
  console.log("carol received:", event.data);
  if (event.data.type === "hello") {
    child.postMessage({ type: "welcome" }, playground.origin("dave"));
    child.postMessage("to anyone", "*");
    child.postMessage("to evil only", playground.origin("evil"));
  }
});
`,
    },
    {
      name: "dave",
      origin: "dave",
      kind: "iframe",
      parent: "carol",
      html: "<h3>dave</h3>",
      script: `window.addEventListener("message", (event) => {
  if (event.origin !== playground.origin("carol")) return;
  console.log("dave received:", event.data);
});

parent.postMessage({ type: "hello", from: "dave" }, playground.origin("carol"));
`,
    },
  ],
};

export const BUILTIN_SCENARIOS: readonly Scenario[] = [passwordToPopup, parentAndChild, ...LIBRARY, ...LIBRARY_BUILTINS];
/** The built-ins whose promised timeline e2e/library.spec.ts checks. */
export const PROMISED: readonly LibraryScenario[] = [passwordToPopup, ...LIBRARY];
export const DEFAULT_SCENARIO = passwordToPopup;
