export declare function benchScenario(name: string, values: Record<string, number | string>): unknown;
export declare function playgroundUrl(file: unknown): string;
export declare function plainUrl(file: unknown): string;
export declare function defaultScenario(): unknown;
