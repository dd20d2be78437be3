/**
 * A popup retired after its run (src/host/run/retire.ts says why the host keeps it for a moment):
 * whatever its script did must not reach into the next run, which starts beside it.
 */
// Taken when the runtime loads, before any user code could replace them.
const apply = Reflect.apply;
const setTimer = window.setTimeout.bind(window);
const clearTimer = window.clearTimeout.bind(window);
const requestFrame = window.requestAnimationFrame.bind(window);
const cancelFrame = window.cancelAnimationFrame.bind(window);
const openDocument = Document.prototype.open;
const closeDocument = Document.prototype.close;
const nameSetter = (Object.getOwnPropertyDescriptor(window, "name") ?? Object.getOwnPropertyDescriptor(Window.prototype, "name"))?.set;
const noop = () => undefined;

/** `answer` is called once the window has dropped its name, before the rest (which takes longer). */
export function retireWindow(win: Window, closeAfterMs: number, answer: () => void): void {
  // A named window.open of the next run must open a new window, not find this one.
  if (nameSetter) apply(nameSetter, win, [""]);
  answer();
  // Timer and animation frame ids count up from 1 in each document: the newest one bounds them.
  const lastTimer = setTimer(noop, 0);
  for (let id = 1; id <= lastTimer; id++) clearTimer(id);
  const lastFrame = requestFrame(noop);
  for (let id = 1; id <= lastFrame; id++) cancelFrame(id);
  // document.open() erases every event listener of the window, the document and its nodes, and
  // the page itself (its frames go with it).
  apply(openDocument, win.document, []);
  apply(closeDocument, win.document, []);
  setTimer(() => win.close(), closeAfterMs);
}
