import { describe, expect, it } from "vitest";
import type { CronWorkflow, Workflow, WorkflowTemplate } from "../../model/index.js";
import { checkSubmission } from "../../plan/index.js";
import { loadManifests } from "../../spec/index.js";
import { cronWorkflowYaml, CronRun, loadCron, min } from "./fixtures/cron-harness.js";

function run(spec: string, options: { ms?: number; exit?: number; persist?: boolean } = {}): CronRun {
  const cwf = loadCron<CronWorkflow>(cronWorkflowYaml(spec, options.ms, options.exit), min(2));
  return new CronRun(cwf, undefined, { persist: options.persist ?? false });
}

const cron = (r: CronRun) => r.cron as CronWorkflow;
/** Argo names a CronWorkflow's Workflows by the scheduled time in unix seconds. */
const wfName = (t: number) => `sync-${t / 1000}`;
const names = (wfs: Workflow[]) => wfs.map((w) => w.metadata.name);
const phases = (r: CronRun) => Object.fromEntries(r.workflows().map((w) => [w.metadata.name, w.status.phase]));

describe("a CronWorkflow's schedules", () => {
  it("creates a Workflow at each time of any of its schedules, labelled and owned as Argo does", () => {
    const r = run('  schedules: ["*/10 * * * *", "5 * * * *"]\n  timezone: UTC', { ms: 1000 }).runUntil(min(21));
    expect(names(r.workflows())).toEqual([wfName(min(5)), wfName(min(10)), wfName(min(20))]);
    expect(r.workflows()[0]!.metadata).toMatchObject({
      labels: { "workflows.argoproj.io/cron-workflow": "sync", team: "data" },
      annotations: { "workflows.argoproj.io/scheduled-time": "2026-01-05T00:05:00Z" },
      ownerReferences: [{ apiVersion: "argoproj.io/v1alpha1", kind: "CronWorkflow", name: "sync", uid: "uid-cron", controller: true }],
    });
    expect(cron(r).status).toEqual({ active: [], lastScheduledTime: "2026-01-05T00:20:00.000Z", succeeded: 3, failed: 0, phase: "Active" });
  });

  it("gives its Workflows {{workflow.scheduledTime}}: the scheduled time, RFC 3339", () => {
    const yaml = cronWorkflowYaml('  schedule: "*/10 * * * *"', 1000).replace('command: [run, "1000", "0"]', 'command: [run, "1000", "0", "{{workflow.scheduledTime}}"]');
    const r = new CronRun(loadCron<CronWorkflow>(yaml, min(2))).runUntil(min(21));
    expect(r.sim.started.map((l) => l.argv[3])).toEqual(["2026-01-05T00:10:00Z", "2026-01-05T00:20:00Z"]);
  });

  it("runs a stored WorkflowTemplate through workflowTemplateRef, resolved at submission", () => {
    const library = loadManifests(
      'apiVersion: argoproj.io/v1alpha1\nkind: WorkflowTemplate\nmetadata: {name: lib}\nspec:\n  entrypoint: main\n  templates:\n  - {name: main, container: {image: busybox, command: [run, "1000", "0", "{{workflow.scheduledTime}}"]}}\n',
      "lib.yaml",
    ).resources[0]!.resource as WorkflowTemplate;
    const yaml = 'apiVersion: argoproj.io/v1alpha1\nkind: CronWorkflow\nmetadata: {name: sync}\nspec:\n  schedule: "*/10 * * * *"\n  workflowSpec:\n    workflowTemplateRef: {name: lib}\n';
    const { resources, diagnostics } = loadManifests(yaml, "cron.yaml", { requireCommand: true });
    expect([...diagnostics, ...checkSubmission(resources, { storedTemplates: [library] })]).toEqual([]);
    const cwf = resources[0]!.resource as CronWorkflow;
    cwf.metadata.uid = "uid-cron";
    cwf.metadata.creationTimestamp = new Date(min(2)).toISOString();
    const r = new CronRun(cwf).runUntil(min(11));
    expect(r.sim.started.map((l) => l.argv[3])).toEqual(["2026-01-05T00:10:00Z"]);
    expect(phases(r)).toEqual({ [wfName(min(10))]: "Succeeded" });
  });

  it("takes the deprecated schedule too, and counts failures", () => {
    const r = run('  schedule: "*/5 * * * *"', { ms: 1000, exit: 1 }).runUntil(min(11));
    expect(cron(r).status).toMatchObject({ succeeded: 0, failed: 2, phase: "Active" });
  });

  it("has no phase until its first Workflow", () => {
    const r = run('  schedule: "0 * * * *"').runUntil(min(30));
    expect(cron(r).status).toEqual({ active: [], succeeded: 0, failed: 0, phase: "" });
  });
});

