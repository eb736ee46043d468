import { describe, expect, test } from "vitest";
import { stringify } from "yaml";
import type { Job, JobSpec } from "../../model/index.js";
import { loadManifests } from "../index.js";

const main = { name: "main", command: ["sh", "-c", "true"] };

/** A valid Job, with the given fields of its spec and of its template's pod spec replaced. */
function job(spec: Record<string, unknown> = {}, podSpec: Record<string, unknown> = {}, name = "j"): string {
  const template = { spec: { containers: [main], restartPolicy: "Never", ...podSpec } };
  return stringify({ apiVersion: "batch/v1", kind: "Job", metadata: { name }, spec: { template, ...spec } });
}

function errors(text: string): string[] {
  return loadManifests(text, "job.yaml").diagnostics.map((d) => `${d.severity === "warning" ? "warning: " : ""}${d.path}: ${d.message}`);
}

function loadedSpec(text: string): JobSpec | undefined {
  const [sourced] = loadManifests(text, "job.yaml").resources;
  return (sourced?.resource as Job | undefined)?.spec;
}

describe("Job defaults", () => {
  test("a minimal Job", () => {
    const [sourced] = loadManifests(job(), "job.yaml").resources;
    expect(sourced?.resource).toEqual({
      apiVersion: "batch/v1",
      kind: "Job",
      metadata: { name: "j", namespace: "default", uid: "", labels: {}, annotations: {} },
      spec: {
        parallelism: 1,
        completions: 1,
        completionMode: "NonIndexed",
        backoffLimit: 6,
        suspend: false,
        podReplacementPolicy: "TerminatingOrFailed",
        template: {
          metadata: { labels: {}, annotations: {} },
          spec: { containers: [main], restartPolicy: "Never", terminationGracePeriodSeconds: 30 },
        },
      },
      status: { conditions: [], active: 0, ready: 0, terminating: 0, succeeded: 0, failed: 0 },
    } satisfies Job);
  });

  const policy = { rules: [{ action: "FailJob", onExitCodes: { operator: "In", values: [42] } }] };
  test.each([
    { name: "completions only", spec: { completions: 3 }, expected: { completions: 3, parallelism: 1 } },
    { name: "parallelism only is the work-queue mode", spec: { parallelism: 3 }, expected: { completions: undefined, parallelism: 3 } },
    { name: "backoffLimitPerIndex lifts backoffLimit", spec: { completionMode: "Indexed", completions: 2, backoffLimitPerIndex: 1 }, expected: { backoffLimit: 2147483647 } },
    { name: "an explicit backoffLimit stays", spec: { completionMode: "Indexed", completions: 2, backoffLimitPerIndex: 1, backoffLimit: 3 }, expected: { backoffLimit: 3 } },
    { name: "podFailurePolicy makes replacement wait for Failed", spec: { podFailurePolicy: policy }, expected: { podReplacementPolicy: "Failed" } },
    { name: "suspend", spec: { suspend: true }, expected: { suspend: true } },
    {
      name: "onPodConditions status defaults to True",
      spec: { podFailurePolicy: { rules: [{ action: "Ignore", onPodConditions: [{ type: "DisruptionTarget" }] }] } },
      expected: { podFailurePolicy: { rules: [{ action: "Ignore", onPodConditions: [{ type: "DisruptionTarget", status: "True" }] }] } },
    },
  ])("$name", ({ spec, expected }) => {
    const loaded = loadedSpec(job(spec));
    expect(loaded).toBeDefined();
    for (const [key, value] of Object.entries(expected)) expect(loaded?.[key as keyof JobSpec]).toEqual(value);
  });

  test("template metadata is kept, with empty labels and annotations by default", () => {
    const text = stringify({
      apiVersion: "batch/v1",
      kind: "Job",
      metadata: { name: "j" },
      spec: { template: { metadata: { name: "any_name", labels: { app: "x" } }, spec: { containers: [main], restartPolicy: "OnFailure" } } },
    });
    expect(loadedSpec(text)?.template.metadata).toEqual({ name: "any_name", labels: { app: "x" }, annotations: {} });
  });
});

