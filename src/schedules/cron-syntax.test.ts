import { describe, expect, it } from "vitest";
import { parseCronSyntax, type CronFields } from "./cron-syntax.js";

function fields(text: string): CronFields {
  const r = parseCronSyntax(text);
  if ("error" in r) throw new Error(r.error);
  if (r.syntax.kind !== "fields") throw new Error("not a field schedule");
  return r.syntax.fields;
}

const span = (a: number, b: number, step = 1) => Array.from({ length: Math.floor((b - a) / step) + 1 }, (_, i) => a + i * step);

describe("robfig/cron's standard syntax", () => {
  it.each([
    ["0 * * * *", "minute", [0]],
    ["*/15 * * * *", "minute", [0, 15, 30, 45]],
    ["5-20/5 * * * *", "minute", [5, 10, 15, 20]],
    ["10/20 * * * *", "minute", [10, 30, 50]], // N/step means N-max/step
    ["1,3,3,2 * * * *", "minute", [1, 2, 3]],
    ["0 9-17 * * *", "hour", span(9, 17)],
    ["0 0 ? * *", "dayOfMonth", span(1, 31)],
    ["0 0 1 JAN-MAR *", "month", [1, 2, 3]],
    ["0 0 1 jun,Dec *", "month", [6, 12]],
    ["0 0 * * MON-FRI", "dayOfWeek", [1, 2, 3, 4, 5]],
    ["0 0 * * sun,sat", "dayOfWeek", [0, 6]],
    ["0 0 * * */2", "dayOfWeek", [0, 2, 4, 6]],
    ["0 0 * * +1", "dayOfWeek", [1]],
    ["0 0 1,,15 * *", "dayOfMonth", [1, 15]],
  ] as const)("%s: %s is %j", (text, field, values) => {
    expect(fields(text)[field].values).toEqual(values);
  });

  it.each([
    ["0 0 * * *", { dayOfMonth: true, dayOfWeek: true }],
    ["0 0 ? * ?", { dayOfMonth: true, dayOfWeek: true }],
    ["0 0 */1 * *", { dayOfMonth: true, dayOfWeek: true }], // a step of 1 keeps the star
    ["0 0 */2 * *", { dayOfMonth: false, dayOfWeek: true }], // a larger step drops it
    ["0 0 1-31 * 1", { dayOfMonth: false, dayOfWeek: false }],
  ])("%s: the star of the day fields is %j", (text, stars) => {
    const f = fields(text);
    expect({ dayOfMonth: f.dayOfMonth.star, dayOfWeek: f.dayOfWeek.star }).toEqual(stars);
  });

  it.each([
    ["@yearly", { minute: [0], hour: [0], dayOfMonth: [1], month: [1] }],
    ["@annually", { minute: [0], hour: [0], dayOfMonth: [1], month: [1] }],
    ["@monthly", { minute: [0], hour: [0], dayOfMonth: [1], month: span(1, 12) }],
    ["@weekly", { minute: [0], hour: [0], dayOfWeek: [0] }],
    ["@daily", { minute: [0], hour: [0], dayOfMonth: span(1, 31) }],
    ["@midnight", { minute: [0], hour: [0], dayOfMonth: span(1, 31) }],
    ["@hourly", { minute: [0], hour: span(0, 23) }],
  ])("descriptor %s", (text, expected) => {
    const f = fields(text);
    for (const [name, values] of Object.entries(expected)) expect(f[name as keyof CronFields].values).toEqual(values);
  });

  it.each([
    ["@every 2s", 2000],
    ["@every 1m30s", 90_000],
    ["@every 1.5h", 5_400_000],
    ["@every 1500ms", 1000], // whole seconds: the rest is dropped
    ["@every 10ms", 1000], // at least one second
    ["@every 0", 1000],
  ])("%s fires every %d ms", (text, delayMs) => {
    expect(parseCronSyntax(text)).toEqual({ syntax: { kind: "every", delayMs } });
  });

  it.each([
    ["TZ=Europe/Paris 0 6 * * *", "Europe/Paris"],
    ["CRON_TZ=America/New_York @daily", "America/New_York"],
  ])("%s is read in %s", (text, location) => {
    const r = parseCronSyntax(text);
    expect("syntax" in r && r.syntax.location).toBe(location);
  });

  it.each([
    ["", "empty spec string"],
    ["* * * *", "expected exactly 5 fields, found 4: [* * * *]"],
    ["0 0 * * * *", "expected exactly 5 fields, found 6: [0 0 * * * *]"],
    [" @hourly", "expected exactly 5 fields, found 1: [@hourly]"],
    ["@hourly ", "unrecognized descriptor: @hourly "],
    ["@Hourly", "unrecognized descriptor: @Hourly"],
    ["@reboot", "unrecognized descriptor: @reboot"],
    ["@every", "unrecognized descriptor: @every"],
    ["@every 5", 'failed to parse duration @every 5: time: missing unit in duration "5"'],
    ["@every 2d", 'failed to parse duration @every 2d: time: unknown unit "d" in duration "2d"'],
    ["60 * * * *", "end of range (60) above maximum (59): 60"],
    ["* 24 * * *", "end of range (24) above maximum (23): 24"],
    ["0 0 0 * *", "beginning of range (0) below minimum (1): 0"],
    ["0 0 * 13 *", "end of range (13) above maximum (12): 13"],
    ["0 0 * * 7", "end of range (7) above maximum (6): 7"],
    ["0 0 * * SUN-7", "end of range (7) above maximum (6): SUN-7"],
    ["30-10 * * * *", "beginning of range (30) beyond end of range (10): 30-10"],
    ["*/0 * * * *", "step of range should be a positive number: */0"],
    ["1-2-3 * * * *", "too many hyphens: 1-2-3"],
    ["*/2/3 * * * *", "too many slashes: */2/3"],
    ["-5 * * * *", 'failed to parse int from : strconv.Atoi: parsing "": invalid syntax'],
    ["0 0 * * MONDAY", 'failed to parse int from MONDAY: strconv.Atoi: parsing "MONDAY": invalid syntax'],
    ["0 0 L * *", 'failed to parse int from L: strconv.Atoi: parsing "L": invalid syntax'],
    ["0 0 * * 1#2", 'failed to parse int from 1#2: strconv.Atoi: parsing "1#2": invalid syntax'],
    ["TZ=Mars/Olympus 0 * * * *", "provided bad location Mars/Olympus: unknown time zone Mars/Olympus"],
  ])("%j is refused: %s", (text, error) => {
    expect(parseCronSyntax(text)).toEqual({ error });
  });
});
