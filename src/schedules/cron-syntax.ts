import { parseGoDuration } from "./go-duration.js";
import { timeZoneProblem } from "./time-zones.js";

/**
 * The cron syntax Kubernetes and Argo accept: robfig/cron v3's standard parser (`cron.ParseStandard`),
 * rule for rule, with its error messages. Five fields (minute hour day-of-month month day-of-week) with
 * `*`, `?`, lists, ranges, steps and JAN–DEC / SUN–SAT names; the descriptors `@yearly @annually
 * @monthly @weekly @daily @midnight @hourly` and `@every <duration>`; an optional `TZ=` or `CRON_TZ=`
 * prefix. No seconds field, no `L`, `W` or `#`, and day-of-week 7 is out of range, as in robfig.
 */

export interface CronField {
  values: number[];
  /** robfig's "star bit": the field was `*` or `?` without a step above 1. */
  star: boolean;
}

export interface CronFields {
  minute: CronField;
  hour: CronField;
  dayOfMonth: CronField;
  month: CronField;
  dayOfWeek: CronField;
}

export type CronSyntax =
  | { kind: "fields"; location?: string; fields: CronFields }
  /** `@every`: a fixed delay, in whole seconds of at least one. */
  | { kind: "every"; location?: string; delayMs: number };

interface Bounds {
  min: number;
  max: number;
  names?: Record<string, number>;
}

const months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
const days = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];
const bounds = {
  minute: { min: 0, max: 59 },
  hour: { min: 0, max: 23 },
  dayOfMonth: { min: 1, max: 31 },
  month: { min: 1, max: 12, names: Object.fromEntries(months.map((m, i) => [m, i + 1])) },
  dayOfWeek: { min: 0, max: 6, names: Object.fromEntries(days.map((d, i) => [d, i])) },
} satisfies Record<keyof CronFields, Bounds>;

const every = (b: Bounds): CronField => ({ values: range(b.min, b.max, 1), star: true });
const only = (value: number): CronField => ({ values: [value], star: false });
const midnight = { minute: only(0), hour: only(0) };
const descriptors: Record<string, CronFields> = {
  "@yearly": { ...midnight, dayOfMonth: only(1), month: only(1), dayOfWeek: every(bounds.dayOfWeek) },
  "@monthly": { ...midnight, dayOfMonth: only(1), month: every(bounds.month), dayOfWeek: every(bounds.dayOfWeek) },
  "@weekly": { ...midnight, dayOfMonth: every(bounds.dayOfMonth), month: every(bounds.month), dayOfWeek: only(0) },
  "@daily": { ...midnight, dayOfMonth: every(bounds.dayOfMonth), month: every(bounds.month), dayOfWeek: every(bounds.dayOfWeek) },
  "@hourly": { minute: only(0), hour: every(bounds.hour), dayOfMonth: every(bounds.dayOfMonth), month: every(bounds.month), dayOfWeek: every(bounds.dayOfWeek) },
};
descriptors["@annually"] = descriptors["@yearly"]!;
descriptors["@midnight"] = descriptors["@daily"]!;

export function parseCronSyntax(text: string): { syntax: CronSyntax } | { error: string } {
  if (text.length === 0) return { error: "empty spec string" };
  let spec = text;
  let location: string | undefined;
  if (spec.startsWith("TZ=") || spec.startsWith("CRON_TZ=")) {
    const space = spec.indexOf(" ");
    location = spec.slice(spec.indexOf("=") + 1, space < 0 ? undefined : space);
    const problem = timeZoneProblem(location);
    if (problem !== undefined) return { error: `provided bad location ${location}: ${problem}` };
    spec = space < 0 ? "" : spec.slice(space).trim();
  }
  const at = location === undefined ? {} : { location };
  if (spec.startsWith("@")) return descriptor(spec, at);
  const words = spec.split(/\s+/).filter((w) => w !== "");
  if (words.length !== 5) return { error: `expected exactly 5 fields, found ${words.length}: [${words.join(" ")}]` };
  const names = ["minute", "hour", "dayOfMonth", "month", "dayOfWeek"] as const;
  const fields: Partial<CronFields> = {};
  for (const [i, name] of names.entries()) {
    const field = parseField(words[i]!, bounds[name]);
    if ("error" in field) return field;
    fields[name] = field;
  }
  return { syntax: { kind: "fields", ...at, fields: fields as CronFields } };
}

