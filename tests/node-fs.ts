/**
 * tests/ is type-checked with the app's tsconfig, which has no Node types (and must not: they
 * would change timer and global types for src/). The little of node:fs the tests use is typed by hand.
 */
interface NodeFs {
  readFileSync(path: URL, encoding: "utf8"): string;
  writeFileSync(path: URL, text: string): void;
  readdirSync(path: URL): string[];
}
const NODE_FS = "node:fs";
export const fs = (await import(/* @vite-ignore */ NODE_FS)) as NodeFs;
