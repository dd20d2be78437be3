export declare const BIG_SCRIPT: number;
export declare function grown(script: string, size: number): string;
