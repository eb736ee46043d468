import { describe, expect, test } from "vitest";
import { stringify } from "yaml";
import type { CronWorkflow } from "../../model/index.js";
import { formatDiagnostic, loadManifests } from "../index.js";

const workflowSpec = { entrypoint: "main", templates: [{ name: "main", container: { image: "alpine", command: ["date"] } }] };

function cronWorkflow(spec: Record<string, unknown> = {}, name = "hourly"): string {
  return stringify({ apiVersion: "argoproj.io/v1alpha1", kind: "CronWorkflow", metadata: { name }, spec: { schedules: ["0 * * * *"], workflowSpec, ...spec } });
}

function problems(text: string): string[] {
  return loadManifests(text, "cwf.yaml").diagnostics.map((d) => `${d.severity === "warning" ? "warning: " : ""}${d.path}: ${d.message}`);
}

function loaded(text: string): CronWorkflow {
  const [sourced] = loadManifests(text, "cwf.yaml").resources;
  return sourced?.resource as CronWorkflow;
}

describe("CronWorkflow defaults", () => {
  test("a minimal CronWorkflow", () => {
    const cwf = loaded(cronWorkflow());
    expect(cwf.spec).toMatchObject({ schedules: ["0 * * * *"], concurrencyPolicy: "Allow", suspend: false, successfulJobsHistoryLimit: 3, failedJobsHistoryLimit: 1 });
    expect(cwf.spec.workflowSpec.entrypoint).toBe("main");
    expect(cwf.spec.workflowSpec.templates[0]!.container!.name).toBe("main");
    expect(cwf.status).toEqual({ active: [], succeeded: 0, failed: 0, phase: "" });
  });

  test("the deprecated schedule, a time zone and workflowMetadata", () => {
    const cwf = loaded(cronWorkflow({ schedules: undefined, schedule: "@daily", timezone: "America/Los_Angeles", workflowMetadata: { labels: { team: "a" } } }));
    expect(cwf.spec).toMatchObject({ schedule: "@daily", timezone: "America/Los_Angeles", workflowMetadata: { labels: { team: "a" }, annotations: {} } });
    expect(cwf.spec.schedules).toBeUndefined();
  });

  test("Argo reads a negative history limit as its default, with a warning here", () => {
    const text = cronWorkflow({ successfulJobsHistoryLimit: -1, failedJobsHistoryLimit: -1 });
    expect(loaded(text).spec).toMatchObject({ successfulJobsHistoryLimit: 3, failedJobsHistoryLimit: 1 });
    expect(problems(text)).toEqual([
      "warning: spec.successfulJobsHistoryLimit: must be >= 0 (got -1): Argo keeps the default (3)",
      "warning: spec.failedJobsHistoryLimit: must be >= 0 (got -1): Argo keeps the default (1)",
    ]);
  });

  test("a CRON_TZ prefix is allowed without timezone, as robfig/cron reads it", () => {
    expect(problems(cronWorkflow({ schedules: ["CRON_TZ=Asia/Tokyo 0 9 * * *"] }))).toEqual([]);
  });
});

describe("CronWorkflow validation, as Argo's ValidateCronWorkflow", () => {
  test.each([
    { name: "no schedule at all", spec: { schedules: undefined }, expected: ["spec.schedules: Required value: either schedule or schedules must be provided"] },
    { name: "both schedule and schedules", spec: { schedule: "@daily" }, expected: ['spec.schedule: may not be set together with "schedules"'] },
    {
      name: "a malformed schedule in the list",
      spec: { schedules: ["@hourly", "0 25 * * *"] },
      expected: ['spec.schedules[1]: Invalid value: "0 25 * * *": end of range (25) above maximum (23): 25'],
    },
    { name: "an unknown time zone", spec: { timezone: "Europe/Pariss" }, expected: ['spec.timezone: Invalid value: "Europe/Pariss": unknown time zone Europe/Pariss'] },
    {
      name: "CRON_TZ with timezone",
      spec: { timezone: "UTC", schedules: ["CRON_TZ=UTC 0 * * * *"] },
      expected: ['spec.schedules[0]: Invalid value: "CRON_TZ=UTC 0 * * * *": cannot use TZ or CRON_TZ in a schedule together with "timezone"'],
    },
    { name: "an unknown policy", spec: { concurrencyPolicy: "Skip" }, expected: ['spec.concurrencyPolicy: Unsupported value: "Skip": supported values: "Allow", "Forbid", "Replace"'] },
    { name: "a negative deadline", spec: { startingDeadlineSeconds: -5 }, expected: ["spec.startingDeadlineSeconds: must be >= 0 (got -5)"] },
    { name: "no workflowSpec", spec: { workflowSpec: undefined }, expected: ["spec.workflowSpec: Required value: a CronWorkflow needs the spec of the Workflows it creates"] },
    { name: "stopStrategy", spec: { stopStrategy: { expression: "cronworkflow.failed >= 3" } }, expected: ['spec.stopStrategy: "stopStrategy" is not supported by Baton: the CronWorkflow would never stop; suspend or delete it instead'] },
  ])("$name", ({ spec, expected }) => {
    expect(problems(cronWorkflow(spec))).toEqual(expected);
  });

  test("a name longer than 52 characters", () => {
    const name = "c".repeat(53);
    expect(problems(cronWorkflow({}, name))).toEqual([`metadata.name: Invalid value: "${name}": must be no more than 52 characters (the Workflows are named <name>-<unix time>)`]);
  });

  test("the workflowSpec is checked by the Workflow's own rules, under spec.workflowSpec", () => {
    const spec = { entrypoint: "nope", templates: [{ name: "main", container: { image: "alpine", command: ["echo", "{{inputs.parameters.x}}"] } }] };
    expect(problems(cronWorkflow({ workflowSpec: spec }))).toEqual([
      'spec.workflowSpec.entrypoint: template "nope" not found',
      'spec.workflowSpec.templates[0].container.command[1]: unknown variable "inputs.parameters.x"',
    ]);
  });

  test("template references are accepted: the plan step resolves them, as in a Workflow", () => {
    const spec = { workflowTemplateRef: { name: "lib" } };
    expect(problems(cronWorkflow({ workflowSpec: spec }))).toEqual([]);
    const steps = { entrypoint: "main", templates: [{ name: "main", steps: [[{ name: "a", templateRef: { name: "lib", template: "echo" } }]] }] };
    expect(problems(cronWorkflow({ workflowSpec: steps }))).toEqual([]);
  });

  test("errors name the file, line and column of the field", () => {
    const text = [
      "apiVersion: argoproj.io/v1alpha1",
      "kind: CronWorkflow",
      "metadata:",
      "  name: hourly",
      "spec:",
      "  schedules:",
      '    - "*/61 * * * *"',
      '    - "@every"',
      "  workflowSpec:",
      "    entrypoint: main",
      "    templates:",
      "      - name: main",
      "        container: {image: alpine, command: [date]}",
      "",
    ].join("\n");
    expect(loadManifests(text, "cwf.yaml").diagnostics.map(formatDiagnostic)).toEqual([
      'cwf.yaml:8:7 spec.schedules[1]: Invalid value: "@every": unrecognized descriptor: @every',
    ]);
  });
});