describe("Job validation", () => {
  test.each([
    { name: "negative counts", spec: { parallelism: -1, completions: -2, backoffLimit: -3, ttlSecondsAfterFinished: -4 }, expected: [
      "spec.parallelism: must be >= 0 (got -1)",
      "spec.completions: must be >= 0 (got -2)",
      "spec.backoffLimit: must be >= 0 (got -3)",
      "spec.ttlSecondsAfterFinished: must be >= 0 (got -4)",
    ] },
    { name: "a zero deadline", spec: { activeDeadlineSeconds: 0 }, expected: ["spec.activeDeadlineSeconds: must be > 0 (got 0)"] },
    { name: "a fractional count", spec: { parallelism: 1.5 }, expected: ["spec.parallelism: must be an integer (got 1.5)"] },
    { name: "an int32 overflow", spec: { completions: 2 ** 31 }, expected: ["spec.completions: must be a 32-bit integer (got 2147483648)"] },
    { name: "an unknown completionMode", spec: { completionMode: "Ordered" }, expected: ['spec.completionMode: Unsupported value: "Ordered": supported values: "NonIndexed", "Indexed"'] },
    { name: "Indexed without completions", spec: { completionMode: "Indexed", parallelism: 2 }, expected: ["spec.completions: Required value: when completion mode is Indexed"] },
    { name: "Indexed with too many completions", spec: { completionMode: "Indexed", completions: 100_001 }, expected: ["spec.completions: must be <= 100000 when completion mode is Indexed (got 100001)"] },
    { name: "Indexed with too much parallelism", spec: { completionMode: "Indexed", completions: 2, parallelism: 100_001 }, expected: ["spec.parallelism: must be <= 100000 when completion mode is Indexed (got 100001)"] },
    { name: "backoffLimitPerIndex without Indexed", spec: { backoffLimitPerIndex: 1 }, expected: ["spec.backoffLimitPerIndex: requires indexed completion mode"] },
    { name: "maxFailedIndexes without backoffLimitPerIndex", spec: { completionMode: "Indexed", completions: 4, maxFailedIndexes: 1 }, expected: ["spec.backoffLimitPerIndex: Required value: when maxFailedIndexes is specified"] },
    { name: "maxFailedIndexes above completions", spec: { completionMode: "Indexed", completions: 4, backoffLimitPerIndex: 1, maxFailedIndexes: 5 }, expected: ["spec.maxFailedIndexes: must be <= 4 (the number of completions) (got 5)"] },
    { name: "maxFailedIndexes with NonIndexed", spec: { backoffLimitPerIndex: 1, maxFailedIndexes: 1 }, expected: [
      "spec.backoffLimitPerIndex: requires indexed completion mode",
      "spec.maxFailedIndexes: requires indexed completion mode",
    ] },
    { name: "an unknown podReplacementPolicy", spec: { podReplacementPolicy: "Never" }, expected: ['spec.podReplacementPolicy: Unsupported value: "Never": supported values: "Failed", "TerminatingOrFailed"'] },
    { name: "managedBy has no effect", spec: { managedBy: "kueue.x-k8s.io/multikueue" }, expected: ['warning: spec.managedBy: "managedBy" has no effect on the local engine, which runs commands on the host'] },
    { name: "selector and manualSelector are ignored", spec: { manualSelector: true, selector: { matchLabels: { a: "b" } } }, expected: [] },
    { name: "no template", spec: { template: undefined }, expected: ["spec.template.spec: Required value: a Job needs a pod template"] },
  ])("$name", ({ spec, expected }) => {
    expect(errors(job(spec))).toEqual(expected);
  });

  test.each([
    { podSpec: { restartPolicy: "Always" }, expected: ['spec.template.spec.restartPolicy: Unsupported value: "Always": supported values: "OnFailure", "Never"'] },
    { podSpec: { restartPolicy: undefined }, expected: ['spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"'] },
    { podSpec: { restartPolicy: "" }, expected: ['spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"'] },
    {
      podSpec: { containers: [main, { name: "entrypoint-only", image: "nginx" }] },
      expected: ['spec.template.spec.containers[1].command: container "entrypoint-only" has no command; the local engine runs commands on the host and cannot use the image\'s entrypoint'],
    },
  ])("template $podSpec", ({ podSpec, expected }) => {
    expect(errors(job({}, podSpec))).toEqual(expected);
  });

  test("a Job name is at most 63 characters", () => {
    expect(errors(job({}, {}, "a".repeat(64)))).toEqual([expect.stringMatching(/^metadata\.name: Invalid value: "a{64}": must be no more than 63 characters$/)]);
  });

  test("an Indexed Job's name must leave room for the index in its pods' hostnames", () => {
    expect(errors(job({ completionMode: "Indexed", completions: 10 }, {}, "a.b"))).toEqual([
      'metadata.name: Invalid value: "a.b": will not be able to create pods with the invalid DNS label "a.b-9"',
    ]);
  });
});

