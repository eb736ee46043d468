import type { Container, Job, JobSpec, Pod, PodSpec } from "../model/index.js";

let counter = 0;
function meta(name: string, annotations: Record<string, string> = {}) {
  counter++;
  return { name, namespace: "default", uid: `uid-${name}-${counter}`, labels: {}, annotations };
}

export function container(name: string, command: string[] = ["true"]): Container {
  return { name, image: "busybox", command };
}

/** A Job as the spec layer would give it after defaults, with test-friendly overrides. */
export function job(name: string, spec: Partial<JobSpec> = {}, pod: Partial<PodSpec> = {}, annotations: Record<string, string> = {}): Job {
  const full: JobSpec = {
    parallelism: 1, completions: 1, completionMode: "NonIndexed", backoffLimit: 6, suspend: false,
    podReplacementPolicy: spec.podFailurePolicy ? "Failed" : "TerminatingOrFailed",
    template: { metadata: { labels: {}, annotations: {} }, spec: { containers: [container("main")], restartPolicy: "Never", terminationGracePeriodSeconds: 30, ...pod } },
    ...spec,
  };
  return {
    apiVersion: "batch/v1", kind: "Job", metadata: meta(name, annotations), spec: full,
    status: { conditions: [], active: 0, ready: 0, terminating: 0, succeeded: 0, failed: 0 },
  };
}

export function pod(name: string, spec: Partial<PodSpec> = {}, annotations: Record<string, string> = {}): Pod {
  return {
    apiVersion: "v1", kind: "Pod", metadata: meta(name, annotations),
    spec: { containers: [container("main")], restartPolicy: "Never", terminationGracePeriodSeconds: 30, ...spec },
    status: { phase: "Pending", conditions: [], initContainerStatuses: [], containerStatuses: [] },
  };
}
