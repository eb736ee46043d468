import { describe, expect, test } from "vitest";
import type { Workflow } from "../../model/index.js";
import { loadManifests } from "../index.js";
import { echo, problems, workflow } from "./workflow-test-fixtures.js";

/** A one-template workflow with these spec fields (YAML) added. */
const withFields = (fields: string) => workflow(`entrypoint: main\n${fields}\ntemplates:\n${echo("main")}`);

describe("ttlStrategy and podGC load as Argo takes them", () => {
  test("every field, with its values", () => {
    const text = withFields(`ttlStrategy: {secondsAfterCompletion: 60, secondsAfterSuccess: 10, secondsAfterFailure: 3600}
podGC:
  strategy: OnPodSuccess
  deleteDelayDuration: 30s
  labelSelector:
    matchLabels: {keep: "no"}
    matchExpressions: [{key: tier, operator: In, values: [batch]}, {key: debug, operator: DoesNotExist}]`);
    expect(problems(text)).toEqual([]);
    const wf = loadManifests(text, "wf.yaml").resources[0]!.resource as Workflow;
    expect(wf.spec.ttlStrategy).toEqual({ secondsAfterCompletion: 60, secondsAfterSuccess: 10, secondsAfterFailure: 3600 });
    expect(wf.spec.podGC).toEqual({
      strategy: "OnPodSuccess",
      deleteDelayDuration: "30s",
      labelSelector: { matchLabels: { keep: "no" }, matchExpressions: [{ key: "tier", operator: "In", values: ["batch"] }, { key: "debug", operator: "DoesNotExist" }] },
    });
  });

  test.each(["OnPodCompletion", "OnPodSuccess", "OnWorkflowCompletion", "OnWorkflowSuccess"])("strategy %s", (strategy) => {
    expect(problems(withFields(`podGC: {strategy: ${strategy}, deleteDelayDuration: "10"}`))).toEqual([]);
  });

  test.each([
    { fields: "podGC: {strategy: Foo}", expected: ['spec.podGC.strategy: Unsupported value: "Foo": supported values: "OnPodCompletion", "OnPodSuccess", "OnWorkflowCompletion", "OnWorkflowSuccess"'] },
    { fields: "podGC: {strategy: OnPodSuccess, deleteDelayDuration: soon}", expected: ['spec.podGC.deleteDelayDuration: Invalid value: "soon": must be a duration such as "30s" or "1m", or a number of seconds'] },
    { fields: "podGC: {strategy: OnPodSuccess, deleteDelayDuration: -5s}", expected: ['spec.podGC.deleteDelayDuration: Invalid value: "-5s": must be a duration such as "30s" or "1m", or a number of seconds'] },
    { fields: "podGC: {labelSelector: {matchLabels: {a: b}}}", expected: ["warning: spec.podGC: without a strategy, no pod is deleted (Argo's default)"] },
    {
      fields: "podGC: {strategy: OnPodCompletion, labelSelector: {matchExpressions: [{key: environment, operator: InvalidOperator, values: [dev]}]}}",
      expected: ['spec.podGC.labelSelector.matchExpressions[0].operator: Unsupported value: "InvalidOperator": supported values: "In", "NotIn", "Exists", "DoesNotExist"'],
    },
    {
      fields: "podGC: {strategy: OnPodCompletion, labelSelector: {matchExpressions: [{key: a, operator: In}, {key: b, operator: Exists, values: [x]}]}}",
      expected: [
        "spec.podGC.labelSelector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
        "spec.podGC.labelSelector.matchExpressions[1].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
      ],
    },
    { fields: "podGC: {strategy: OnPodCompletion, labelSelector: {matchLabels: {a: 'b c'}}}", expected: [expect.stringMatching(/^spec\.podGC\.labelSelector\.matchLabels\.a: Invalid value: "b c": a valid label must be/)] },
    { fields: "ttlStrategy: {secondsAfterSuccess: 3000000000}", expected: [expect.stringMatching(/^spec\.ttlStrategy\.secondsAfterSuccess: /)] },
    { fields: "ttlStrategy: {secondsAfterError: 10}", expected: ['warning: spec.ttlStrategy.secondsAfterError: unknown field "secondsAfterError"'] },
  ])("$fields", ({ fields, expected }) => {
    expect(problems(withFields(fields))).toEqual(expected);
  });
});
