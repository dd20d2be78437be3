import { describe, expect, it } from "vitest";
import { countText } from "../src/views/count-text";

describe("a count as the views write it", () => {
  it("is what toLocaleString('en-US') writes, for every number of digits and for negatives", () => {
    const values = [0, 7, 42, 999, 1000, 1001, 20000, 99999, 100000, 123456, 1000000, 2000002, 12345678, 987654321, 1234567890123, Number.MAX_SAFE_INTEGER, -1, -1000, -1234567];
    for (const n of values) expect(countText(n)).toBe(n.toLocaleString("en-US"));
    expect(countText(1000000)).toBe("1,000,000");
  });
});
