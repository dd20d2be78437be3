import LZString from "lz-string";
import { describe, expect, it } from "vitest";
import { decompressedLength } from "../src/scenario/lz-bound";

/** A deterministic generator: failures must be reproducible. */
function random(seed: number) {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return s / 2 ** 31;
  };
}
const text = (next: () => number, n: number, alphabet: string) => Array.from({ length: n }, () => alphabet[Math.floor(next() * alphabet.length)]).join("");
const asLength = (s: string | null) => (s === null || s === "" ? null : s.length);
const measured = (packed: string) => {
  const n = decompressedLength(packed, 1e9);
  return n === 0 ? null : n;
};

describe("decompressedLength", () => {
  it("agrees with lz-string on what a link decompresses to", () => {
    const next = random(7);
    for (let i = 0; i < 200; i++) {
      const source =
        i % 3 === 0
          ? text(next, Math.floor(next() * 4000), "ab")
          : i % 3 === 1
            ? text(next, Math.floor(next() * 800), 'abcdefgh ijklmnop\u00e9\u4e2d{}"\n')
            : JSON.stringify({ script: text(next, 200, "xyz();"), n: i });
      const packed = LZString.compressToEncodedURIComponent(source);
      expect(decompressedLength(packed, 1e9)).toBe(source.length);
    }
  });

  it("agrees with lz-string on links cut short or garbled", () => {
    const next = random(11);
    for (let i = 0; i < 200; i++) {
      const packed = LZString.compressToEncodedURIComponent(text(next, 1 + Math.floor(next() * 500), "abc \u00e9{}"));
      const cut = packed.slice(0, Math.floor(next() * packed.length));
      expect(measured(cut)).toBe(asLength(LZString.decompressFromEncodedURIComponent(cut)));
      // Wherever a garbled link is accepted, its length is lz-string's.
      const garbled = text(next, Math.floor(next() * 60), "ABCxyz019+-$!");
      const length = measured(garbled);
      if (length !== null) expect(length).toBe(asLength(LZString.decompressFromEncodedURIComponent(garbled)));
    }
  });

  it("stops early on a link that expands enormously", () => {
    // Each code of this link stands for one character more than the one before.
    const bomb = LZString.compressToEncodedURIComponent("a".repeat(2_000_000));
    expect(bomb.length).toBeLessThan(5_000);
    expect(decompressedLength(bomb, 1_000_000)).toBe("too long");
    expect(decompressedLength(bomb, 1e9)).toBe(2_000_000);
    // Compressing two million characters takes seconds on a busy machine: more than the default 5 s.
  }, 30_000);
});
