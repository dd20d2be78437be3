export interface Spread {
  median: number;
  min: number;
  max: number;
  runs: number[];
}
export interface Row {
  figure: string;
  value: string;
  goal: string | undefined;
  measured: number | undefined;
  key: string | undefined;
  load?: [number, number];
}
export declare function median(xs: number[]): number;
export declare function spread(runs: number[]): Spread;
/** Ratios of pairs measured in turns, and the ratio of the two medians. */
export interface PairedRatio extends Spread {
  ofMedians: number;
}
export declare function pairedRatio(over: number[], under: number[]): PairedRatio;
export declare function pairedText(r: Spread): string;
export declare function spreadText(s: Spread, fmt?: (x: number) => string, each?: (x: number) => number): string;
export declare function row(figure: string, value: string, goal?: string, measured?: number, key?: string): Row;
export declare function loadText(load: [number, number] | undefined): string;
export declare function table(rows: Row[]): string;
export declare function goalResults(rows: Row[]): Record<string, { goal: string; value: number | null; met: boolean }>;
export declare function benchLine(value: unknown): string;
