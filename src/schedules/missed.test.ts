import { describe, expect, it } from "vitest";
import { unmetSchedules } from "./missed.js";
import { compileSchedule, type Schedule } from "./schedule.js";

function schedule(text: string): Schedule {
  const s = compileSchedule(text, "UTC");
  if ("error" in s) throw new Error(s.error);
  return s;
}
const at = (iso: string) => Date.parse(iso);
const iso = (t: number | undefined) => (t === undefined ? undefined : new Date(t).toISOString());

describe("unmet schedule times since the last one (Kubernetes' mostRecentScheduleTime)", () => {
  it.each([
    // schedule, from, now, latest, count
    ["0 * * * *", "2026-01-01T00:00:00Z", "2026-01-01T00:59:59Z", undefined, 0],
    ["0 * * * *", "2026-01-01T00:00:00Z", "2026-01-01T01:00:00Z", "2026-01-01T01:00:00.000Z", 1],
    ["0 * * * *", "2026-01-01T00:00:00Z", "2026-01-01T03:30:00Z", "2026-01-01T03:00:00.000Z", 3],
    // 100 missed is still "few"; 101 is "many" (the count stops there).
    ["* * * * *", "2026-01-01T00:00:00Z", "2026-01-01T01:40:00Z", "2026-01-01T01:40:00.000Z", 100],
    ["* * * * *", "2026-01-01T00:00:00Z", "2026-01-01T01:41:00Z", "2026-01-01T01:41:00.000Z", 101],
    ["* * * * *", "2026-01-01T00:00:00Z", "2027-01-01T00:00:30Z", "2027-01-01T00:00:00.000Z", 101],
    // Uneven gaps are counted as they are: Friday 09:00, then Monday 09:00.
    ["0 9 * * 1-5", "2026-01-02T09:00:00Z", "2026-01-06T10:00:00Z", "2026-01-06T09:00:00.000Z", 2],
    ["@every 2s", "2026-01-01T00:00:00.500Z", "2026-01-01T00:00:07Z", "2026-01-01T00:00:06.000Z", 3],
    ["@every 1s", "2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z", "2026-01-02T00:00:00.000Z", 101],
    ["0 0 31 2 *", "2026-01-01T00:00:00Z", "2030-01-01T00:00:00Z", undefined, 0],
  ])("%s from %s to %s: latest %s, %d missed", (text, from, now, latest, count) => {
    const r = unmetSchedules(schedule(text), at(from), at(now));
    expect({ latest: iso(r.latest), count: r.count }).toEqual({ latest, count });
  });
});
