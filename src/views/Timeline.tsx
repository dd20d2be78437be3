/**
 * Where a message is drawn: one row per postMessage, in the order the calls were made, with
 * what the browser did and why.
 */
import { useRef } from "react";
import { documentId, splitPortName, windowOf } from "../../sandboxes/protocol";
import { usePlayground } from "../use-playground";
import type { TimelineEntry } from "../timeline/correlate";
import { HOST } from "../timeline/records";
import { Breakable } from "./Breakable";
import { useEntryList } from "./use-entry-list";

/**
 * The table view: virtualized, so a flood of messages renders only the rows in view. Rows are
 * selected by click or by the panel's keyboard commands; the selection is shared with the diagram.
 */
export function TimelineTable({ entries, runStart }: { entries: TimelineEntry[]; runStart: number }) {
  const scroller = useRef<HTMLDivElement>(null);
  const selectedId = usePlayground((s) => s.selectedId);
  const select = usePlayground((s) => s.select);
  const virtualizer = useEntryList(entries, selectedId, scroller, { estimate: 64 });
  if (entries.length === 0) return <p className="empty">No messages yet. Each postMessage call appears here as it happens.</p>;
  const items = virtualizer.getVirtualItems();
  const top = items[0]?.start ?? 0;
  const bottom = virtualizer.getTotalSize() - (items.at(-1)?.end ?? 0);
  return (
    // Focusable: a region that scrolls must be scrollable from the keyboard too.
    <div className="table-scroll" ref={scroller} tabIndex={0} role="region" aria-label="Message table">
      <table className="timeline" aria-rowcount={entries.length + 1}>
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col" data-col="ms">ms</th>
            <th scope="col">from</th>
            <th scope="col">to</th>
            <th scope="col">targetOrigin</th>
            <th scope="col">state</th>
            <th scope="col">event.origin</th>
            <th scope="col" data-col="source">event.source</th>
            <th scope="col">data</th>
            <th scope="col" data-col="listeners">listeners</th>
          </tr>
        </thead>
        <tbody>
          {top > 0 && (
            <tr aria-hidden="true" className="spacer">
              <td colSpan={10} style={{ height: top }} />
            </tr>
          )}
          {items.map((item) => {
            const e = entries[item.index];
            if (!e) return null;
            return (
              <Row
                key={item.key}
                entry={e}
                index={item.index + 1}
                runStart={runStart}
                selected={e.id === selectedId}
                onSelect={() => select(e.id, true)}
                measure={virtualizer.measureElement}
                dataIndex={item.index}
              />
            );
          })}
          {bottom > 0 && (
            <tr aria-hidden="true" className="spacer">
              <td colSpan={10} style={{ height: bottom }} />
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}

export function windowName(name: string | null): string {
  if (name === null) return "unknown";
  return name === HOST ? "playground page" : name;
}

/** `alice#1/c1.2` reads as `alice c1.2`; a second document keeps its number: `bob#2 r1`. */
export function portLabel(name: string): string {
  const parts = splitPortName(name);
  if (!parts) return name;
  const window = windowOf(parts.doc);
  return `${parts.doc === documentId(window, 1) ? window : parts.doc} ${parts.port}`;
}

function ToCell({ e }: { e: TimelineEntry }) {
  if (e.channel) {
    const hops = e.channel.lineage.map(portLabel);
    return (
      <>
        {windowName(e.to)}
        <div className="sub">via port {portLabel(e.channel.toPort)} (channel {portLabel(e.channel.channel)})</div>
        {hops.length > 1 && <div className="sub">port travelled: {hops.join(" → ")}</div>}
      </>
    );
  }
  return (
    <>
      {windowName(e.to)}
      {e.send && <div className="sub">via {e.toLabel}</div>}
    </>
  );
}

function Listeners({ e }: { e: TimelineEntry }) {
  const listeners = e.receipt?.listeners ?? [];
  if (!e.receipt) return <>—</>;
  if (listeners.length === 0) return <span className="sub">none ran</span>;
  return (
    <ul className="listeners">
      {listeners.map((l, i) => {
        const checked = l.reads.indexOf("origin");
        const data = l.reads.indexOf("data");
        // A port message's origin is "" and only the holder of the other end can send it: there is
        // no origin to check, so reading its data is not a mistake.
        const check =
          data < 0 ? "did not read data" : e.channel ? "read data (a port message: no origin to check)" : checked >= 0 && checked < data ? "checked origin first" : "used data without checking origin";
        return (
          <li key={i} className={check === "used data without checking origin" ? "warn" : undefined}>
            <code>{l.name}</code> ({l.via}): {check}
            {l.reads.length > 0 && <span className="sub"> · read {l.reads.join(" → ")}</span>}
            {l.threw && <div className="threw">threw {`${l.threw.name}: ${l.threw.message}`} (only the receiver sees this)</div>}
          </li>
        );
      })}
    </ul>
  );
}

interface RowProps {
  entry: TimelineEntry;
  index: number;
  runStart: number;
  selected: boolean;
  onSelect: () => void;
  measure: (el: Element | null) => void;
  dataIndex: number;
}

function Row({ entry: e, index, runStart, selected, onSelect, measure, dataIndex }: RowProps) {
  const transfer = e.send?.transfer ?? [];
  const after = e.send?.transferAfter ?? [];
  return (
    <tr
      ref={measure}
      data-index={dataIndex}
      data-id={e.id}
      className={`entry state-${e.state}${selected ? " selected" : ""}`}
      aria-selected={selected}
      data-state={e.state}
      data-from={e.from ?? ""}
      data-to={e.to ?? ""}
      onClick={onSelect}
    >
      <td className="num">{index}</td>
      <td className="num" data-col="ms">
        {Math.max(0, e.time - runStart).toFixed(0)}
      </td>
      <td data-col="from">
        {windowName(e.from)}
        <div className="sub">{e.channel ? `port ${portLabel(e.channel.fromPort)}` : <Breakable text={e.fromOrigin} />}</div>
        {e.channel && e.channel.fromLineage.length > 1 && <div className="sub">port travelled: {e.channel.fromLineage.map(portLabel).join(" → ")}</div>}
      </td>
      <td data-col="to">
        <ToCell e={e} />
      </td>
      <td data-col="targetOrigin">
        <code>{e.reconstructed ? "(not seen)" : e.channel ? "(port)" : <Breakable text={JSON.stringify(e.targetOrigin)} />}</code>
        {e.send?.form === "options" && !e.channel && <div className="sub">options form</div>}
      </td>
      <td data-col="state">
        <span className={`badge badge-${e.state}`}>{e.state}</span>
        {e.navigated && <span className="badge badge-chromium" title="The target navigated between the send and the dispatch: the engines differ here">navigation race</span>}
        {e.reconstructed && <span className="badge badge-reconstructed">seen at receiver</span>}
        {e.send?.held && <span className="badge badge-held">{e.send.releasedAt !== undefined ? "released" : e.send.dropped ? "dropped" : "held"}</span>}
        {e.send?.resent && <span className="badge badge-held">resent</span>}
        {e.targetOrigin === "*" && !e.channel && !e.reconstructed && (
          <span className="badge badge-star" title='Sent with targetOrigin "*": any origin the target has at dispatch receives it'>
            sent to "*"
          </span>
        )}
        <div className="sub reason">
          <Breakable text={e.reason} />
        </div>
      </td>
      <td data-col="origin">
        <code>{e.receipt ? <Breakable text={JSON.stringify(e.receipt.eventOrigin)} /> : "—"}</code>
      </td>
      <td data-col="source">{e.receipt ? e.receipt.sourceLabel : "—"}</td>
      <td data-col="data">
        <code className="data">{e.preview}</code>
        {transfer.length > 0 && (
          <div className="sub transfer">
            transfer [{transfer.join(", ")}]{after.join() !== transfer.join() && ` → after the call: [${after.join(", ")}]`}
          </div>
        )}
        {e.send?.at && <div className="sub">{`${e.from}.js:${e.send.at.line}`}</div>}
      </td>
      <td data-col="listeners">
        <Listeners e={e} />
      </td>
    </tr>
  );
}
