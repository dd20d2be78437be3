/**
 * A result kept for each of the last few texts it was made from. Parsing a script is the host
 * page's costliest step for a big one (a 200,000-character script takes acorn 100 ms or more), and
 * one run asks about the same script several times: the run's syntax check, each document's init,
 * the check of its hello; a rerun asks again. Keyed by the whole text, so a result is never stale.
 */
export function recentTexts<T>(size: number): (text: string, make: (text: string) => T) => T {
  const kept = new Map<string, T>();
  return (text, make) => {
    if (kept.has(text)) {
      const value = kept.get(text) as T;
      // Most recent last: the oldest goes first when the map is full.
      kept.delete(text);
      kept.set(text, value);
      return value;
    }
    const value = make(text);
    kept.set(text, value);
    if (kept.size > size) kept.delete(kept.keys().next().value as string);
    return value;
  };
}
