/**
 * Requests the e2e tests send to the servers without a browser: Node cannot resolve *.localhost
 * names, so they go to 127.0.0.1 with the Host header of the name they mean, and some are bytes
 * no browser would send.
 */
import { request, type IncomingHttpHeaders } from "node:http";
import { connect } from "node:net";

export interface HttpAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** One request to the server on `port`, as if to `host` (e.g. "alice.localhost:4301"). */
export function httpGet(port: number, host: string, path: string, headers: Record<string, string> = {}, method = "GET"): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path, method, headers: { host, ...headers } }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

/** A page request, as a browser's navigation asks for one. */
export const pageGet = (port: number, host: string, path = "/") => httpGet(port, host, path, { accept: "text/html,*/*;q=0.8" });

/** Sends `text` as is on a new connection and returns the status line of the answer ("" if none). */
export function rawStatusLine(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1", () => socket.write(text));
    let answer = "";
    const done = () => {
      socket.destroy();
      resolve(answer.split("\r\n")[0] ?? "");
    };
    socket.setEncoding("latin1");
    socket.setTimeout(5_000, done);
    socket.on("data", (chunk: string) => {
      answer += chunk;
      if (answer.includes("\r\n")) done();
    });
    socket.on("close", done);
    socket.on("error", reject);
  });
}

/** The security headers all three servers send (docs/deploy.md), as one response has them. */
export const SECURITY_HEADER_NAMES = ["content-security-policy", "x-frame-options", "cross-origin-opener-policy", "x-content-type-options", "referrer-policy"];

export function securityHeadersOf(answer: HttpAnswer): Record<string, string> {
  const picked: Record<string, string> = {};
  for (const name of SECURITY_HEADER_NAMES) {
    const value = answer.headers[name];
    if (typeof value === "string") picked[name] = value;
  }
  return picked;
}

/** One directive of a CSP, e.g. "frame-ancestors 'self'", or undefined. */
export const cspDirective = (policy: string | undefined, name: string) =>
  policy
    ?.split(";")
    .map((d) => d.trim())
    .find((d) => d.split(/\s+/)[0] === name);
