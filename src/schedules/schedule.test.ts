import { describe, expect, it } from "vitest";
import { compileSchedule, type Schedule } from "./schedule.js";

function schedule(text: string, zone?: string): Schedule {
  const s = compileSchedule(text, zone);
  if ("error" in s) throw new Error(s.error);
  return s;
}

/** The next `n` times after `from`, as ISO strings (UTC). */
function runs(text: string, zone: string | undefined, from: string, n = 3): string[] {
  const s = schedule(text, zone);
  const out: string[] = [];
  let t: number | undefined = Date.parse(from);
  for (let i = 0; i < n && t !== undefined; i++) {
    t = s.next(t);
    if (t !== undefined) out.push(new Date(t).toISOString().replace(".000Z", "Z"));
  }
  return out;
}

describe("when a schedule fires", () => {
  // 2026-01-01 is a Thursday.
  it.each([
    ["@hourly", ["2026-01-01T01:00:00Z", "2026-01-01T02:00:00Z", "2026-01-01T03:00:00Z"]],
    ["@daily", ["2026-01-02T00:00:00Z", "2026-01-03T00:00:00Z", "2026-01-04T00:00:00Z"]],
    ["@midnight", ["2026-01-02T00:00:00Z", "2026-01-03T00:00:00Z", "2026-01-04T00:00:00Z"]],
    ["@weekly", ["2026-01-04T00:00:00Z", "2026-01-11T00:00:00Z", "2026-01-18T00:00:00Z"]], // Sundays
    ["@monthly", ["2026-02-01T00:00:00Z", "2026-03-01T00:00:00Z", "2026-04-01T00:00:00Z"]],
    ["@yearly", ["2027-01-01T00:00:00Z", "2028-01-01T00:00:00Z", "2029-01-01T00:00:00Z"]],
    ["@annually", ["2027-01-01T00:00:00Z", "2028-01-01T00:00:00Z", "2029-01-01T00:00:00Z"]],
    ["*/20 * * * *", ["2026-01-01T00:20:00Z", "2026-01-01T00:40:00Z", "2026-01-01T01:00:00Z"]],
    ["15 9-10 * * *", ["2026-01-01T09:15:00Z", "2026-01-01T10:15:00Z", "2026-01-02T09:15:00Z"]],
    ["0 12 * * MON-FRI", ["2026-01-01T12:00:00Z", "2026-01-02T12:00:00Z", "2026-01-05T12:00:00Z"]],
    ["0 0 1 FEB,apr *", ["2026-02-01T00:00:00Z", "2026-04-01T00:00:00Z", "2027-02-01T00:00:00Z"]],
    ["0 0 29 2 *", ["2028-02-29T00:00:00Z", "2032-02-29T00:00:00Z", "2036-02-29T00:00:00Z"]],
    // Both day fields restricted: either matches (the 13th, or a Friday).
    ["0 0 13 * 5", ["2026-01-02T00:00:00Z", "2026-01-09T00:00:00Z", "2026-01-13T00:00:00Z"]],
    // A starred day field: only the other one counts (`*/1` keeps the star, `?` is a star).
    ["0 0 13 * *", ["2026-01-13T00:00:00Z", "2026-02-13T00:00:00Z", "2026-03-13T00:00:00Z"]],
    ["0 0 13 * */1", ["2026-01-13T00:00:00Z", "2026-02-13T00:00:00Z", "2026-03-13T00:00:00Z"]],
    ["0 0 ? * 5", ["2026-01-02T00:00:00Z", "2026-01-09T00:00:00Z", "2026-01-16T00:00:00Z"]],
    // A step above 1 drops the star: every other day OR Fridays.
    ["0 0 */10 * 5", ["2026-01-02T00:00:00Z", "2026-01-09T00:00:00Z", "2026-01-11T00:00:00Z"]],
  ])("%s after 2026-01-01T00:00Z (UTC)", (text, expected) => {
    expect(runs(text, "UTC", "2026-01-01T00:00:00Z")).toEqual(expected);
  });

  it("is exclusive of the time it starts from", () => {
    expect(runs("0 * * * *", "UTC", "2026-01-01T01:00:00Z", 1)).toEqual(["2026-01-01T02:00:00Z"]);
  });

  it.each([
    ["Asia/Tokyo", "2026-01-01T00:00:00Z"], // 09:00 +09:00 is midnight UTC
    ["America/New_York", "2025-12-31T14:00:00Z"], // 07:00 there: the same day
  ])("reads the time in the zone: 09:00 in %s is %s", (zone, expected) => {
    expect(runs("0 9 * * *", zone, "2025-12-31T12:00:00Z", 1)).toEqual([expected]);
  });

  it("takes a TZ= prefix over the zone it is given", () => {
    expect(runs("TZ=Asia/Tokyo 0 9 * * *", "America/New_York", "2025-12-31T12:00:00Z", 1)).toEqual(["2026-01-01T00:00:00Z"]);
  });

  it("fires @every from the second it is asked about", () => {
    expect(runs("@every 90s", undefined, "2026-01-01T00:00:00.700Z", 2)).toEqual(["2026-01-01T00:01:30Z", "2026-01-01T00:03:00Z"]);
  });

  it("refuses a zone it does not know", () => {
    expect(compileSchedule("0 * * * *", "Mars/Olympus_Mons")).toEqual({ error: "unknown time zone Mars/Olympus_Mons" });
  });

  it("never fires on a date that does not exist", () => {
    expect(runs("0 0 31 2 *", "UTC", "2026-01-01T00:00:00Z")).toEqual([]);
    expect(runs("0 0 1,,2 * *", "UTC", "2026-01-01T00:00:00Z")).toEqual(["2026-01-02T00:00:00Z", "2026-02-01T00:00:00Z", "2026-02-02T00:00:00Z"]);
  });
});

