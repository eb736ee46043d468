import type { Container, EnvVar, JobSpec, PodSpec, RetryPolicy, TemplateRef } from "../model/index.js";

/**
 * Manifests as a user writes them in YAML: Argo's and Kubernetes' field names, every field the API
 * defaults left optional. The loader (spec) validates them and applies the defaults, for YAML and
 * builders alike.
 */

/** Argo's parameter values are strings; numbers and booleans are written as YAML scalars. */
export type ParameterValue = string | number | boolean;

export interface ObjectMetaManifest {
  name?: string;
  generateName?: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

export interface ValueFromManifest {
  path?: string;
  default?: ParameterValue;
  expression?: string;
  parameter?: string;
  supplied?: Record<string, never>;
}

export interface ParameterManifest {
  name: string;
  value?: ParameterValue;
  default?: ParameterValue;
  enum?: ParameterValue[];
  description?: string;
  valueFrom?: ValueFromManifest;
  globalName?: string;
}

export interface ParametersManifest {
  parameters?: ParameterManifest[];
}

/** A template's container: `name` defaults to "main". */
export type ContainerManifest = Omit<Container, "name"> & { name?: string };

export interface ScriptManifest extends ContainerManifest {
  source: string;
}

/** Containers of one pod run as a graph: each waits for those in its `dependencies` to succeed. */
export interface ContainerSetManifest {
  containers: (Container & { dependencies?: string[] })[];
  /** A failed container runs again in place, `retries` times, `duration` apart. */
  retryStrategy?: { retries: number | string; duration?: string };
}

export interface RetryStrategyManifest {
  /** Absent: retry without limit. */
  limit?: number | string;
  /** Argo's default: OnFailure. */
  retryPolicy?: RetryPolicy;
  backoff?: { duration?: string | number; factor?: number | string; maxDuration?: string };
  expression?: string;
}

export interface LifecycleHookManifest {
  template?: string;
  templateRef?: TemplateRef;
  arguments?: ParametersManifest;
  expression?: string;
}

export interface StepManifest {
  name: string;
  template?: string;
  templateRef?: TemplateRef;
  arguments?: ParametersManifest;
  when?: string;
  withItems?: unknown[];
  withParam?: string;
  withSequence?: { count?: number | string; start?: number | string; end?: number | string; format?: string };
  continueOn?: { failed?: boolean; error?: boolean };
  onExit?: string;
  hooks?: Record<string, LifecycleHookManifest>;
}

export interface DagTaskManifest extends StepManifest {
  dependencies?: string[];
  depends?: string;
}

export interface TemplateManifest {
  name: string;
  inputs?: ParametersManifest;
  outputs?: ParametersManifest;
  metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
  container?: ContainerManifest;
  script?: ScriptManifest;
  containerSet?: ContainerSetManifest;
  steps?: StepManifest[][];
  dag?: { tasks: DagTaskManifest[]; failFast?: boolean; target?: string };
  suspend?: { duration?: string | number };
  initContainers?: Container[];
  env?: EnvVar[];
  retryStrategy?: RetryStrategyManifest;
  parallelism?: number;
  activeDeadlineSeconds?: number | string;
  timeout?: string;
  failFast?: boolean;
}

export interface WorkflowSpecManifest {
  entrypoint?: string;
  arguments?: ParametersManifest;
  templates?: TemplateManifest[];
  onExit?: string;
  hooks?: Record<string, LifecycleHookManifest>;
  parallelism?: number;
  activeDeadlineSeconds?: number;
  retryStrategy?: RetryStrategyManifest;
  workflowTemplateRef?: { name: string; clusterScope?: boolean };
  suspend?: boolean;
  ttlStrategy?: { secondsAfterCompletion?: number; secondsAfterSuccess?: number; secondsAfterFailure?: number };
  podGC?: {
    strategy?: "OnPodCompletion" | "OnPodSuccess" | "OnWorkflowCompletion" | "OnWorkflowSuccess";
    labelSelector?: { matchLabels?: Record<string, string>; matchExpressions?: { key: string; operator: "In" | "NotIn" | "Exists" | "DoesNotExist"; values?: string[] }[] };
    /** A duration ("30s") or a number of seconds. Default 5s. */
    deleteDelayDuration?: string | number;
  };
  podSpec?: { terminationGracePeriodSeconds?: number };
}

export interface WorkflowManifest {
  apiVersion: "argoproj.io/v1alpha1";
  kind: "Workflow";
  metadata: ObjectMetaManifest;
  spec: WorkflowSpecManifest;
}

export interface PodSpecManifest extends Partial<Omit<PodSpec, "containers" | "initContainers">> {
  initContainers?: Container[];
  containers: Container[];
}

export interface PodManifest {
  apiVersion: "v1";
  kind: "Pod";
  metadata: ObjectMetaManifest;
  spec: PodSpecManifest;
}

export interface JobSpecManifest extends Partial<Omit<JobSpec, "template">> {
  template: { metadata?: { name?: string; labels?: Record<string, string>; annotations?: Record<string, string> }; spec: PodSpecManifest };
}

export interface JobManifest {
  apiVersion: "batch/v1";
  kind: "Job";
  metadata: ObjectMetaManifest;
  spec: JobSpecManifest;
}

/** What `baton run` reads and what the builders make. */
export type Manifest = WorkflowManifest | JobManifest | PodManifest;