describe("podFailurePolicy", () => {
  const withRules = (rules: unknown[], extra: Record<string, unknown> = {}, podSpec: Record<string, unknown> = {}) =>
    job({ podFailurePolicy: { rules }, ...extra }, podSpec);
  const rule = "spec.podFailurePolicy.rules[0]";
  test.each([
    { name: "a valid rule", rules: [{ action: "FailJob", onExitCodes: { containerName: "main", operator: "In", values: [1, 42] } }], expected: [] },
    { name: "a missing action", rules: [{ onExitCodes: { operator: "In", values: [1] } }], expected: [`${rule}.action: Required value: valid values: "Count", "FailIndex", "FailJob", "Ignore"`] },
    { name: "an unknown action", rules: [{ action: "Retry", onExitCodes: { operator: "In", values: [1] } }], expected: [`${rule}.action: Unsupported value: "Retry": supported values: "Count", "FailIndex", "FailJob", "Ignore"`] },
    { name: "FailIndex without backoffLimitPerIndex", rules: [{ action: "FailIndex", onExitCodes: { operator: "In", values: [1] } }], expected: [`${rule}.action: Invalid value: "FailIndex": requires the backoffLimitPerIndex to be set`] },
    { name: "neither requirement", rules: [{ action: "Ignore" }], expected: [`${rule}: specifying one of onExitCodes and onPodConditions is required`] },
    {
      name: "both requirements",
      rules: [{ action: "Ignore", onExitCodes: { operator: "In", values: [1] }, onPodConditions: [{ type: "DisruptionTarget" }] }],
      expected: [`${rule}: specifying both onExitCodes and onPodConditions is not supported`],
    },
    { name: "a bad operator", rules: [{ action: "Count", onExitCodes: { operator: "Equals", values: [1] } }], expected: [`${rule}.onExitCodes.operator: Unsupported value: "Equals": supported values: "In", "NotIn"`] },
    { name: "a missing operator", rules: [{ action: "Count", onExitCodes: { values: [1] } }], expected: [`${rule}.onExitCodes.operator: Required value: valid values: "In", "NotIn"`] },
    { name: "an unknown container", rules: [{ action: "Count", onExitCodes: { containerName: "other", operator: "In", values: [1] } }], expected: [`${rule}.onExitCodes.containerName: Invalid value: "other": must be one of the container or initContainer names in the pod template`] },
    { name: "no values", rules: [{ action: "Count", onExitCodes: { operator: "NotIn", values: [] } }], expected: [`${rule}.onExitCodes.values: at least one value is required`] },
    { name: "0 with In", rules: [{ action: "Count", onExitCodes: { operator: "In", values: [0, 1] } }], expected: [`${rule}.onExitCodes.values[0]: Invalid value: 0: must not be 0 for the In operator`] },
    { name: "0 with NotIn is fine", rules: [{ action: "Count", onExitCodes: { operator: "NotIn", values: [0] } }], expected: [] },
    { name: "duplicate values", rules: [{ action: "Count", onExitCodes: { operator: "In", values: [1, 1] } }], expected: [`${rule}.onExitCodes.values[1]: Duplicate value: 1`] },
    { name: "unordered values", rules: [{ action: "Count", onExitCodes: { operator: "In", values: [2, 1] } }], expected: [`${rule}.onExitCodes.values: must be ordered`] },
    {
      name: "too many values",
      rules: [{ action: "Count", onExitCodes: { operator: "In", values: Array.from({ length: 256 }, (_, i) => i + 1) } }],
      expected: [`${rule}.onExitCodes.values: Too many: 256: must have at most 255 items`],
    },
    { name: "a bad condition status", rules: [{ action: "Ignore", onPodConditions: [{ type: "DisruptionTarget", status: "Maybe" }] }], expected: [`${rule}.onPodConditions[0].status: Unsupported value: "Maybe": supported values: "False", "True", "Unknown"`] },
    { name: "a missing condition type", rules: [{ action: "Ignore", onPodConditions: [{ status: "True" }] }], expected: [`${rule}.onPodConditions[0].type: Required value`] },
  ])("$name", ({ rules, expected }) => {
    expect(errors(withRules(rules))).toEqual(expected);
  });

  const valid = [{ action: "FailJob", onExitCodes: { operator: "In", values: [42] } }];
  test("requires restartPolicy Never", () => {
    expect(errors(withRules(valid, {}, { restartPolicy: "OnFailure" }))).toEqual([
      'spec.template.spec.restartPolicy: Invalid value: "OnFailure": only "Never" is supported when podFailurePolicy is specified',
    ]);
  });

  test("requires podReplacementPolicy Failed", () => {
    expect(errors(withRules(valid, { podReplacementPolicy: "TerminatingOrFailed" }))).toEqual([
      'spec.podReplacementPolicy: Unsupported value: "TerminatingOrFailed": supported values: "Failed"',
    ]);
  });

  test("the container name may be an init container's", () => {
    const rules = [{ action: "FailJob", onExitCodes: { containerName: "setup", operator: "In", values: [1] } }];
    expect(errors(withRules(rules, {}, { initContainers: [{ name: "setup", command: ["true"] }] }))).toEqual([]);
  });
});

