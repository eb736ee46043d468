import { describe, expect, test } from "vitest";
import { stringify } from "yaml";
import type { CronJob } from "../../model/index.js";
import { formatDiagnostic, loadManifests } from "../index.js";

const jobTemplate = { spec: { template: { spec: { containers: [{ name: "main", command: ["date"] }], restartPolicy: "OnFailure" } } } };

/** A valid CronJob, with the given fields of its spec replaced. */
function cronJob(spec: Record<string, unknown> = {}, name = "nightly"): string {
  return stringify({ apiVersion: "batch/v1", kind: "CronJob", metadata: { name }, spec: { schedule: "0 3 * * *", jobTemplate, ...spec } });
}

function problems(text: string): string[] {
  return loadManifests(text, "cron.yaml").diagnostics.map((d) => `${d.severity === "warning" ? "warning: " : ""}${d.path}: ${d.message}`);
}

describe("CronJob defaults", () => {
  test("a minimal CronJob", () => {
    const [sourced] = loadManifests(cronJob(), "cron.yaml").resources;
    const cj = sourced?.resource as CronJob;
    expect(cj.kind).toBe("CronJob");
    expect(cj.spec).toMatchObject({
      schedule: "0 3 * * *",
      concurrencyPolicy: "Allow",
      suspend: false,
      successfulJobsHistoryLimit: 3,
      failedJobsHistoryLimit: 1,
      jobTemplate: { metadata: { labels: {}, annotations: {} }, spec: { parallelism: 1, completions: 1, backoffLimit: 6 } },
    });
    expect(cj.spec.timeZone).toBeUndefined();
    expect(cj.spec.startingDeadlineSeconds).toBeUndefined();
    expect(cj.status).toEqual({ active: [] });
  });

  test("explicit fields stay", () => {
    const spec = { timeZone: "Europe/Paris", startingDeadlineSeconds: 200, concurrencyPolicy: "Forbid", suspend: true, successfulJobsHistoryLimit: 0, failedJobsHistoryLimit: 5 };
    const [sourced] = loadManifests(cronJob(spec), "cron.yaml").resources;
    expect((sourced?.resource as CronJob).spec).toMatchObject(spec);
  });

  test.each(["@hourly", "@daily", "@weekly", "@monthly", "@yearly", "@annually", "@midnight", "@every 90s", "*/5 9-17 * JAN-MAR MON-FRI", "0 0 ? * *"])("%s is a valid schedule", (schedule) => {
    expect(problems(cronJob({ schedule }))).toEqual([]);
  });
});

