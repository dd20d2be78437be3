export declare const SIZES: number[];
export declare function floodSizes(text?: string): { sizes: number[] } | { error: string };
