/**
 * Milliseconds of a Go-style duration such as `100ms`, `2s`, `1m30s` or `1.5h` (units ms, s, m, h), or
 * undefined when the text is not one. A leading sign is allowed, as in Go; callers decide what is positive.
 */
export function parseDuration(text: string): number | undefined {
  const match = /^([-+]?)((?:(?:\d+\.?\d*|\.\d+)(?:ms|s|m|h))+)$/.exec(text);
  if (match === null) return undefined;
  const [, sign, body = ""] = match;
  let total = 0;
  for (const part of body.matchAll(/(\d+\.?\d*|\.\d+)(ms|s|m|h)/g)) {
    total += Number(part[1]) * unitMilliseconds[part[2] as Unit];
  }
  return sign === "-" ? -total : total;
}

type Unit = "ms" | "s" | "m" | "h";
const unitMilliseconds: Record<Unit, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Argo's durations in milliseconds: "30s", "2m", "1h30m", or a plain number of seconds; undefined if neither. */
export function argoDurationMs(text: string): number | undefined {
  return /^\d+(\.\d+)?$/.test(text.trim()) ? Number(text) * 1000 : parseDuration(text.trim());
}
