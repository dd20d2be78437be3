/**
 * Everything known about one message: data as a tree, origins, source, targetOrigin, transfers,
 * listener results, timings and where in the script it was sent. A recorded send can be sent
 * again from the same window, with data or targetOrigin changed; a held send can be released or
 * dropped.
 */
import { useEffect, useRef, useState } from "react";
import { useHost, usePlayground } from "../use-playground";
import type { TimelineEntry } from "../timeline/correlate";
import { isHeld } from "../timeline/records";
import { Breakable } from "./Breakable";
import { DataTree, treeToJson } from "./DataTree";
import { EngineNote } from "./EngineNote";
import { portLabel, windowName } from "./Timeline";

/** `onClose` closes it and puts focus back on the messages, so that it never falls to the page. */
export function Inspector({ entry: e, runStart, onClose }: { entry: TimelineEntry; runStart: number; onClose: () => void }) {
  const host = useHost();
  const revealLine = usePlayground((s) => s.revealLine);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [e.id]);
  const ms = (t: number | undefined) => (t === undefined ? "—" : `${Math.max(0, t - runStart).toFixed(1)} ms`);
  const tree = e.send?.tree ?? e.receipt?.tree;
  const held = e.send !== undefined && isHeld(e.send);
  return (
    <aside className="inspector" aria-labelledby="inspector-title">
      <header>
        <h3 id="inspector-title" ref={heading} tabIndex={-1}>
          {windowName(e.from)} → {windowName(e.to)}: <span className={`badge badge-${e.state}`}>{e.state}</span>
        </h3>
        <button type="button" onClick={onClose} aria-label="Close the inspector (Escape)">
          ×
        </button>
      </header>
      <p className="reason">
        <Breakable text={e.reason} />
      </p>
      {e.difference && <EngineNote id={e.difference} />}
      {held && e.send && (
        <div className="inspector-actions">
          <button type="button" className="primary" onClick={() => host.delivery.release(e.send?.key)}>
            Release this message
          </button>
          <button type="button" onClick={() => e.send && host.delivery.drop(e.send.key)}>
            Drop it
          </button>
        </div>
      )}
      <dl className="facts">
        <dt>data</dt>
        <dd>{tree ? <DataTree node={tree} /> : <code>{e.preview}</code>}</dd>
        <dt>from</dt>
        <dd>
          {windowName(e.from)}{" "}
          <code className="origin">
            <Breakable text={e.fromOrigin} />
          </code>
          {e.channel && <> on port {portLabel(e.channel.fromPort)}</>}
        </dd>
        <dt>to</dt>
        <dd>
          {windowName(e.to)} {e.send && <span className="sub">via {e.toLabel}</span>}
        </dd>
        <dt>targetOrigin</dt>
        <dd>
          <code>{e.channel ? "(port message: none)" : e.reconstructed ? "(not seen by the sender)" : <Breakable text={JSON.stringify(e.targetOrigin)} />}</code>
          {e.send && !e.channel && <span className="sub"> {e.send.form} form</span>}
        </dd>
        <dt>event.origin</dt>
        <dd>
          <code>{e.receipt ? <Breakable text={JSON.stringify(e.receipt.eventOrigin)} /> : "— (no event)"}</code>
        </dd>
        <dt>event.source</dt>
        <dd>{e.receipt ? e.receipt.sourceLabel : "—"}</dd>
        {e.send && e.send.transfer.length > 0 && (
          <>
            <dt>transfer</dt>
            <dd>
              [{e.send.transfer.join(", ")}] → after the call: [{e.send.transferAfter.join(", ")}]
            </dd>
          </>
        )}
        {e.receipt && e.receipt.ports.length > 0 && (
          <>
            <dt>event.ports</dt>
            <dd>{e.receipt.ports.map(portLabel).join(", ")}</dd>
          </>
        )}
        {e.channel && (
          <>
            <dt>channel</dt>
            <dd>
              {portLabel(e.channel.channel)}; receiving port travelled {e.channel.lineage.map(portLabel).join(" → ")}
            </dd>
          </>
        )}
        <dt>listeners</dt>
        <dd>
          {e.receipt ? (
            e.receipt.listeners.length === 0 ? (
              "none ran"
            ) : (
              <ul className="listeners">
                {e.receipt.listeners.map((l, i) => (
                  <li key={i}>
                    <code>{l.name}</code> ({l.via}) read {l.reads.length ? l.reads.join(" → ") : "nothing"}
                    {l.threw && <div className="threw">threw {`${l.threw.name}: ${l.threw.message}`}</div>}
                    {l.at && (
                      <button type="button" className="link" onClick={() => e.to && l.at && revealLine(e.to, l.at.line, l.at.column)}>
                        {e.to}.js:{l.at.line}
                      </button>
                    )}
                  </li>
                ))}
              </ul>
            )
          ) : (
            "—"
          )}
        </dd>
        <dt>timings</dt>
        <dd>
          sent {ms(e.send?.time)}
          {e.send?.releasedAt !== undefined && <>, released {ms(e.send.releasedAt)}</>}, received {ms(e.receipt?.time)}
          {e.send && e.receipt && <> (after {(e.receipt.time - (e.send.releasedAt ?? e.send.time)).toFixed(1)} ms)</>}
        </dd>
        <dt>sent at</dt>
        <dd>
          {e.send?.at && e.from ? (
            <button type="button" className="link" onClick={() => e.from && e.send?.at && revealLine(e.from, e.send.at.line, e.send.at.column)}>
              Show {e.from}.js:{e.send.at.line}:{e.send.at.column} in the editor
            </button>
          ) : (
            "—"
          )}
        </dd>
      </dl>
      {/* Keyed by message: another message starts with its own data. A gone target cannot be reached again. */}
      {e.send && !e.channel && e.send.path && !e.send.targetGone && <ResendForm key={e.id} entry={e} />}
    </aside>
  );
}

function ResendForm({ entry: e }: { entry: TimelineEntry }) {
  const host = useHost();
  const send = e.send;
  const initial = (() => {
    if (!send) return "";
    const json = send.tree ? treeToJson(send.tree) : null;
    if (json !== null) return JSON.stringify(json);
    try {
      JSON.parse(send.preview);
      return send.preview;
    } catch {
      return "";
    }
  })();
  const [data, setData] = useState(initial);
  const [targetOrigin, setTargetOrigin] = useState(send?.targetOrigin ?? "*");
  const [note, setNote] = useState("");
  if (!send) return null;
  return (
    <form
      className="resend"
      onSubmit={(ev) => {
        ev.preventDefault();
        try {
          JSON.parse(data);
        } catch (err) {
          setNote(`The data must be JSON: ${(err as Error).message}`);
          return;
        }
        setNote(host.delivery.resend(send, data, targetOrigin) ? `Sent again from ${send.window}.` : `${send.window} is no longer running this document; run again.`);
      }}
    >
      <h4>Edit and resend from {send.window}</h4>
      <label>
        data (JSON)
        <textarea value={data} onChange={(ev) => setData(ev.target.value)} rows={3} spellCheck={false} />
      </label>
      <label>
        targetOrigin
        <input value={targetOrigin} onChange={(ev) => setTargetOrigin(ev.target.value)} spellCheck={false} />
      </label>
      <button type="submit">Resend</button>
      <p role="status" className="sub">
        {note}
      </p>
    </form>
  );
}