function descriptor(spec: string, at: { location?: string }): { syntax: CronSyntax } | { error: string } {
  const fields = descriptors[spec];
  if (fields !== undefined) return { syntax: { kind: "fields", ...at, fields } };
  if (!spec.startsWith("@every ")) return { error: `unrecognized descriptor: ${spec}` };
  const duration = parseGoDuration(spec.slice("@every ".length));
  if ("error" in duration) return { error: `failed to parse duration ${spec}: ${duration.error}` };
  // robfig: at least a second, and whole seconds (the rest is dropped).
  const delayMs = duration.ms < 1000 ? 1000 : duration.ms - (duration.ms % 1000);
  return { syntax: { kind: "every", ...at, delayMs } };
}

/** A comma-separated list of ranges; empty items are skipped, as Go's strings.FieldsFunc does. */
function parseField(text: string, b: Bounds): CronField | { error: string } {
  const values = new Set<number>();
  let star = false;
  for (const expr of text.split(",").filter((e) => e !== "")) {
    const r = parseRange(expr, b);
    if ("error" in r) return r;
    for (const v of r.values) values.add(v);
    star ||= r.star;
  }
  return { values: [...values].sort((x, y) => x - y), star };
}

function parseRange(expr: string, b: Bounds): CronField | { error: string } {
  const rangeAndStep = expr.split("/");
  const lowAndHigh = rangeAndStep[0]!.split("-");
  let start: number;
  let end: number;
  let star = false;
  if (lowAndHigh[0] === "*" || lowAndHigh[0] === "?") {
    [start, end, star] = [b.min, b.max, true];
  } else {
    const low = parseIntOrName(lowAndHigh[0]!, b.names);
    if (typeof low !== "number") return low;
    start = end = low;
    if (lowAndHigh.length === 2) {
      const high = parseIntOrName(lowAndHigh[1]!, b.names);
      if (typeof high !== "number") return high;
      end = high;
    } else if (lowAndHigh.length > 2) return { error: `too many hyphens: ${expr}` };
  }
  let step = 1;
  if (rangeAndStep.length === 2) {
    const parsed = parseInt(rangeAndStep[1]!);
    if (typeof parsed !== "number") return parsed;
    step = parsed;
    // "N/step" means "N-max/step".
    if (lowAndHigh.length === 1) end = b.max;
    if (step > 1) star = false;
  } else if (rangeAndStep.length > 2) return { error: `too many slashes: ${expr}` };
  if (start < b.min) return { error: `beginning of range (${start}) below minimum (${b.min}): ${expr}` };
  if (end > b.max) return { error: `end of range (${end}) above maximum (${b.max}): ${expr}` };
  if (start > end) return { error: `beginning of range (${start}) beyond end of range (${end}): ${expr}` };
  if (step === 0) return { error: `step of range should be a positive number: ${expr}` };
  return { values: range(start, end, step), star };
}

function parseIntOrName(expr: string, names: Record<string, number> | undefined): number | { error: string } {
  const named = names?.[expr.toLowerCase()];
  return named ?? parseInt(expr);
}

/** Go's strconv.Atoi, then robfig's refusal of negative numbers. */
function parseInt(expr: string): number | { error: string } {
  if (!/^[-+]?\d+$/.test(expr)) return { error: `failed to parse int from ${expr}: strconv.Atoi: parsing ${JSON.stringify(expr)}: invalid syntax` };
  const n = Number(expr);
  if (n < 0) return { error: `negative number (${n}) not allowed: ${expr}` };
  return n;
}

function range(start: number, end: number, step: number): number[] {
  const out: number[] = [];
  for (let v = start; v <= end; v += step) out.push(v);
  return out;
}
