import { describe, expect, it } from "vitest";
import { formatRfc3339, timeZoneProblem } from "./time-zones.js";

describe("time zones", () => {
  it.each([
    ["America/New_York", undefined],
    ["UTC", undefined],
    ["Etc/UTC", undefined],
    ["US/Eastern", undefined],
    ["Europe/Kyiv", undefined],
    ["Mars/Olympus_Mons", "unknown time zone Mars/Olympus_Mons"],
    ["america/new_york", "unknown time zone america/new_york"],
    ["+01:00", "unknown time zone +01:00"],
  ])("%s: %s", (zone, problem) => {
    expect(timeZoneProblem(zone)).toBe(problem);
  });

  it.each([
    [undefined, "2026-07-01T12:34:56Z"],
    ["UTC", "2026-07-01T12:34:56Z"],
    ["America/New_York", "2026-07-01T08:34:56-04:00"],
    ["Asia/Kolkata", "2026-07-01T18:04:56+05:30"],
    ["Europe/London", "2026-07-01T13:34:56+01:00"],
  ])("RFC 3339 in %s: %s", (zone, text) => {
    expect(formatRfc3339(Date.parse("2026-07-01T12:34:56.789Z"), zone)).toBe(text);
  });

  it("writes Z for a zero offset in any zone, as Go does", () => {
    expect(formatRfc3339(Date.parse("2026-01-15T08:00:00Z"), "Europe/London")).toBe("2026-01-15T08:00:00Z");
  });
});
