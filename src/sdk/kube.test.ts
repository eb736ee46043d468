import { describe, expect, it } from "vitest";
import { loadManifests } from "../spec/index.js";
import { job, pod, toYaml } from "./index.js";

const main = { name: "main", command: ["echo", "hi"] };

describe("job and pod", () => {
  it("a Job puts the pod fields into spec.template.spec", () => {
    expect(job({ name: "hello", completions: 3, parallelism: 2, backoffLimit: 1, restartPolicy: "Never", containers: [main] })).toStrictEqual({
      apiVersion: "batch/v1",
      kind: "Job",
      metadata: { name: "hello" },
      spec: { completions: 3, parallelism: 2, backoffLimit: 1, template: { spec: { containers: [main], restartPolicy: "Never" } } },
    });
  });

  it("writes baton.dev/depends-on from other manifests or names", () => {
    const first = job({ name: "first", restartPolicy: "Never", containers: [main] });
    const second = pod({ name: "second", annotations: { owner: "me" }, dependsOn: [first, "other"], restartPolicy: "Never", containers: [main] });
    expect(second.metadata).toStrictEqual({ name: "second", annotations: { owner: "me", "baton.dev/depends-on": "first, other" } });
    expect(second.spec).toStrictEqual({ restartPolicy: "Never", containers: [main] });
  });

  it("refuses a dependency without a name", () => {
    const unnamed = job({ generateName: "x-", restartPolicy: "Never", containers: [main] });
    expect(() => job({ name: "y", dependsOn: [unnamed], restartPolicy: "Never", containers: [main] })).toThrow("dependsOn: a dependency has no metadata.name");
  });

  it("loads to exactly the resources of the same YAML", () => {
    const built = [
      job({ name: "a", podMetadata: { labels: { app: "x" } }, restartPolicy: "OnFailure", containers: [main] }),
      pod({ name: "b", dependsOn: ["a"], restartPolicy: "Never", containers: [main] }),
    ];
    const yaml = `apiVersion: batch/v1
kind: Job
metadata: { name: a }
spec:
  template:
    metadata: { labels: { app: x } }
    spec:
      restartPolicy: OnFailure
      containers: [{ name: main, command: [echo, hi] }]
---
apiVersion: v1
kind: Pod
metadata:
  name: b
  annotations: { baton.dev/depends-on: a }
spec:
  restartPolicy: Never
  containers: [{ name: main, command: [echo, hi] }]
`;
    const fromBuilders = loadManifests(toYaml(built), "built.yaml");
    const fromYaml = loadManifests(yaml, "written.yaml");
    expect(fromBuilders.diagnostics).toEqual([]);
    expect(fromBuilders.resources.map((r) => r.resource)).toEqual(fromYaml.resources.map((r) => r.resource));
  });
});
