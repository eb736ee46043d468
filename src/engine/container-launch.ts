import { BatonAnnotation } from "../model/index.js";
import type { Container, ContainerLaunch, EnvVar, Pod } from "../model/index.js";
import { expand } from "./expansion.js";

/** `metadata.labels['k']` or `metadata.annotations['k']`, parsed once per path: paths repeat every launch. */
const keyedPaths = new Map<string, { labels: boolean; key: string } | null>();

function keyedPath(fieldPath: string): { labels: boolean; key: string } | null {
  let k = keyedPaths.get(fieldPath);
  if (k === undefined) {
    const m = /^metadata\.(labels|annotations)\['(.+)'\]$/.exec(fieldPath);
    k = m ? { labels: m[1] === "labels", key: m[2]! } : null;
    keyedPaths.set(fieldPath, k);
  }
  return k;
}

/** The value of a `valueFrom.fieldRef` path, as the downward API gives it. */
function fieldValue(pod: Pod, fieldPath: string): string {
  const m = pod.metadata;
  const keyed = keyedPath(fieldPath);
  if (keyed) return (keyed.labels ? m.labels : m.annotations)[keyed.key] ?? "";
  switch (fieldPath) {
    case "metadata.name":
      return m.name;
    case "metadata.namespace":
      return m.namespace;
    case "metadata.uid":
      return m.uid;
    case "metadata.labels":
      return Object.entries(m.labels).map(([k, v]) => `${k}="${v}"`).join("\n");
    case "metadata.annotations":
      return Object.entries(m.annotations).map(([k, v]) => `${k}="${v}"`).join("\n");
    case "spec.nodeName":
      return "localhost";
    default:
      return "";
  }
}

/** A container's environment: each value may refer to the variables defined before it. */
export function resolveEnv(pod: Pod, env: EnvVar[] = []): Record<string, string> {
  const out: Record<string, string> = { HOSTNAME: pod.spec.hostname ?? pod.metadata.name };
  // A worker of a work queue learns its queue's name; the runtime adds where the queue lives.
  const queue = pod.metadata.annotations[BatonAnnotation.workQueue];
  if (queue !== undefined) out.BATON_QUEUE = queue;
  for (const v of env) {
    if (v.valueFrom?.fieldRef) out[v.name] = fieldValue(pod, v.valueFrom.fieldRef.fieldPath);
    else out[v.name] = expand(v.value ?? "", (n) => out[n]);
  }
  return out;
}

export function buildLaunch(pod: Pod, container: Container, init: boolean, attempt: number, jobName?: string): ContainerLaunch {
  const env = resolveEnv(pod, container.env);
  const lookup = (n: string): string | undefined => env[n];
  const argv: string[] = [];
  for (const a of container.command ?? []) argv.push(expand(a, lookup));
  for (const a of container.args ?? []) argv.push(expand(a, lookup));
  const launch: ContainerLaunch = {
    podUid: pod.metadata.uid,
    namespace: pod.metadata.namespace,
    podName: pod.metadata.name,
    container: container.name,
    init,
    attempt,
    argv,
    env,
  };
  if (jobName !== undefined) launch.jobName = jobName;
  if (container.workingDir !== undefined) launch.workingDir = container.workingDir;
  return launch;
}
