export interface Figure {
  name: string;
  about: string;
}
export declare const FIGURES: Figure[];
export declare function chosen(argv: string[], env?: Record<string, string | undefined>): { figures: Figure[] } | { help: true } | { error: string };
