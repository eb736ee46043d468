/**
 * Memoises a parser by its input text. Workflows repeat the same strings across thousands of nodes, so most calls hit;
 * the map is dropped whole when it grows past `limit`, which keeps memory bounded without bookkeeping per entry.
 */
export function cachedBy<T>(parse: (text: string) => T, limit = 10_000): (text: string) => T {
  let cache = new Map<string, T>();
  return (text) => {
    let value = cache.get(text);
    if (value === undefined) {
      value = parse(text);
      if (cache.size >= limit) cache = new Map();
      cache.set(text, value);
    }
    return value;
  };
}
