import { describe, expect, test } from "vitest";
import { stringify } from "yaml";
import type { Pod } from "../../model/index.js";
import { loadManifests } from "../index.js";

const main = { name: "main", image: "busybox", command: ["sh", "-c", "true"] };

/** A valid Pod, with the given fields of metadata and spec replaced. */
function pod(spec: Record<string, unknown> = {}, metadata: Record<string, unknown> = { name: "p" }): string {
  return stringify({ apiVersion: "v1", kind: "Pod", metadata, spec: { containers: [main], ...spec } });
}

function problems(text: string, options?: { requireCommand?: boolean }): string[] {
  return loadManifests(text, "pod.yaml", options).diagnostics.map((d) => `${d.severity === "warning" ? "warning: " : ""}${d.path}: ${d.message}`);
}

describe("Pod defaults", () => {
  test("a minimal Pod gets Kubernetes' defaults and an empty status", () => {
    const [sourced] = loadManifests(pod(), "pod.yaml").resources;
    expect(sourced?.resource).toEqual({
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "p", namespace: "default", uid: "", labels: {}, annotations: {} },
      spec: { containers: [main], restartPolicy: "Always", terminationGracePeriodSeconds: 30 },
      status: { phase: "Pending", conditions: [], initContainerStatuses: [], containerStatuses: [] },
    } satisfies Pod);
  });

  test("generateName without a name leaves the name to the runtime", () => {
    const [sourced] = loadManifests(pod({}, { generateName: "run-" }), "pod.yaml").resources;
    expect(sourced?.resource.metadata).toMatchObject({ name: "", generateName: "run-" });
  });

  test("env, init containers and the rest are carried over; fieldRef gets apiVersion v1", () => {
    const spec = {
      initContainers: [{ name: "setup", command: ["true"], workingDir: "/tmp" }],
      containers: [{ ...main, args: ["x"], env: [{ name: "A", value: "1" }, { name: "POD", valueFrom: { fieldRef: { fieldPath: "metadata.name" } } }] }],
      restartPolicy: "OnFailure",
      terminationGracePeriodSeconds: 5,
      activeDeadlineSeconds: 60,
    };
    const [sourced] = loadManifests(pod(spec), "pod.yaml").resources;
    expect(sourced?.resource.spec).toEqual({
      initContainers: [{ name: "setup", command: ["true"], workingDir: "/tmp" }],
      containers: [{ ...main, args: ["x"], env: [{ name: "A", value: "1" }, { name: "POD", valueFrom: { fieldRef: { fieldPath: "metadata.name", apiVersion: "v1" } } }] }],
      restartPolicy: "OnFailure",
      terminationGracePeriodSeconds: 5,
      activeDeadlineSeconds: 60,
    });
  });
});

describe("Pod validation", () => {
  const dnsLabel = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name', or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
  test.each([
    { name: "no containers", spec: { containers: [] }, expected: ["spec.containers: Required value: a pod needs at least one container"] },
    { name: "a container without a name", spec: { containers: [{ command: ["true"] }] }, expected: ["spec.containers[0].name: Required value"] },
    { name: "a container name that is not a DNS label", spec: { containers: [{ name: "Main", command: ["true"] }] }, expected: [`spec.containers[0].name: Invalid value: "Main": ${dnsLabel}`] },
    {
      name: "container names shared with an init container",
      spec: { initContainers: [{ name: "main", command: ["true"] }] },
      expected: ['spec.containers[0].name: Duplicate value: "main"'],
    },
    { name: "an unknown restartPolicy", spec: { restartPolicy: "Sometimes" }, expected: ['spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"'] },
    { name: "a negative grace period", spec: { terminationGracePeriodSeconds: -1 }, expected: ["spec.terminationGracePeriodSeconds: must be >= 0 (got -1)"] },
    { name: "a zero deadline", spec: { activeDeadlineSeconds: 0 }, expected: ["spec.activeDeadlineSeconds: must be > 0 (got 0)"] },
    {
      name: "a container without command",
      spec: { initContainers: [{ name: "setup", image: "busybox" }] },
      expected: ['spec.initContainers[0].command: init container "setup" has no command; the local engine runs commands on the host and cannot use the image\'s entrypoint'],
    },
    {
      name: "an empty command",
      spec: { containers: [{ name: "main", command: [] }] },
      expected: ['spec.containers[0].command: container "main" has no command; the local engine runs commands on the host and cannot use the image\'s entrypoint'],
    },
    {
      name: "a sidecar",
      spec: { initContainers: [{ name: "proxy", command: ["true"], restartPolicy: "Always" }] },
      expected: ["spec.initContainers[0].restartPolicy: sidecar containers (an init container with restartPolicy Always) are not supported by the local engine"],
    },
    { name: "a bad hostname", spec: { hostname: "a_b" }, expected: [`spec.hostname: Invalid value: "a_b": ${dnsLabel}`] },
  ])("$name", ({ spec, expected }) => {
    expect(problems(pod(spec))).toEqual(expected);
  });

  test("without requireCommand a container may leave its command to the image", () => {
    expect(problems(pod({ containers: [{ name: "main", image: "nginx" }] }), { requireCommand: false })).toEqual([]);
  });
});

