import { useState } from "react";
import { useShallow } from "zustand/react/shallow";
import { frameSandbox } from "../scenario/sandbox-flags";
import { useHost, usePlayground, usePlaygroundStore } from "../use-playground";
import { Breakable } from "./Breakable";
import type { WindowStatus } from "../store/types";

/**
 * The running windows. Frames of the host page are live iframes here, labelled with their origin;
 * nested frames are drawn inside their parents by the sandbox page; popups are separate browser
 * windows, listed with their state.
 */
export function WindowsPanel() {
  const { runId, urls, frameLoads, windows, scenarioWindows } = usePlayground(
    useShallow((s) => ({ runId: s.runId, urls: s.urls, frameLoads: s.frameLoads, windows: s.windows, scenarioWindows: s.scenario.windows })),
  );
  const frames = scenarioWindows.filter((w) => w.kind === "iframe" && w.parent === undefined);
  const nested = scenarioWindows.filter((w) => w.kind === "iframe" && w.parent !== undefined);
  const popups = scenarioWindows.filter((w) => w.kind === "popup");
  return (
    <section className="panel windows-panel" aria-label="Running windows">
      <h2>Windows</h2>
      <div className="frames">
        {frames.map((w) => {
          const origin = windows[w.name]?.origin ?? "";
          const url = urls[w.name];
          return (
            // A new key when the host loads the frame again: a new element, a new page load.
            <figure key={`${runId}:${w.name}:${frameLoads[w.name] ?? 0}`} className="frame">
              <figcaption>
                <strong>{w.name}</strong>{" "}
                <code className="origin">
                  <Breakable text={origin} />
                </code>{" "}
                <Status name={w.name} status={windows[w.name]?.status} />
              </figcaption>
              {url && windows[w.name]?.status !== "stopped" && (
                <SandboxFrame name={w.name} title={`${w.name} on ${origin}`} url={url} sandbox={frameSandbox(w)} />
              )}
            </figure>
          );
        })}
      </div>
      {(nested.length > 0 || popups.length > 0) && (
        <ul className="window-list" aria-label="Nested frames and popups">
          {nested.map((w) => (
            <li key={w.name} data-window={w.name}>
              <strong>{w.name}</strong> <code className="origin">{windows[w.name]?.origin}</code> iframe in {w.parent}{" "}
              <Status name={w.name} status={windows[w.name]?.status} />
            </li>
          ))}
          {popups.map((w) => (
            <li key={w.name} data-window={w.name}>
              <strong>{w.name}</strong> <code className="origin">{windows[w.name]?.origin}</code> popup opened by {w.opener}{" "}
              <Status name={w.name} status={windows[w.name]?.status} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/**
 * A frame of the host page, told the forced theme in its URL's fragment (sandboxes/runtime reads
 * it): the theme when the frame was created, because changing the fragment later would add a
 * history entry. A theme picked during a run reaches the frames on the next run.
 */
function SandboxFrame({ name, title, url, sandbox }: { name: string; title: string; url: string; sandbox: string }) {
  const host = useHost();
  const store = usePlaygroundStore();
  const [src] = useState(() => {
    const theme = store.getState().theme;
    // The fragment may hold the window's init already (sandboxes/first-document.ts).
    return theme === "system" ? url : `${url}${url.includes("#") ? "&" : "#"}color-scheme=${theme}`;
  });
  // A first visit's first frame, made before the app rendered (src/early-run.ts), is moved in
  // with its page running, not made again.
  // Once per element: a ref callback made again at each render would be let go each time.
  const [moveIn] = useState(() => {
    const early = host.frames.earlyFrame(name, src);
    return early && host.frames.moveIn(name, early);
  });
  if (moveIn) return <div className="frame-slot" ref={moveIn} />;
  // Registered with the host, which checks a frame's hello against this very element's window.
  return <iframe ref={host.frames.ref(name)} data-window={name} title={title} src={src} sandbox={sandbox} />;
}

function Status({ name, status }: { name: string; status: WindowStatus | undefined }) {
  const host = useHost();
  if (!status) return null;
  return (
    <>
      <span className={`status status-${status.replaceAll(" ", "-")}`}>{status}</span>
      {status === "unresponsive" && (
        <button type="button" className="stop-window" onClick={() => host.stopWindow(name)}>
          Stop {name}
        </button>
      )}
    </>
  );
}
