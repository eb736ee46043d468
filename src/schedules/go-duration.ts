/**
 * Go's time.ParseDuration, which robfig/cron uses for `@every <duration>`: a sign, then one or more
 * decimal numbers each with a unit (ns, us, µs, ms, s, m, h); "0" alone needs no unit. Returns
 * milliseconds, or Go's error message.
 */
const unitMs: Record<string, number> = { ns: 1e-6, us: 1e-3, "µs": 1e-3, "μs": 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

export function parseGoDuration(text: string): { ms: number } | { error: string } {
  const quoted = JSON.stringify(text);
  let rest = text;
  let sign = 1;
  if (rest.startsWith("-") || rest.startsWith("+")) {
    sign = rest.startsWith("-") ? -1 : 1;
    rest = rest.slice(1);
  }
  if (rest === "0") return { ms: 0 };
  if (rest === "") return { error: `time: invalid duration ${quoted}` };
  let total = 0;
  while (rest !== "") {
    const number = /^(\d*)(\.\d*)?/.exec(rest)![0];
    if (number === "" || number === ".") return { error: `time: invalid duration ${quoted}` };
    rest = rest.slice(number.length);
    const unit = /^[^\d.]*/.exec(rest)![0];
    if (unit === "") return { error: `time: missing unit in duration ${quoted}` };
    const ms = unitMs[unit];
    if (ms === undefined) return { error: `time: unknown unit ${JSON.stringify(unit)} in duration ${quoted}` };
    total += Number(number) * ms;
    rest = rest.slice(unit.length);
  }
  return { ms: sign * total };
}
