/**
 * The one place that makes and reads the playground's identities. Every other module treats them
 * as opaque strings and asks here, so their shapes can change in one file.
 *
 * - a document: `<window>#<n>`, the window's n-th document in the run (`alice#1`);
 * - a record: `<document>:<seq>`, seq being the runtime's own report number (`alice#1:12`);
 * - a port: `<document>/<name in that document>` (`alice#1/c3.2`: the second end of the third
 *   channel alice's first document made; `r2` the second port it received);
 * - a pair: one string per sender→target pair of windows, for grouping records.
 *
 * Window names are `[A-Za-z][\w-]*` (src/scenario/schema.ts), so `#`, `:` and `/` never occur in one.
 */

export const documentId = (window: string, n: number): string => `${window}#${n}`;

/** The window a document, record key or port name belongs to. */
export function windowOf(id: string): string {
  const hash = id.indexOf("#");
  return hash < 0 ? id : id.slice(0, hash);
}

export const recordKey = (doc: string, seq: number): string => `${doc}:${seq}`;

/** `alice#1:12` -> 12: the runtime's own sequence number. */
export function seqOfKey(key: string): number {
  return Number(key.slice(key.lastIndexOf(":") + 1));
}

/** A key for a record that no runtime report numbered (a note of the host, a malformed warning). */
export const hostRecordKey = (owner: string, what: string): string => `${owner}:${what}`;

/** Port names are per document in the runtime; the host makes them unique per run. */
export const portName = (doc: string, port: string): string => `${doc}/${port}`;

/** A port name's document and the name that document gave the port; null for no port name. */
export function splitPortName(name: string): { doc: string; port: string } | null {
  const slash = name.indexOf("/");
  return slash < 0 ? null : { doc: name.slice(0, slash), port: name.slice(slash + 1) };
}

/** Ends of a MessageChannel the runtime named `c<n>.1` and `c<n>.2`. */
const CHANNEL_END = /^(.*\/c\d+)\.([12])$/;

/** The other end of a channel's port, or null for a port the document received (not made). */
export function otherEnd(port: string): string | null {
  const m = CHANNEL_END.exec(port);
  return m ? `${m[1]}.${m[2] === "1" ? "2" : "1"}` : null;
}

/** The channel a port end belongs to (`alice#1/c3.2` -> `alice#1/c3`); a received port is its own. */
export const channelOf = (port: string): string => port.replace(/\.[12]$/, "");

/**
 * One string per pair, made once: grouping every record by pair (each event-cap cut, each redraw)
 * would otherwise build and hash a new string per record, most of a cut's time under a flood.
 */
const pairs = new Map<string, Map<string, string>>();
export function pairKey(from: string, to: string): string {
  let byTarget = pairs.get(from);
  if (!byTarget) pairs.set(from, (byTarget = new Map<string, string>()));
  let key = byTarget.get(to);
  if (key === undefined) byTarget.set(to, (key = `${from}\u2192${to}`));
  return key;
}