describe("CronJob validation, as Kubernetes' ValidateCronJobCreate", () => {
  test.each([
    { name: "no schedule", spec: { schedule: "" }, expected: ["spec.schedule: Required value"] },
    { name: "six fields", spec: { schedule: "0 0 3 * * *" }, expected: ['spec.schedule: Invalid value: "0 0 3 * * *": expected exactly 5 fields, found 6: [0 0 3 * * *]'] },
    { name: "minute 60", spec: { schedule: "60 * * * *" }, expected: ['spec.schedule: Invalid value: "60 * * * *": end of range (60) above maximum (59): 60'] },
    { name: "day-of-week 7", spec: { schedule: "0 0 * * 7" }, expected: ['spec.schedule: Invalid value: "0 0 * * 7": end of range (7) above maximum (6): 7'] },
    { name: "an unknown descriptor", spec: { schedule: "@reboot" }, expected: ['spec.schedule: Invalid value: "@reboot": unrecognized descriptor: @reboot'] },
    {
      name: "CRON_TZ in the schedule",
      spec: { schedule: "CRON_TZ=UTC 0 3 * * *" },
      expected: ['spec.schedule: Invalid value: "CRON_TZ=UTC 0 3 * * *": cannot use TZ or CRON_TZ in schedule, use timeZone field instead'],
    },
    {
      name: "TZ in the schedule",
      spec: { schedule: "TZ=UTC 0 3 * * *" },
      expected: ['spec.schedule: Invalid value: "TZ=UTC 0 3 * * *": cannot use TZ or CRON_TZ in schedule, use timeZone field instead'],
    },
    { name: "an unknown time zone", spec: { timeZone: "Europe/Pariss" }, expected: ['spec.timeZone: Invalid value: "Europe/Pariss": unknown time zone Europe/Pariss'] },
    { name: "an empty time zone", spec: { timeZone: "" }, expected: ['spec.timeZone: Invalid value: "": timeZone must be nil or non-empty string'] },
    {
      name: "Local",
      spec: { timeZone: "Local" },
      expected: ['spec.timeZone: Invalid value: "Local": timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones'],
    },
    { name: "a negative deadline", spec: { startingDeadlineSeconds: -1 }, expected: ["spec.startingDeadlineSeconds: must be >= 0 (got -1)"] },
    { name: "a negative success history", spec: { successfulJobsHistoryLimit: -1 }, expected: ["spec.successfulJobsHistoryLimit: must be >= 0 (got -1)"] },
    { name: "a negative failure history", spec: { failedJobsHistoryLimit: -2 }, expected: ["spec.failedJobsHistoryLimit: must be >= 0 (got -2)"] },
    {
      name: "an unknown concurrency policy",
      spec: { concurrencyPolicy: "Queue" },
      expected: ['spec.concurrencyPolicy: Unsupported value: "Queue": supported values: "Allow", "Forbid", "Replace"'],
    },
    { name: "no jobTemplate", spec: { jobTemplate: undefined }, expected: ["spec.jobTemplate: Required value: a CronJob needs a Job template"] },
    { name: "a date that never comes", spec: { schedule: "0 0 30 2 *" }, expected: ['warning: spec.schedule: Invalid value: "0 0 30 2 *": this schedule never fires (no such date)'] },
  ])("$name", ({ spec, expected }) => {
    expect(problems(cronJob(spec))).toEqual(expected);
  });

  test("a name longer than 52 characters", () => {
    expect(problems(cronJob({}, "a".repeat(53)))).toEqual([`metadata.name: Invalid value: "${"a".repeat(53)}": must be no more than 52 characters`]);
  });

  test("the Job template is checked by the Job's own rules, under spec.jobTemplate.spec", () => {
    const template = { spec: { containers: [{ name: "main", command: ["date"] }], restartPolicy: "Always" } };
    const bad = { jobTemplate: { spec: { parallelism: -1, completionMode: "Indexed", template, selector: { matchLabels: { a: "b" } } } } };
    // In file order: a missing field is reported where its parent is.
    expect(problems(cronJob(bad))).toEqual([
      "spec.jobTemplate.spec.completions: Required value: when completion mode is Indexed",
      "spec.jobTemplate.spec.parallelism: must be >= 0 (got -1)",
      'spec.jobTemplate.spec.template.spec.restartPolicy: Unsupported value: "Always": supported values: "OnFailure", "Never"',
      'spec.jobTemplate.spec.selector: Invalid value: {"matchLabels":{"a":"b"}}: `selector` will be auto-generated',
    ]);
  });

  test("errors name the file, line and column of the field", () => {
    const text = [
      "apiVersion: batch/v1",
      "kind: CronJob",
      "metadata:",
      "  name: nightly",
      "spec:",
      '  schedule: "0 3 * * 8"',
      "  timeZone: Mars/Olympus",
      "  jobTemplate:",
      "    spec:",
      "      backoffLimit: -1",
      "      template:",
      "        spec:",
      "          restartPolicy: Never",
      "          containers: [{name: main, command: [date]}]",
      "",
    ].join("\n");
    expect(loadManifests(text, "cron.yaml").diagnostics.map(formatDiagnostic)).toEqual([
      'cron.yaml:6:13 spec.schedule: Invalid value: "0 3 * * 8": end of range (8) above maximum (6): 8',
      'cron.yaml:7:13 spec.timeZone: Invalid value: "Mars/Olympus": unknown time zone Mars/Olympus',
      "cron.yaml:10:21 spec.jobTemplate.spec.backoffLimit: must be >= 0 (got -1)",
    ]);
  });
});
