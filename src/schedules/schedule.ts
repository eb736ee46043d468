import { Cron } from "croner";
import { parseCronSyntax, type CronField, type CronFields, type CronSyntax } from "./cron-syntax.js";
import { timeZoneProblem } from "./time-zones.js";

/** A parsed schedule in its time zone: the times it fires, in ms since the epoch. */
export interface Schedule {
  /** The first time strictly after `after`; undefined if the schedule never fires (`0 0 31 2 *`). */
  next(after: number): number | undefined;
  /** The last time in (from, to]; undefined if there is none. */
  latest(from: number, to: number): number | undefined;
}

const cache = new Map<string, Schedule | { error: string }>();

/**
 * Compiles a schedule as Kubernetes or Argo would run it: `zone` is the CronJob's `timeZone` or the
 * CronWorkflow's `timezone`; a `TZ=` prefix in the text wins over it (Kubernetes keeps such a
 * schedule as written); neither means the engine's local time zone. Compiled schedules are cached.
 */
export function compileSchedule(text: string, zone?: string): Schedule | { error: string } {
  const key = `${zone ?? ""}\n${text}`;
  let compiled = cache.get(key);
  if (compiled === undefined) {
    const parsed = parseCronSyntax(text);
    const problem = zone === undefined ? undefined : timeZoneProblem(zone);
    compiled = "error" in parsed ? parsed : problem !== undefined ? { error: problem } : build(parsed.syntax, parsed.syntax.location ?? zone);
    if (cache.size >= 1000) cache.clear();
    cache.set(key, compiled);
  }
  return compiled;
}

function build(syntax: CronSyntax, zone: string | undefined): Schedule {
  if (syntax.kind === "every") return everySchedule(syntax.delayMs);
  const fields = syntax.fields;
  if (Object.values(fields).some((f: CronField) => f.values.length === 0)) return never;
  const timezone = zone === undefined || zone === "" || zone === "Local" ? undefined : zone;
  const cron = new Cron(cronerPattern(fields), { mode: "6-part", domAndDow: false, ...(timezone ? { timezone } : {}) });
  return {
    next: (after) => cron.nextRun(new Date(after))?.getTime(),
    latest(from, to) {
      const t = cron.previousRuns(1, new Date(to + 1))[0]?.getTime();
      return t !== undefined && t > from ? t : undefined;
    },
  };
}

/**
 * robfig's rules written for croner. A starred day field is written `*`, so that day-of-month and
 * day-of-week combine as robfig combines them: with AND when either is starred, else with OR.
 * The seconds field is `*∕60` (second 0) rather than `0` on purpose: croner then treats every
 * schedule as an "interval" job across daylight-saving changes, which is robfig's behaviour —
 * a wall time that does not exist that day is skipped, one that occurs twice fires twice. With
 * a plain `0`, croner would move a fixed time out of the gap and fire a repeated one once.
 */
function cronerPattern(f: CronFields): string {
  const text = (field: CronField) => (field.star ? "*" : field.values.join(","));
  return ["*/60", text(f.minute), text(f.hour), text(f.dayOfMonth), text(f.month), text(f.dayOfWeek)].join(" ");
}

/** robfig's ConstantDelaySchedule: the time truncated to the second, plus the delay. */
function everySchedule(delayMs: number): Schedule {
  const base = (t: number) => Math.floor(t / 1000) * 1000;
  return {
    next: (after) => base(after) + delayMs,
    latest(from, to) {
      const k = Math.floor((to - base(from)) / delayMs);
      return k >= 1 ? base(from) + k * delayMs : undefined;
    },
  };
}

const never: Schedule = { next: () => undefined, latest: () => undefined };