describe("successPolicy", () => {
  const indexed = (rules: unknown[]) => job({ completionMode: "Indexed", completions: 6, successPolicy: { rules } });
  const rule = "spec.successPolicy.rules[0]";
  test.each([
    { rules: [{ succeededIndexes: "0,2-5", succeededCount: 3 }], expected: [] },
    { rules: [], expected: ["spec.successPolicy.rules: Required value: at least one rule must be specified when the successPolicy is specified"] },
    { rules: [{}], expected: [`${rule}: Required value: at least one of succeededCount or succeededIndexes must be specified`] },
    { rules: [{ succeededIndexes: "0-6" }], expected: [`${rule}.succeededIndexes: Invalid value: "0-6": error parsing succeededIndexes: too large index: "6"`] },
    { rules: [{ succeededIndexes: "3,1" }], expected: [`${rule}.succeededIndexes: Invalid value: "3,1": error parsing succeededIndexes: non-increasing order, previous: 3, current: 1`] },
    { rules: [{ succeededIndexes: "a" }], expected: [`${rule}.succeededIndexes: Invalid value: "a": error parsing succeededIndexes: cannot convert string to integer for index: "a"`] },
    { rules: [{ succeededCount: 7 }], expected: [`${rule}.succeededCount: Invalid value: 7: must be less than or equal to 6 (the number of specified completions)`] },
    { rules: [{ succeededIndexes: "1-2", succeededCount: 3 }], expected: [`${rule}.succeededCount: Invalid value: 3: must be less than or equal to 2 (the number of indexes in the specified succeededIndexes field)`] },
    { rules: [{ succeededCount: -1 }], expected: [`${rule}.succeededCount: must be >= 0 (got -1)`] },
  ])("$rules", ({ rules, expected }) => {
    expect(errors(indexed(rules))).toEqual(expected);
  });

  test("requires Indexed", () => {
    expect(errors(job({ successPolicy: { rules: [{ succeededCount: 1 }] } }))).toEqual(["spec.successPolicy: requires indexed completion mode"]);
  });
});
