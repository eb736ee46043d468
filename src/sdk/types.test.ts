import { describe, expect, it } from "vitest";
import { container, dag, job, sequence, step, steps, task, workflow, type WorkflowManifest } from "./index.js";

// These lines are checked by `tsc` (npm run typecheck): each @ts-expect-error must be an error.
const say = container("say", { command: ["echo", "{{inputs.parameters.message}}"], inputs: ["message", { name: "times", default: "1" }] });
const plain = container("plain", { command: ["true"] });

describe("the builders' types", () => {
  it("check what a call passes against the template's inputs", () => {
    const ok = [
      step("a", say, { arguments: { parameters: { message: "hi" } } }),
      step("b", say, { arguments: { parameters: { message: "hi", times: 2 } } }),
      step("c", plain),
      task("d", say, { arguments: { parameters: { message: "hi" } }, dependencies: ["a"] }),
      step("e", "by-name", { arguments: { parameters: { anything: "goes" } } }),
    ];
    // @ts-expect-error "message" has no default: the call must pass it
    step("x", say);
    // @ts-expect-error "message" has no default: the call must pass it
    step("x", say, { arguments: { parameters: { times: 2 } } });
    // @ts-expect-error "mesage" is not an input of "say"
    step("x", say, { arguments: { parameters: { message: "hi", mesage: "typo" } } });
    // @ts-expect-error "plain" has no inputs
    step("x", plain, { arguments: { parameters: { message: "hi" } } });
    // @ts-expect-error a template with an input without a default cannot run as a bare sequence item
    sequence("main", plain, say);
    expect(ok).toHaveLength(5);
  });

  it("know Argo's and Kubernetes' field names", () => {
    // @ts-expect-error a container needs a command on the local engine
    container("x", { image: "alpine" });
    // @ts-expect-error Argo's field is retryStrategy.limit
    container("x", { command: ["true"], retryStrategy: { limits: 3 } });
    // @ts-expect-error retryPolicy is one of Always, OnFailure, OnError, OnTransientError
    container("x", { command: ["true"], retryStrategy: { retryPolicy: "Sometimes" } });
    // @ts-expect-error dag tasks, not steps
    dag("d", [[task("a", plain)]]);
    // @ts-expect-error a template given as a step is called without arguments: "say" needs one
    steps("s", [[plain, say]]);
    // @ts-expect-error a Job's pods restart Never or OnFailure
    job({ name: "j", restartPolicy: "Always", containers: [{ name: "main", command: ["true"] }] });
    // @ts-expect-error the field is "entrypoint"
    workflow({ name: "w", entryPoint: "a", templates: [plain] });
    const w: WorkflowManifest = workflow({ name: "w", templates: [plain] });
    expect(w.kind).toBe("Workflow");
  });
});
