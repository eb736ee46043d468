import { JobPodMetadata, type Container, type Pod } from "../model/index.js";
import { derivedUid, nameSuffix } from "./ids.js";
import { initPodStatus } from "./pod.js";
import type { JobEntry, PodEntry } from "./state.js";

function withIndexEnv(c: Container): Container {
  const env = [...(c.env ?? []), { name: "JOB_COMPLETION_INDEX", valueFrom: { fieldRef: { fieldPath: `metadata.annotations['${JobPodMetadata.completionIndex}']` } } }];
  return { ...c, env };
}

/** A pod from the Job's template, labelled and annotated as Kubernetes' Job controller does. */
export function newJobPod(j: JobEntry, index: number | undefined, iso: string): PodEntry {
  const job = j.object;
  const seq = j.job.podSeq++;
  const template = job.spec.template;
  const indexed = index !== undefined;
  const base = indexed ? `${job.metadata.name}-${index}` : job.metadata.name;
  const name = `${base}-${nameSuffix(`${job.metadata.uid}/${seq}`)}`;
  const jobLabels = {
    [JobPodMetadata.controllerUid]: job.metadata.uid,
    [JobPodMetadata.jobName]: job.metadata.name,
    [JobPodMetadata.legacyControllerUid]: job.metadata.uid,
    [JobPodMetadata.legacyJobName]: job.metadata.name,
  };
  const labels: Record<string, string> = { ...template.metadata.labels, ...jobLabels };
  const annotations: Record<string, string> = { ...job.metadata.annotations, ...template.metadata.annotations };
  if (indexed) {
    labels[JobPodMetadata.completionIndex] = String(index);
    annotations[JobPodMetadata.completionIndex] = String(index);
  }
  const spec = indexed
    ? {
        ...template.spec,
        hostname: template.spec.hostname ?? base,
        initContainers: template.spec.initContainers?.map(withIndexEnv),
        containers: template.spec.containers.map(withIndexEnv),
      }
    : template.spec;
  if (spec.initContainers === undefined) delete spec.initContainers;
  const pod: Pod = {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name,
      namespace: job.metadata.namespace,
      uid: derivedUid(`${job.metadata.uid}/${seq}`),
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
