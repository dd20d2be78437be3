/**
 * Where a message is drawn: one row per postMessage, in the order the calls were made, with
 * what the browser did and why.
 */
import { useMemo } from "react";
import { useShallow } from "zustand/react/shallow";
import { usePlayground } from "../store";
import { correlate, type TimelineEntry } from "../timeline/correlate";
import { HOST } from "../timeline/records";

export function Timeline() {
  const { sends, receipts, documents, runStart } = usePlayground(
    useShallow((s) => ({ sends: s.sends, receipts: s.receipts, documents: s.documents, runStart: s.runStart })),
  );
  const entries = useMemo(() => correlate({ sends, receipts, documents }), [sends, receipts, documents]);
  return (
    <section className="panel timeline-panel" aria-label="Message timeline">
      <h2>
        Timeline <span className="count">{entries.length} messages</span>
      </h2>
      {entries.length === 0 ? (
        <p className="empty">No messages yet. Each postMessage call appears here as it happens.</p>
      ) : (
        <div className="table-scroll">
          <table className="timeline">
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">ms</th>
                <th scope="col">from</th>
                <th scope="col">to</th>
                <th scope="col">targetOrigin</th>
                <th scope="col">state</th>
                <th scope="col">event.origin</th>
                <th scope="col">event.source</th>
                <th scope="col">data</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e, i) => (
                <Row key={e.id} entry={e} index={i + 1} runStart={runStart} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function windowName(name: string | null): string {
  if (name === null) return "unknown";
  return name === HOST ? "playground page" : name;
}

function Row({ entry: e, index, runStart }: { entry: TimelineEntry; index: number; runStart: number }) {
  return (
    <tr className={`entry state-${e.state}`} data-state={e.state} data-from={e.from ?? ""} data-to={e.to ?? ""}>
      <td className="num">{index}</td>
      <td className="num">{Math.max(0, e.time - runStart).toFixed(0)}</td>
      <td data-col="from">
        {windowName(e.from)}
        <div className="sub">{e.fromOrigin}</div>
      </td>
      <td data-col="to">
        {windowName(e.to)}
        {e.send && <div className="sub">via {e.toLabel}</div>}
      </td>
      <td data-col="targetOrigin">
        <code>{e.reconstructed ? "(not seen)" : JSON.stringify(e.targetOrigin)}</code>
      </td>
      <td data-col="state">
        <span className={`badge badge-${e.state}`}>{e.state}</span>
        <div className="sub reason">{e.reason}</div>
      </td>
      <td data-col="origin">
        <code>{e.receipt ? JSON.stringify(e.receipt.eventOrigin) : "—"}</code>
      </td>
      <td data-col="source">{e.receipt ? e.receipt.sourceLabel : "—"}</td>
      <td data-col="data">
        <code className="data">{e.preview}</code>
        {e.send?.at && <div className="sub">{`${e.from}.js:${e.send.at.line}`}</div>}
      </td>
    </tr>
  );
}
