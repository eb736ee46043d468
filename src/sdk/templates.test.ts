import { describe, expect, it } from "vitest";
import { container, containerSet, script, suspend } from "./index.js";

describe("leaf templates", () => {
  it.each([
    {
      what: "a container with inputs by name and with defaults",
      built: container("say", { image: "alpine", command: ["sh", "-c"], args: ["echo {{inputs.parameters.message}}"], inputs: ["message", { name: "times", default: "1", enum: ["1", "2"] }] }),
      manifest: {
        name: "say",
        inputs: { parameters: [{ name: "message" }, { name: "times", default: "1", enum: ["1", "2"] }] },
        container: { image: "alpine", command: ["sh", "-c"], args: ["echo {{inputs.parameters.message}}"] },
      },
    },
    {
      what: "template fields stay on the template, container fields go into the container",
      built: container("flaky", {
        command: ["sh", "-c", "exit 1"],
        env: [{ name: "A", value: "1" }],
        retryStrategy: { limit: 3, retryPolicy: "Always", backoff: { duration: "1s", factor: 2 } },
        outputs: [{ name: "rows", valueFrom: { path: "/tmp/rows" } }],
        timeout: "30s",
        metadata: { labels: { tier: "etl" } },
      }),
      manifest: {
        name: "flaky",
        outputs: { parameters: [{ name: "rows", valueFrom: { path: "/tmp/rows" } }] },
        container: { command: ["sh", "-c", "exit 1"], env: [{ name: "A", value: "1" }] },
        metadata: { labels: { tier: "etl" } },
        retryStrategy: { limit: 3, retryPolicy: "Always", backoff: { duration: "1s", factor: 2 } },
        timeout: "30s",
      },
    },
    {
      what: "a script",
      built: script("count", { command: ["sh"], source: "echo 42\n" }),
      manifest: { name: "count", script: { command: ["sh"], source: "echo 42\n" } },
    },
    { what: "a suspend with a duration", built: suspend("wait", { duration: "10s" }), manifest: { name: "wait", suspend: { duration: "10s" } } },
    { what: "a suspend without one", built: suspend("approve"), manifest: { name: "approve", suspend: {} } },
    {
      what: "a containerSet: its own retries in the body, the template's fields on the template",
      built: containerSet("build", {
        containers: [
          { name: "a", command: ["make", "a"] },
          { name: "main", command: ["make"], dependencies: ["a"] },
        ],
        containerRetryStrategy: { retries: 2, duration: "1s" },
        timeout: "5m",
      }),
      manifest: {
        name: "build",
        containerSet: { containers: [{ name: "a", command: ["make", "a"] }, { name: "main", command: ["make"], dependencies: ["a"] }], retryStrategy: { retries: 2, duration: "1s" } },
        timeout: "5m",
      },
    },
  ])("$what", ({ built, manifest }) => {
    expect(built).toStrictEqual(manifest);
  });

  it("writes no undefined fields, so the output reads as the YAML would", () => {
    const built = container("a", { command: ["true"], image: undefined, inputs: undefined });
    expect(Object.keys(built)).toEqual(["name", "container"]);
    expect(Object.keys(built.container ?? {})).toEqual(["command"]);
  });

  it("puts name, inputs and outputs before the body, as people write it", () => {
    const built = container("a", { retryStrategy: { limit: 1 }, command: ["true"], outputs: [{ name: "o", valueFrom: { path: "/o" } }], inputs: ["x"] });
    expect(Object.keys(built)).toEqual(["name", "inputs", "outputs", "container", "retryStrategy"]);
  });
});
