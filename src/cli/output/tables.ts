import type { Job, Pod, Resource, Workflow } from "../../model/index.js";

/** kubectl's short ages: 42s, 3m12s, 2h5m, 4d. */
export function age(fromIso: string | undefined, now: number, toIso?: string): string {
  if (!fromIso) return "<unknown>";
  const s = Math.max(0, Math.floor(((toIso ? Date.parse(toIso) : now) - Date.parse(fromIso)) / 1000));
  if (s < 120) return `${s}s`;
  if (s < 600) return `${Math.floor(s / 60)}m${s % 60 ? `${s % 60}s` : ""}`;
  if (s < 3 * 3600) return `${Math.floor(s / 60)}m`;
  if (s < 48 * 3600) return `${Math.floor(s / 3600)}h${Math.floor((s % 3600) / 60) ? `${Math.floor((s % 3600) / 60)}m` : ""}`;
  return `${Math.floor(s / 86400)}d`;
}

function jobStatus(j: Job): string {
  const has = (type: string) => j.status.conditions.some((c) => c.type === type && c.status === "True");
  if (has("Complete")) return "Complete";
  if (has("Failed")) return "Failed";
  if (has("Suspended")) return "Suspended";
  if (has("FailureTarget")) return "FailureTarget";
  return "Running";
}

function podReady(p: Pod): string {
  const ready = p.status.containerStatuses.filter((s) => s.ready).length;
  return `${ready}/${p.spec.containers.length}`;
}

function podStatus(p: Pod): string {
  for (const s of p.status.containerStatuses) if (s.state.waiting?.reason && s.state.waiting.reason !== "ContainerCreating") return s.state.waiting.reason;
  return p.metadata.deletionTimestamp && p.status.phase === "Running" ? "Terminating" : p.status.phase;
}

type Spec = Record<string, unknown>;
const specOf = (r: Resource) => (r as unknown as { spec: Spec }).spec;
const statusOf = (r: Resource) => ((r as unknown as { status?: Spec }).status ?? {});

/** Columns as `kubectl get` and `argo list` print them (wide adds the right-hand ones). */
export function tableOf(kind: string, items: Resource[], now: number, wide: boolean, namespaces: boolean): string[][] {
  const head: Record<string, string[]> = {
    Pod: ["NAME", "READY", "STATUS", "RESTARTS", "AGE", ...(wide ? ["OWNER"] : [])],
    Job: ["NAME", "STATUS", "COMPLETIONS", "DURATION", "AGE", ...(wide ? ["CONTAINERS", "SELECTOR"] : [])],
    Workflow: ["NAME", "STATUS", "AGE", "DURATION", "MESSAGE"],
    WorkflowTemplate: ["NAME", "AGE"],
    CronJob: ["NAME", "SCHEDULE", "TIMEZONE", "SUSPEND", "ACTIVE", "LAST SCHEDULE", "AGE"],
    CronWorkflow: ["NAME", "AGE", "LAST RUN", "SCHEDULE", "TIMEZONE", "SUSPENDED"],
  };
  const row = (r: Resource): string[] => {
    const created = r.metadata.creationTimestamp;
    if (r.kind === "Pod") {
      const restarts = r.status.containerStatuses.reduce((n, s) => n + s.restartCount, 0);
      return [r.metadata.name, podReady(r), podStatus(r), String(restarts), age(created, now), ...(wide ? [r.metadata.ownerReferences?.[0] ? `${r.metadata.ownerReferences[0].kind.toLowerCase()}/${r.metadata.ownerReferences[0].name}` : "<none>"] : [])];
    }
    if (r.kind === "Job") {
      const completions = `${r.status.succeeded}/${r.spec.completions ?? 1}`;
      const duration = r.status.startTime ? age(r.status.startTime, now, r.status.completionTime) : "";
      return [r.metadata.name, jobStatus(r), completions, duration, age(created, now), ...(wide ? [r.spec.template.spec.containers.map((c) => c.name).join(","), `batch.kubernetes.io/controller-uid=${r.metadata.uid}`] : [])];
    }
    if (r.kind === "Workflow") {
      const w = r as Workflow;
      const duration = w.status.startedAt ? age(w.status.startedAt, now, w.status.finishedAt) : "0s";
      return [w.metadata.name, w.status.phase || "Pending", age(created, now), duration, w.status.message ?? ""];
    }
    const spec = specOf(r);
    const status = statusOf(r);
    if (r.kind === "WorkflowTemplate") return [r.metadata.name, age(created, now)];
    if ((r.kind as string) === "CronJob") {
      return [r.metadata.name, String(spec.schedule), String(spec.timeZone ?? "<none>"), String(spec.suspend ?? false), String((status.active as unknown[] | undefined)?.length ?? 0), status.lastScheduleTime ? age(status.lastScheduleTime as string, now) : "<none>", age(created, now)];
    }
    const schedules = (spec.schedules as string[] | undefined) ?? [String(spec.schedule)];
    return [r.metadata.name, age(created, now), status.lastScheduledTime ? age(status.lastScheduledTime as string, now) : "N/A", schedules.join(","), String(spec.timezone ?? ""), String(spec.suspend ?? false)];
  };
  const header = head[kind] ?? ["NAME", "AGE"];
  return [namespaces ? ["NAMESPACE", ...header] : header, ...items.map((r) => (namespaces ? [r.metadata.namespace, ...row(r)] : row(r)))];
}

/** Left-aligned columns, three spaces apart, as kubectl prints them. */
export function formatTable(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length)));
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]! + 3))).join("").trimEnd());
}