describe("concurrencyPolicy", () => {
  // Workflows take 7 minutes; the schedule comes every 5.
  const every5 = (policy: string) => run(`  schedule: "*/5 * * * *"\n  concurrencyPolicy: ${policy}`, { ms: 7 * 60_000 });

  it("Allow runs them side by side", () => {
    expect(cron(every5("Allow").runUntil(min(11))).status.active.map((a) => a.name)).toEqual([wfName(min(5)), wfName(min(10))]);
  });

  it("Forbid skips a schedule while one runs, and does not make it up later (unlike a CronJob)", () => {
    const r = every5("Forbid").runUntil(min(14));
    expect(names(r.workflows())).toEqual([wfName(min(5))]);
    expect(r.cronEvents()).toContain("00:10 JobAlreadyActive: Not starting workflow because prior execution is running and concurrency policy is Forbid");
    expect(r.started()).toHaveLength(1);
  });

  it("Replace terminates the running Workflow (kept, as Failed) and creates the new one", () => {
    const r = every5("Replace").runUntil(min(11));
    expect(phases(r)).toEqual({ [wfName(min(5))]: "Failed", [wfName(min(10))]: "Running" });
    expect(r.workflows()[0]!.status.message).toBe("Stopped with strategy 'Terminate'");
    expect(cron(r).status).toMatchObject({ active: [{ name: wfName(min(10)) }], failed: 1 });
  });
});

describe("history limits", () => {
  it("keeps the most recently finished Workflows and deletes the others with their nodes and pods", () => {
    const r = run('  schedule: "*/5 * * * *"\n  successfulJobsHistoryLimit: 1', { ms: 1000, persist: true }).runUntil(min(16));
    expect(names(r.workflows())).toEqual([wfName(min(15))]);
    const kinds = r.storedRows().map((row) => row.kind).sort();
    expect(kinds).toEqual(["CronWorkflow", "Pod", "Workflow", "WorkflowNode"]);
  });
});

describe("suspend, updates and restarts", () => {
  it("creates nothing while suspended, and does not make up the missed times when unsuspended", () => {
    const r = run('  schedule: "*/5 * * * *"\n  suspend: true', { ms: 1000 }).runUntil(min(22));
    r.update(min(22), (c) => (c.spec.suspend = false)).runUntil(min(26));
    expect(names(r.workflows())).toEqual([wfName(min(25))]);
  });

  it("a new schedule takes effect at its next time", () => {
    const r = run('  schedule: "*/5 * * * *"', { ms: 1000 }).runUntil(min(6));
    r.update(min(6), (c) => (c.spec.schedule = "0 * * * *")).runUntil(min(61));
    expect(names(r.workflows())).toEqual([wfName(min(5)), wfName(min(60))]);
  });

  it("after the engine was down, runs nothing it missed without startingDeadlineSeconds", () => {
    const r = run('  schedule: "*/5 * * * *"', { ms: 1000, persist: true }).restart(min(6), min(23)).runUntil(min(24));
    expect(names(r.workflows())).toEqual([wfName(min(5))]);
    expect(r.sim.state.get("uid-cron")!.timers).toEqual({ "uid-cron/schedule": min(25) });
  });

  it.each([
    [120, [wfName(min(5))]],
    [300, [wfName(min(5)), wfName(min(20))]],
  ])("with startingDeadlineSeconds %d, runs the latest missed time once if it is within it", (deadline, expected) => {
    const r = run(`  schedule: "*/5 * * * *"\n  startingDeadlineSeconds: ${deadline}`, { ms: 1000, persist: true }).restart(min(6), min(23)).runUntil(min(24));
    expect(names(r.workflows())).toEqual(expected);
  });

  it("stays unfinished until stopped; a stop ends its running Workflows too", () => {
    const r = run('  schedule: "*/5 * * * *"', { ms: 10 * 60_000 }).runUntil(min(6));
    expect(r.sim.state.unfinished).toBe(2);
    r.push({ type: "StopRequested", at: min(6), message: "stopped" }).runUntil(min(30));
    expect(r.sim.state.unfinished).toBe(0);
    expect(phases(r)).toEqual({ [wfName(min(5))]: "Failed" });
  });
});
