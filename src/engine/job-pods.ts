import { JobPodMetadata, type Container, type Job, type Pod } from "../model/index.js";
import { podIdentity } from "./ids.js";
import { initPodStatus } from "./pod.js";
import type { JobEntry, PodEntry } from "./state.js";

function withIndexEnv(c: Container): Container {
  const env = [...(c.env ?? []), { name: "JOB_COMPLETION_INDEX", valueFrom: { fieldRef: { fieldPath: `metadata.annotations['${JobPodMetadata.completionIndex}']` } } }];
  return { ...c, env };
}

/**
 * The labels and annotations every pod of a Job gets, built once per Job and shared: pods never
 * change their metadata, so sharing is safe and saves an allocation per pod.
 */
const metadataCache = new WeakMap<Job, { labels: Record<string, string>; annotations: Record<string, string> }>();

function sharedMetadata(job: Job): { labels: Record<string, string>; annotations: Record<string, string> } {
  let m = metadataCache.get(job);
  if (!m) {
    const template = job.spec.template;
    const labels = {
      ...template.metadata.labels,
      [JobPodMetadata.controllerUid]: job.metadata.uid,
      [JobPodMetadata.jobName]: job.metadata.name,
      [JobPodMetadata.legacyControllerUid]: job.metadata.uid,
      [JobPodMetadata.legacyJobName]: job.metadata.name,
    };
    m = { labels, annotations: { ...job.metadata.annotations, ...template.metadata.annotations } };
    metadataCache.set(job, m);
  }
  return m;
}

/** A pod from the Job's template, labelled and annotated as Kubernetes' Job controller does. */
export function newJobPod(j: JobEntry, index: number | undefined, iso: string): PodEntry {
  const job = j.object;
  const seq = j.job.podSeq++;
  const template = job.spec.template;
  const indexed = index !== undefined;
  const base = indexed ? `${job.metadata.name}-${index}` : job.metadata.name;
  const id = podIdentity(job.metadata.uid, seq);
  const name = `${base}-${id.suffix}`;
  const shared = sharedMetadata(job);
  let labels = shared.labels;
  let annotations = shared.annotations;
  if (indexed) {
    labels = { ...labels, [JobPodMetadata.completionIndex]: String(index) };
    annotations = { ...annotations, [JobPodMetadata.completionIndex]: String(index) };
  }
  let spec = template.spec;
  if (indexed) {
    spec = { ...spec, hostname: spec.hostname ?? base, containers: spec.containers.map(withIndexEnv) };
    if (template.spec.initContainers) spec.initContainers = template.spec.initContainers.map(withIndexEnv);
  }
  const pod: Pod = {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name,
      namespace: job.metadata.namespace,
      uid: id.uid,
      generateName: `${base}-`,
      labels,
      annotations,
      creationTimestamp: iso,
      ownerReferences: [{ apiVersion: "batch/v1", kind: "Job", name: job.metadata.name, uid: job.metadata.uid, controller: true }],
    },
    spec,
    status: { phase: "Pending", conditions: [], initContainerStatuses: [], containerStatuses: [] },
  };
  const entry: PodEntry = {
    kind: "Pod",
    object: pod,
    pod: { owner: job.metadata.uid, live: [] },
    waitingFor: 0,
    timers: {},
    topLevel: false,
    finished: false,
  };
  if (indexed) entry.pod.index = index;
  initPodStatus(entry);
  return entry;
}
