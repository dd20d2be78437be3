/**
 * How long lz-string's decompressFromEncodedURIComponent output would be, found without building
 * it. A share link is untrusted input, and lz-string's dictionary lets each code stand for one
 * character more than the last: a 200 kB link can expand to billions of characters and take the
 * tab down before any size check sees the text. This walks the same bit stream as lz-string 1.5's
 * `_decompress`, keeping entry lengths instead of strings, and stops as soon as `limit` is passed.
 */
const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+-$";
const VALUE = new Map([...ALPHABET].map((ch, i) => [ch, i]));

/** The decompressed length; "too long" past `limit`; null where lz-string would fail (null or ""). */
export function decompressedLength(input: string, limit: number): number | "too long" | null {
  const text = input.replace(/ /g, "+");
  if (text === "") return null;
  const RESET = 32;
  let val = VALUE.get(text.charAt(0)) ?? 0;
  let position = RESET;
  let index = 1;
  const read = (n: number): number => {
    let bits = 0;
    for (let power = 1; power !== 1 << n; power <<= 1) {
      const resb = val & position;
      position >>= 1;
      if (position === 0) {
        position = RESET;
        val = VALUE.get(text.charAt(index++)) ?? 0;
      }
      if (resb > 0) bits |= power;
    }
    return bits;
  };

  const first = read(2);
  if (first === 2) return 0;
  // lz-string reads on with an undefined first entry and may throw: not a link it wrote.
  if (first === 3) return null;
  read(first === 0 ? 8 : 16);
  // Lengths of dictionary entries 3 and up (0-2 are lz-string's control codes).
  const lengths: number[] = [0, 0, 0, 1];
  let dictSize = 4;
  let numBits = 3;
  let enlargeIn = 4;
  let w = 1;
  let total = 1;
  for (;;) {
    if (index > text.length) return null;
    let c = read(numBits);
    if (c === 2) return total;
    if (c === 0 || c === 1) {
      read(c === 0 ? 8 : 16);
      lengths[dictSize++] = 1;
      c = dictSize - 1;
      enlargeIn--;
    }
    if (enlargeIn === 0) {
      enlargeIn = 2 ** numBits;
      numBits++;
    }
    let entry: number;
    if (c < dictSize) entry = lengths[c] ?? 0;
    else if (c === dictSize) entry = w + 1;
    else return null;
    total += entry;
    if (total > limit) return "too long";
    lengths[dictSize++] = w + 1;
    enlargeIn--;
    w = entry;
    if (enlargeIn === 0) {
      enlargeIn = 2 ** numBits;
      numBits++;
    }
  }
}
