/**
 * The protocol between the host page and the runtime in each sandbox window, imported by both
 * sides: the messages each way, the reports, how a batch of reports travels, and the identities
 * (documents, records, ports, pairs) both sides name.
 */
export * from "./messages";
export * from "./reports";
export * from "./batch";
export * from "./ids";
