import type { Schedule } from "./schedule.js";

/** Above this many unmet schedule times, Kubernetes warns `TooManyMissedTimes` (and still starts the latest). */
export const MISSED_SCHEDULES_LIMIT = 100;

export interface UnmetSchedules {
  /** The most recent schedule time in (from, now]: the one to start now, if any. */
  latest?: number;
  /** How many schedule times fall in (from, now], counted up to MISSED_SCHEDULES_LIMIT + 1. */
  count: number;
}

/**
 * Kubernetes' mostRecentScheduleTime: the schedule times after `from` (the last schedule time, or
 * the creation time, or now − startingDeadlineSeconds if that is later) up to now. Only the latest
 * is started; the count exists for the warning. Kubernetes estimates the count from the first two
 * intervals; this counts exactly, so a schedule with uneven gaps (`0 9 * * 1-5`) is judged by its
 * real number of missed times.
 */
export function unmetSchedules(schedule: Schedule, from: number, now: number): UnmetSchedules {
  let count = 0;
  let latest: number | undefined;
  for (let t = schedule.next(from); t !== undefined && t <= now; t = schedule.next(t)) {
    latest = t;
    if (++count > MISSED_SCHEDULES_LIMIT) {
      latest = schedule.latest(from, now);
      break;
    }
  }
  return latest === undefined ? { count } : { latest, count };
}
