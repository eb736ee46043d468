import { BatonAnnotation, type Container } from "../model/index.js";
import { defined } from "./fields.js";
import type { JobManifest, JobSpecManifest, ObjectMetaManifest, PodManifest, PodSpecManifest } from "./manifest.js";

interface Dependencies {
  /** Jobs or Pods (or their names) that must succeed first: Baton's `baton.dev/depends-on`. */
  dependsOn?: (string | { metadata: { name?: string } })[];
}

export type PodOptions = ObjectMetaManifest & Dependencies & PodSpecManifest;

export type JobOptions = ObjectMetaManifest &
  Dependencies &
  Omit<JobSpecManifest, "template"> & {
    containers: Container[];
    initContainers?: Container[];
    /** Required by Kubernetes for a Job's pods: `Never` or `OnFailure`. */
    restartPolicy: "Never" | "OnFailure";
    terminationGracePeriodSeconds?: number;
    /** Labels and annotations of the Job's pods. */
    podMetadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
  };

/** A `v1 Pod` manifest: `pod({ name: "hello", restartPolicy: "Never", containers: [...] })`. */
export function pod(options: PodOptions): PodManifest {
  const { name, generateName, namespace, labels, annotations, dependsOn, ...spec } = options;
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: metadata({ name, generateName, namespace, labels, annotations }, dependsOn),
    spec: defined(spec),
  };
}

/** A `batch/v1 Job` manifest; the pod fields (`containers`, `restartPolicy`, …) go into `spec.template.spec`. */
export function job(options: JobOptions): JobManifest {
  const { name, generateName, namespace, labels, annotations, dependsOn, containers, initContainers, restartPolicy, terminationGracePeriodSeconds, podMetadata, ...spec } = options;
  return {
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: metadata({ name, generateName, namespace, labels, annotations }, dependsOn),
    spec: {
      ...defined(spec),
      template: defined({
        metadata: podMetadata,
        spec: defined({ initContainers, containers, restartPolicy, terminationGracePeriodSeconds }),
      }),
    },
  };
}

function metadata(meta: ObjectMetaManifest, dependsOn: Dependencies["dependsOn"]): ObjectMetaManifest {
  if (dependsOn === undefined || dependsOn.length === 0) return defined(meta);
  const names = dependsOn.map((d) => {
    const name = typeof d === "string" ? d : d.metadata.name;
    if (name === undefined) throw new Error("dependsOn: a dependency has no metadata.name (a generateName cannot be depended on)");
    return name;
  });
  return defined({ ...meta, annotations: { ...meta.annotations, [BatonAnnotation.dependsOn]: names.join(", ") } });
}
