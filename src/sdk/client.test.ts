import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { ClusterEvent, Job } from "../model/index.js";
import { container, InvalidManifestsError, job, run, workflow, type Manifest, type ParameterValue } from "./index.js";

const home = () => mkdtempSync(join(tmpdir(), "baton-sdk-run-"));
const echo = (text: string) => [{ name: "main", command: ["sh", "-c", `echo ${text}`] }];

describe("run()", () => {
  it("runs Jobs on the embedded engine and resolves with the outcome and the final objects", async () => {
    const first = job({ name: "first", restartPolicy: "Never", containers: echo("one") });
    const second = job({ name: "second", dependsOn: [first], restartPolicy: "Never", containers: echo("two") });
    const events: ClusterEvent[] = [];
    const result = await run([first, second], { home: home(), onEvent: (e) => events.push(e) });
    expect(result.phase).toBe("Succeeded");
    expect(result.runId).toMatch(/^run-/);
    const jobs = result.resources.filter((r): r is Job => r.kind === "Job");
    expect(jobs.map((j) => [j.metadata.name, j.status.succeeded]).sort()).toEqual([["first", 1], ["second", 1]]);
    expect(result.resources.filter((r) => r.kind === "Pod")).toHaveLength(2);
    expect(events.some((e) => e.reason === "Completed" && e.involvedObject.name === "second")).toBe(true);
  });

  it("a failed run is a result, not an exception", async () => {
    const failing = job({ name: "failing", backoffLimit: 0, restartPolicy: "Never", containers: [{ name: "main", command: ["false"] }] });
    expect((await run(failing, { home: home() })).phase).toBe("Failed");
  });

  it("rejects invalid manifests with every diagnostic, and runs nothing", async () => {
    const bad = job({ name: "bad", parallelism: -1, restartPolicy: "Never", containers: [{ name: "main", command: ["true"] }] });
    const error = await run(bad, { home: home() }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidManifestsError);
    expect((error as InvalidManifestsError).message).toMatch(/^1 error: nothing was run\nrun\(\) manifests:\d+:\d+ spec\.parallelism: must be >= 0 \(got -1\)$/);
  });
});

describe("run() with parameters, as baton run -p", () => {
  const greet = container("greet", { command: ["sh", "-c", "echo {{workflow.parameters.greeting}}"] });
  const hello = workflow({ name: "hello", arguments: { parameters: { greeting: "hi", other: "x" } }, templates: [greet] });

  it("sets the workflow's arguments before it runs", async () => {
    const result = await run(hello, { home: home(), parameters: { greeting: "hello there" } });
    expect(result.phase).toBe("Succeeded");
    const submitted = result.resources.find((r) => r.kind === "Workflow");
    expect(submitted?.kind === "Workflow" && submitted.spec.arguments.parameters).toEqual([{ name: "greeting", value: "hello there" }, { name: "other", value: "x" }]);
  });

  it.each<{ manifests: Manifest; parameters: Record<string, ParameterValue>; message: string }>([
    { manifests: hello, parameters: { greting: "typo" }, message: '-p greting: the workflow hello has no parameter "greting"' },
    { manifests: job({ name: "j", restartPolicy: "Never", containers: echo("x") }), parameters: { a: 1 }, message: "parameters were given but no Workflow was submitted" },
  ])("refuses $parameters and runs nothing", async ({ manifests, parameters, message }) => {
    const error = await run(manifests, { home: home(), parameters }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidManifestsError);
    expect((error as Error).message).toContain(message);
  });
});
