/**
 * What the page shows when the app's code did not load or could not start (a chunk the network
 * lost, a module that threw): without it, the page stays blank. Plain DOM, so that it works
 * without React and without the stylesheet; used by the app (main.tsx) and by the early run's
 * script, which is built apart and is then the only code of the page that ran (early-run.ts).
 */

/** The text of the message; the tests read it. */
export const LOAD_FAILURE_TEXT = "The playground could not start: part of its code did not load. Check your connection, then reload the page.";

/** Shows the message in `root` (the app's mount point, or the page's body), once, and moves focus to its button. */
export function showLoadFailure(root: HTMLElement | null, detail?: unknown): void {
  const parent = root ?? document.body ?? document.documentElement;
  if (parent.querySelector("[data-load-failure]")) return;
  const box = document.createElement("div");
  box.dataset.loadFailure = "";
  box.setAttribute("role", "alert");
  box.setAttribute("style", "margin:2rem auto;max-width:40rem;padding:1rem 1.25rem;font:16px/1.5 system-ui,sans-serif;color:CanvasText;background:Canvas;border:2px solid CanvasText;border-radius:6px");
  const text = document.createElement("p");
  text.textContent = LOAD_FAILURE_TEXT;
  box.append(text);
  if (detail !== undefined) {
    const what = document.createElement("p");
    // A page's own error, bounded: it names the chunk or the module, which helps a bug report.
    const message = detail instanceof Error ? detail.message : typeof detail === "string" ? detail : "";
    what.textContent = `What failed: ${message.slice(0, 300) || "an error without a message"}`;
    box.append(what);
  }
  const reload = document.createElement("button");
  reload.type = "button";
  reload.textContent = "Reload the page";
  reload.setAttribute("style", "font:inherit;padding:0.25rem 0.75rem");
  reload.addEventListener("click", () => window.location.reload());
  box.append(reload);
  parent.append(box);
  reload.focus();
}
