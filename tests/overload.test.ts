import { describe, expect, it } from "vitest";
import { decodePortCall, decodeWindowCall, targetOriginText, type DecodedCall } from "../sandboxes/runtime/overload";
import { previewUnread } from "../sandboxes/runtime/preview";

/** Own data members only, as the recorder's reader sees a plain dictionary. */
const member = (dict: object, key: string): unknown => (dict as Record<string, unknown>)[key];
const text = (v: unknown) => (typeof v === "string" ? v : String(v));
const windowCall = (...args: unknown[]) => {
  const call = decodeWindowCall(args, member);
  return { form: call.form, targetOrigin: targetOriginText(call, text), transfer: call.transfer };
};

describe("window postMessage overloads (WebIDL overload resolution)", () => {
  it("one argument is the options form: targetOrigin '/'", () => {
    expect(windowCall("x")).toEqual({ form: "options", targetOrigin: "/", transfer: undefined });
  });

  it("a second argument undefined, null or any object is the options dictionary", () => {
    expect(windowCall("x", undefined)).toEqual({ form: "options", targetOrigin: "/", transfer: undefined });
    expect(windowCall("x", null)).toEqual({ form: "options", targetOrigin: "/", transfer: undefined });
    expect(windowCall("x", {})).toEqual({ form: "options", targetOrigin: "/", transfer: undefined });
    expect(windowCall("x", [])).toEqual({ form: "options", targetOrigin: "/", transfer: undefined });
    expect(windowCall("x", () => 1)).toEqual({ form: "options", targetOrigin: "/", transfer: undefined });
    const buf = [1];
    expect(windowCall("x", { targetOrigin: "*", transfer: buf })).toEqual({ form: "options", targetOrigin: "*", transfer: buf });
    // A member that is undefined takes its default; null is converted to the string "null".
    expect(windowCall("x", { targetOrigin: undefined })).toMatchObject({ targetOrigin: "/" });
    expect(windowCall("x", { targetOrigin: null })).toMatchObject({ targetOrigin: "null" });
  });

  it("a second argument that is a primitive is the positional targetOrigin", () => {
    expect(windowCall("x", "/")).toEqual({ form: "positional", targetOrigin: "/", transfer: undefined });
    expect(windowCall("x", "http://a.localhost")).toMatchObject({ form: "positional", targetOrigin: "http://a.localhost" });
    expect(windowCall("x", 5)).toMatchObject({ form: "positional", targetOrigin: "5" });
    expect(windowCall("x", "")).toMatchObject({ form: "positional", targetOrigin: "" });
  });

  it("three arguments are always positional, whatever the second", () => {
    const list: unknown[] = [];
    expect(windowCall("x", "http://a.localhost", list)).toEqual({ form: "positional", targetOrigin: "http://a.localhost", transfer: list });
    expect(windowCall("x", "http://a.localhost", undefined)).toEqual({ form: "positional", targetOrigin: "http://a.localhost", transfer: undefined });
    expect(windowCall("x", undefined, [])).toMatchObject({ form: "positional", targetOrigin: "undefined" });
    expect(windowCall("x", null, [])).toMatchObject({ form: "positional", targetOrigin: "null" });
    expect(windowCall("x", {}, [], "ignored")).toMatchObject({ form: "positional", targetOrigin: "[object Object]" });
  });
});

describe("MessagePort postMessage overloads", () => {
  const portCall = (...args: unknown[]): Pick<DecodedCall, "form" | "transfer"> => {
    const { form, transfer } = decodePortCall(args, member);
    return { form, transfer };
  };
  it("an array is the transfer list; undefined, null and other objects are options", () => {
    const list = [1];
    expect(portCall("x")).toEqual({ form: "options", transfer: undefined });
    expect(portCall("x", list)).toEqual({ form: "positional", transfer: list });
    expect(portCall("x", undefined)).toEqual({ form: "options", transfer: undefined });
    expect(portCall("x", null)).toEqual({ form: "options", transfer: undefined });
    expect(portCall("x", { transfer: list })).toEqual({ form: "options", transfer: list });
  });
});

describe("previewUnread: what a refused message shows, without running its Proxy traps", () => {
  it("runs no trap of a Proxy, revoked or not", () => {
    const traps: string[] = [];
    const handler: ProxyHandler<object> = {};
    for (const trap of ["get", "getOwnPropertyDescriptor", "ownKeys", "getPrototypeOf", "has"] as const) {
      (handler as Record<string, unknown>)[trap] = () => {
        traps.push(trap);
        throw new Error("trap ran");
      };
    }
    expect(previewUnread(new Proxy({ a: 1 }, handler))).toBe("{…}");
    expect(previewUnread(new Proxy([1, 2], handler))).toBe("[…]");
    const revocable = Proxy.revocable({}, handler);
    revocable.revoke();
    expect(previewUnread(revocable.proxy)).toBe("{…}");
    expect(previewUnread(new Proxy(new ArrayBuffer(4), handler))).toBe("{…}");
    expect(traps).toEqual([]);
  });

  it("names an ArrayBuffer by its size, or as detached", () => {
    const gone = new ArrayBuffer(4);
    structuredClone(gone, { transfer: [gone] });
    expect(previewUnread(new ArrayBuffer(8))).toBe("ArrayBuffer(8)");
    expect(previewUnread(gone)).toBe("ArrayBuffer (detached)");
  });

  it("still names primitives and functions", () => {
    expect(previewUnread("x")).toBe('"x"');
    expect(previewUnread(Symbol("s"))).toBe("Symbol(s)");
    expect(previewUnread(() => 1)).toBe("ƒ anonymous()");
    expect(previewUnread(function named() {})).toBe("ƒ named()");
  });
});
