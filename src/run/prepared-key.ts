/** One key per script and loop-guard choice: the two preparations of a text differ. */
export const preparedKey = (source: string, withLoopGuard: boolean): string => `${withLoopGuard ? "g" : "u"}${source}`;
