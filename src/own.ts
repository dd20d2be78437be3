/**
 * A value stored under a name, and nothing else. Window names, scenario ids and the like come
 * from scenarios, links and sandboxes: a plain `record[name]` for a name that was never stored
 * finds Object.prototype's members ("constructor", "toString", "__proto__") instead.
 */
export function own<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}
