/**
 * A window's first document carries its init in its URL, so that its script runs as the page
 * loads, where an inline script of an ordinary page would: before the document's load event, and
 * so before the load event of the frame in its parent (a handshake a parent starts from
 * `iframe.onload` finds the child's listeners in place). Waiting for the init to come over the
 * channel instead would run the script after both, one round trip through the host later.
 *
 * The fragment (`#pginit=…`, base64url of the init's UTF-8 JSON) never reaches a server, and the
 * runtime takes it off the URL before the script runs. The runtime quotes it in its hello, and
 * the host accepts the document only if it is the very text the host wrote for that window: a
 * window that makes another window load a URL of its own invention is refused.
 *
 * Both sides import this file; it has no dependencies.
 */
import { MAX_INIT_URL, type InitMessage } from "./protocol";

export const PARAM_INIT = "pginit";

const CHUNK = 0x8000;

/**
 * The browser's own base64url, where it has one (Uint8Array.prototype.toBase64 and
 * Uint8Array.fromBase64): a window's init holds its whole script, and for the format's largest
 * (200,000 characters) the code below takes tens of milliseconds each way, on the path from
 * Run to the first message. Both write and read the same text.
 */
type Base64Codec = {
  toBase64?: (this: Uint8Array, options: { alphabet: "base64url"; omitPadding: boolean }) => string;
};
type Base64Reader = { fromBase64?: (text: string, options: { alphabet: "base64url" }) => Uint8Array };
// Taken when the module loads: in a sandbox, before any user code, which may replace them or
// Function.prototype.call (a popup's init is written when the script opens it).
const nativeToBase64 = (Uint8Array.prototype as Base64Codec).toBase64;
const nativeFromBase64 = (Uint8Array as Base64Reader).fromBase64;
const apply = Reflect.apply;

export function encodeInit(init: InitMessage): string {
  const bytes = new TextEncoder().encode(JSON.stringify(init));
  if (nativeToBase64) return apply(nativeToBase64, bytes, [{ alphabet: "base64url", omitPadding: true }]);
  let binary = "";
  for (let i = 0; i < bytes.length; i += CHUNK) binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function bytesOf(payload: string): Uint8Array {
  if (nativeFromBase64) return apply(nativeFromBase64, Uint8Array, [payload, { alphabet: "base64url" }]);
  const binary = atob(payload.replace(/-/g, "+").replace(/_/g, "/"));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** The init a payload holds, or null when it is not one this file wrote. */
export function decodeInit(payload: string): InitMessage | null {
  try {
    const init = JSON.parse(new TextDecoder().decode(bytesOf(payload))) as unknown;
    return typeof init === "object" && init !== null && (init as { type?: unknown }).type === "init" ? (init as InitMessage) : null;
  } catch {
    return null;
  }
}

/** `url` with the payload as its fragment, or null when the whole would be too long to load. */
export function urlWithInit(url: string, payload: string): string | null {
  const whole = `${url}#${PARAM_INIT}=${payload}`;
  return whole.length <= MAX_INIT_URL ? whole : null;
}

/** The fragment's parts: the init's payload and the theme the host forced, if any. */
export function readFragment(hash: string): { payload: string | null; colorScheme: "light" | "dark" | undefined } {
  const params = new URLSearchParams(hash.startsWith("#") ? hash.slice(1) : hash);
  const scheme = params.get("color-scheme");
  return { payload: params.get(PARAM_INIT), colorScheme: scheme === "light" || scheme === "dark" ? scheme : undefined };
}