describe("env", () => {
  const withEnv = (env: unknown[]) => pod({ containers: [{ ...main, env }] });
  const at = "spec.containers[0].env[0]";
  test.each([
    { env: [{ name: "1X", value: "a" }], expected: [`${at}.name: Invalid value: "1X": a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit (e.g. 'my.env-name', or 'MY_ENV.NAME', or 'MyEnvName1', regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')`] },
    { env: [{ value: "a" }], expected: [`${at}.name: Required value`] },
    { env: [{ name: "A", value: 5 }], expected: [`${at}.value: must be a string (got 5)`] },
    {
      env: [{ name: "A", value: "a", valueFrom: { fieldRef: { fieldPath: "metadata.name" } } }],
      expected: [`${at}.valueFrom: may not be specified when \`value\` is not empty`],
    },
    { env: [{ name: "A", valueFrom: {} }], expected: [`${at}.valueFrom: must specify one of: "fieldRef", "resourceFieldRef", "configMapKeyRef", "secretKeyRef", "fileKeyRef"`] },
    {
      env: [{ name: "A", valueFrom: { fieldRef: { fieldPath: "spec.nodeName" } } }],
      expected: [`${at}.valueFrom.fieldRef.fieldPath: "spec.nodeName" is not available on the local engine; it supports "metadata.name", "metadata.namespace", "metadata.uid", "metadata.labels['<KEY>']", "metadata.annotations['<KEY>']"`],
    },
    {
      env: [{ name: "A", valueFrom: { fieldRef: { fieldPath: "status.phase" } } }],
      expected: [`${at}.valueFrom.fieldRef.fieldPath: Unsupported value: "status.phase": supported values: "metadata.name", "metadata.namespace", "metadata.uid", "metadata.labels['<KEY>']", "metadata.annotations['<KEY>']", "spec.nodeName", "spec.serviceAccountName", "status.hostIP", "status.hostIPs", "status.podIP", "status.podIPs"`],
    },
    { env: [{ name: "A", valueFrom: { fieldRef: { fieldPath: "metadata.labels['app']" } } }], expected: [] },
    { env: [{ name: "A", valueFrom: { secretKeyRef: { name: "s", key: "k" } } }], expected: [`${at}.valueFrom.secretKeyRef: the local engine cannot read Secrets; set "value" instead`] },
    { env: [{ name: "A", valueFrom: { configMapKeyRef: { name: "c", key: "k" } } }], expected: [`${at}.valueFrom.configMapKeyRef: the local engine cannot read ConfigMaps; set "value" instead`] },
    {
      env: [{ name: "A", valueFrom: { resourceFieldRef: { resource: "limits.cpu" } } }],
      expected: [`${at}.valueFrom.resourceFieldRef: the local engine has no resource requests or limits to read; set "value" instead`],
    },
  ])("$expected", ({ env, expected }) => {
    expect(problems(withEnv(env))).toEqual(expected);
  });
});

