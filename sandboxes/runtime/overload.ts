/**
 * Which overload of postMessage a call picks, decided from its arguments the way WebIDL overload
 * resolution does, so that the timeline shows the targetOrigin and transfer the browser used.
 *
 * Window: `postMessage(message, targetOrigin, transfer = [])` and `postMessage(message, options = {})`.
 * - 1 argument: only the options form takes it: targetOrigin "/".
 * - 2 arguments: the second decides. `undefined` selects the overload whose argument there is
 *   optional (options); `null` and every object (arrays and functions too) convert to the options
 *   dictionary; a string, number, boolean, bigint or symbol is the positional targetOrigin.
 *   So `(x, null)`, `(x, undefined)` and `(x, [])` all mean options `{}`, i.e. "/".
 * - 3 or more: only the positional form has that many: `(x, undefined, [])` sends to the origin
 *   "undefined" (a SyntaxError), and a third argument `undefined` is the default transfer `[]`.
 * A dictionary member that is `undefined` takes its default ("/", `[]`).
 *
 * MessagePort: `postMessage(message, transfer)` and `postMessage(message, options = {})`. With a
 * second argument, `undefined` and `null` mean options `{}`; an array is the transfer list; another
 * object is the options dictionary. (WebIDL takes any iterable as the transfer list: telling would
 * read its Symbol.iterator, which can run the script's getter a second time; arrays are what
 * people pass.)
 */
export interface DecodedCall {
  form: "positional" | "options";
  /** The targetOrigin as given (argument or member), or undefined when it is the default "/". */
  targetOrigin: { value: unknown } | undefined;
  /** The transfer argument or member as given; undefined is the default `[]`. */
  transfer: unknown;
}

/** Reads a dictionary member for the record (without running a getter, ideally). */
export type MemberReader = (dict: object, key: string) => unknown;

const isObject = (v: unknown): v is object => (typeof v === "object" && v !== null) || typeof v === "function";

function fromOptions(dict: unknown, member: MemberReader): DecodedCall {
  if (!isObject(dict)) return { form: "options", targetOrigin: undefined, transfer: undefined };
  const targetOrigin = member(dict, "targetOrigin");
  return { form: "options", targetOrigin: targetOrigin === undefined ? undefined : { value: targetOrigin }, transfer: member(dict, "transfer") };
}

export function decodeWindowCall(args: readonly unknown[], member: MemberReader): DecodedCall {
  if (args.length >= 3) return { form: "positional", targetOrigin: { value: args[1] }, transfer: args[2] };
  if (args.length < 2) return fromOptions(undefined, member);
  const second = args[1];
  if (second === undefined || second === null || isObject(second)) return fromOptions(second, member);
  return { form: "positional", targetOrigin: { value: second }, transfer: undefined };
}

export function decodePortCall(args: readonly unknown[], member: MemberReader): DecodedCall {
  const second = args[1];
  if (args.length >= 2 && Array.isArray(second)) return { form: "positional", targetOrigin: undefined, transfer: second };
  return fromOptions(second, member);
}

/** The targetOrigin the record shows: the text the browser parses ("/" when defaulted). */
export function targetOriginText(call: DecodedCall, text: (v: unknown) => string): string {
  return call.targetOrigin ? text(call.targetOrigin.value) : "/";
}
