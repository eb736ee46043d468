import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runEmbedded } from "../src/app/index.js";
import type { ClusterEvent, CronJob, Job, Pod } from "../src/model/index.js";
import { loadManifests } from "../src/spec/index.js";

// A CronJob on the real embedded engine: SQLite, real timers, a real process. Kubernetes' parser
// accepts robfig's `@every` descriptor, so the first schedule comes a second after creation.
describe("a CronJob, for real", () => {
  it("creates a Job at its schedule whose pod runs, and records it in the CronJob's status", async () => {
    const dir = mkdtempSync(join(tmpdir(), "baton-cron-"));
    const trace = join(dir, "trace.log");
    const yaml = `apiVersion: batch/v1
kind: CronJob
metadata:
  name: tick
spec:
  schedule: "@every 1s"
  concurrencyPolicy: Forbid
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: Never
          containers:
          - name: main
            image: busybox
            command: ["sh", "-c", 'echo "ran $(POD)" >> ${trace}']
            env:
            - name: POD
              valueFrom: {fieldRef: {fieldPath: metadata.name}}
`;
    const { resources, diagnostics } = loadManifests(yaml, "cron.yaml");
    expect(diagnostics).toEqual([]);
    const stop = new AbortController();
    const events: ClusterEvent[] = [];
    const onEvent = (e: ClusterEvent) => {
      events.push(e);
      // A CronJob runs until it is stopped: stop once it has seen its first Job end.
      if (e.reason === "SawCompletedJob") stop.abort();
    };
    // Should the Job never end, stop anyway and let the assertions say what happened.
    const guard = setTimeout(() => stop.abort(), 20_000);
    const result = await runEmbedded(resources.map((r) => r.resource), ["cron.yaml"], { home: join(dir, "home"), fresh: true, signal: stop.signal, onEvent });
    clearTimeout(guard);

    expect(result.phase).toBe("Stopped");
    const job = result.objects.find((o): o is Job => o.kind === "Job")!;
    expect(job.metadata.name).toMatch(/^tick-\d+$/);
    expect(job.metadata.ownerReferences).toEqual([expect.objectContaining({ kind: "CronJob", name: "tick", controller: true })]);
    expect(job.status.conditions).toContainEqual(expect.objectContaining({ type: "Complete", status: "True" }));
    const pod = result.objects.find((o): o is Pod => o.kind === "Pod")!;
    expect(pod.status.phase).toBe("Succeeded");
    expect(readFileSync(trace, "utf8")).toContain(`ran ${pod.metadata.name}`);

    const cj = result.objects.find((o): o is CronJob => o.kind === "CronJob")!;
    expect(cj.status.active).toEqual([]);
    expect(Date.parse(cj.status.lastSuccessfulTime!)).toBeGreaterThanOrEqual(Date.parse(cj.status.lastScheduleTime!));
    expect(events.filter((e) => e.involvedObject.kind === "CronJob").map((e) => e.reason).slice(0, 2)).toEqual(["SuccessfulCreate", "SawCompletedJob"]);
  });
});