describe("metadata", () => {
  test.each([
    { metadata: {}, expected: ["metadata.name: Required value: name or generateName is required"] },
    { metadata: { name: "a".repeat(254) }, expected: [expect.stringMatching(/^metadata\.name: Invalid value: "a{254}": must be no more than 253 characters$/)] },
    { metadata: { name: "p", namespace: "Team" }, expected: [expect.stringMatching(/^metadata\.namespace: Invalid value: "Team": a lowercase RFC 1123 label/)] },
    { metadata: { name: "p", labels: { app: "a b" } }, expected: [expect.stringMatching(/^metadata\.labels\.app: Invalid value: "a b": a valid label must be/)] },
    { metadata: { name: "p", labels: { "-app": "x" } }, expected: [expect.stringMatching(/^metadata\.labels\[-app\]: label key "-app": name part must consist/)] },
    { metadata: { name: "p", annotations: { "baton.dev/depends-on": "a,,b" } }, expected: ['metadata.annotations[baton.dev/depends-on]: Invalid value: "a,,b": must be a comma-separated list of resource names, none of them empty'] },
    { metadata: { name: "p", annotations: { "baton.dev/depends-on": "a, B_" } }, expected: [expect.stringMatching(/^metadata\.annotations\[baton\.dev\/depends-on\]: "B_" is not a valid resource name: a lowercase RFC 1123 subdomain/)] },
    { metadata: { name: "p", annotations: { "baton.dev/backoff-base": "0s" } }, expected: ['metadata.annotations[baton.dev/backoff-base]: Invalid value: "0s": must be a positive duration'] },
    { metadata: { name: "p", annotations: { "baton.dev/retries": "3" } }, expected: ['warning: metadata.annotations[baton.dev/retries]: unknown Baton annotation "baton.dev/retries"; Baton knows "baton.dev/depends-on", "baton.dev/backoff-base", "baton.dev/webhook", "baton.dev/webhook-secret-env", "baton.dev/webhook-secret-file", "baton.dev/webhook-events", "baton.dev/webhook-branches", "baton.dev/webhook-parameters", "baton.dev/work-queue", "baton.dev/container-dependencies", "baton.dev/container-retries"'] },
    { metadata: { name: "p", uid: "abc", resourceVersion: "1", creationTimestamp: "2024-01-01T00:00:00Z" }, expected: [] },
  ])("$metadata", ({ metadata, expected }) => {
    expect(problems(pod({}, metadata))).toEqual(expected);
  });
});

describe("containers as a graph (baton.dev/container-dependencies, baton.dev/container-retries)", () => {
  const containers = ["a", "b", "main"].map((name) => ({ name, image: "busybox", command: ["true"] }));
  const withGraph = (annotations: Record<string, string>) => pod({ containers }, { name: "p", annotations });
  test.each([
    { annotations: { "baton.dev/container-dependencies": '{"main": ["a", "b"], "b": ["a"]}', "baton.dev/container-retries": '{"retries": 2, "duration": "1s"}' }, expected: [] },
    { annotations: { "baton.dev/container-dependencies": '["a"]' }, expected: [expect.stringMatching(/^metadata\.annotations\[baton\.dev\/container-dependencies\]: Invalid value: .*: must be a JSON object of container names to lists of container names/)] },
    { annotations: { "baton.dev/container-dependencies": '{"main": ["x"]}' }, expected: ['metadata.annotations[baton.dev/container-dependencies]: container "x" not found in the pod\'s containers'] },
    { annotations: { "baton.dev/container-dependencies": '{"a": ["b"], "b": ["a"]}' }, expected: ["metadata.annotations[baton.dev/container-dependencies]: dependency cycle: a → b → a"] },
    { annotations: { "baton.dev/container-retries": '{"retries": -1}' }, expected: [expect.stringMatching(/^metadata\.annotations\[baton\.dev\/container-retries\]: Invalid value: .*retries a count/)] },
  ])("$annotations", ({ annotations, expected }) => {
    expect(problems(withGraph(annotations as Record<string, string>))).toEqual(expected);
  });
});
