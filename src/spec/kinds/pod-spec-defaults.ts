import type { Container, EnvVar, PodSpec, PodStatus, RestartPolicy } from "../../model/index.js";
import type { RawContainer, RawEnvVar, RawPodSpec } from "./pod-spec-schema.js";

/** Kubernetes' SetDefaults_PodSpec, limited to the fields of the model. */
export function toPodSpec(spec: RawPodSpec): PodSpec {
  return {
    ...(spec.initContainers !== undefined ? { initContainers: spec.initContainers.map(toContainer) } : {}),
    containers: (spec.containers ?? []).map(toContainer),
    restartPolicy: (spec.restartPolicy || "Always") as RestartPolicy,
    terminationGracePeriodSeconds: spec.terminationGracePeriodSeconds ?? 30,
    ...defined({ activeDeadlineSeconds: spec.activeDeadlineSeconds, hostname: spec.hostname, subdomain: spec.subdomain }),
  };
}

export function initialPodStatus(): PodStatus {
  return { phase: "Pending", conditions: [], initContainerStatuses: [], containerStatuses: [] };
}

function toContainer(container: RawContainer): Container {
  return {
    name: container.name ?? "",
    ...defined({
      image: container.image,
      command: container.command && [...container.command],
      args: container.args && [...container.args],
      env: container.env?.map(toEnvVar),
      workingDir: container.workingDir,
    }),
  };
}

function toEnvVar(variable: RawEnvVar): EnvVar {
  const fieldRef = variable.valueFrom?.fieldRef;
  return {
    name: variable.name ?? "",
    ...defined({ value: variable.value }),
    ...(fieldRef !== undefined
      ? { valueFrom: { fieldRef: { fieldPath: fieldRef.fieldPath ?? "", apiVersion: fieldRef.apiVersion ?? "v1" } } }
      : {}),
  };
}

/** The entries whose value is set: the model's optional fields are absent, not `undefined`. */
export function defined<T extends Record<string, unknown>>(fields: T): Partial<{ [K in keyof T]: Exclude<T[K], undefined> }> {
  const result: Record<string, unknown> = {};
  // for…in rather than Object.entries: no array per call, for a function called several times per DAG task.
  for (const key in fields) if (fields[key] !== undefined) result[key] = fields[key];
  return result as Partial<{ [K in keyof T]: Exclude<T[K], undefined> }>;
}
