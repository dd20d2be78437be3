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
}
export declare function median(xs: number[]): number;
export declare function spread(runs: number[]): Spread;
export declare function spreadText(s: Spread, fmt?: (x: number) => string, each?: (x: number) => number): string;
export declare function row(figure: string, value: string, goal?: string, measured?: number): Row;
export declare function table(rows: Row[]): string;
export declare function goalResults(rows: Row[]): Record<string, { goal: string; value: number | null; met: boolean }>;
export declare function benchLine(value: unknown): string;