/**
 * Daylight saving, as robfig/cron (and so Kubernetes and Argo) handles it: schedules are wall
 * times; one that does not exist on the day the clock jumps forward is skipped, one that occurs
 * twice when it falls back fires twice. The Los Angeles rows are Argo's documented table.
 */
describe("daylight-saving changes", () => {
  it.each([
    // Los Angeles, 2020-03-08: 02:00 PST jumps to 03:00 PDT.
    ["59 1 * * *", "2020-03-07T12:00:00Z", ["2020-03-08T01:59:00-08:00", "2020-03-09T01:59:00-07:00", "2020-03-10T01:59:00-07:00"]],
    ["0 2 * * *", "2020-03-07T12:00:00Z", ["2020-03-09T02:00:00-07:00", "2020-03-10T02:00:00-07:00", "2020-03-11T02:00:00-07:00"]],
    ["1 2 * * *", "2020-03-07T12:00:00Z", ["2020-03-09T02:01:00-07:00", "2020-03-10T02:01:00-07:00", "2020-03-11T02:01:00-07:00"]],
    // 2020-11-01: 02:00 PDT falls back to 01:00 PST.
    ["59 1 * * *", "2020-10-31T12:00:00Z", ["2020-11-01T01:59:00-07:00", "2020-11-01T01:59:00-08:00", "2020-11-02T01:59:00-08:00"]],
    ["0 2 * * *", "2020-10-31T12:00:00Z", ["2020-11-01T02:00:00-08:00", "2020-11-02T02:00:00-08:00", "2020-11-03T02:00:00-08:00"]],
    ["1 2 * * *", "2020-10-31T12:00:00Z", ["2020-11-01T02:01:00-08:00", "2020-11-02T02:01:00-08:00", "2020-11-03T02:01:00-08:00"]],
  ])("%s in America/Los_Angeles after %s", (text, from, expected) => {
    expect(runs(text, "America/Los_Angeles", from)).toEqual(expected.map((t) => new Date(t).toISOString().replace(".000Z", "Z")));
  });

  it("runs an hourly schedule on each real hour across both changes", () => {
    // Berlin 2026-03-29: 02:00 CET → 03:00 CEST, so 01:00 and 03:00 local are one hour apart.
    expect(runs("0 * * * *", "Europe/Berlin", "2026-03-28T23:30:00Z")).toEqual(["2026-03-29T00:00:00Z", "2026-03-29T01:00:00Z", "2026-03-29T02:00:00Z"]);
    // 2026-10-25: 03:00 CEST → 02:00 CET: the 02:00 wall hour happens twice.
    expect(runs("0 2 * * *", "Europe/Berlin", "2026-10-24T12:00:00Z")).toEqual(["2026-10-25T00:00:00Z", "2026-10-25T01:00:00Z", "2026-10-26T01:00:00Z"]);
  });

  it("finds the latest time before now across a change too", () => {
    const s = schedule("30 1 * * *", "America/New_York");
    const from = Date.parse("2024-11-02T12:00:00Z");
    expect(new Date(s.latest(from, Date.parse("2024-11-03T06:45:00Z"))!).toISOString()).toBe("2024-11-03T06:30:00.000Z"); // 01:30 EST
    expect(new Date(s.latest(from, Date.parse("2024-11-03T06:15:00Z"))!).toISOString()).toBe("2024-11-03T05:30:00.000Z"); // 01:30 EDT
    expect(s.latest(from, Date.parse("2024-11-03T05:15:00Z"))).toBeUndefined();
  });
});
