import type { ObjectMeta } from "./meta.js";
import type { Container, EnvVar } from "./pod.js";

/**
 * Argo Workflows' `argoproj.io/v1alpha1` Workflow and WorkflowTemplate, limited to what Baton
 * runs. Field names and meanings are Argo's; values are as loaded (defaults applied, templates of
 * `templateRef`/`workflowTemplateRef` already copied in). Parameter values are strings, as in Argo.
 */

export interface Parameter {
  name: string;
  value?: string;
  default?: string;
  enum?: string[];
  description?: string;
  /** Output parameters: where the value comes from once the node ran. */
  valueFrom?: ValueFrom;
  /** Output parameters: also published as `workflow.outputs.parameters.<globalName>`. */
  globalName?: string;
}

export interface ValueFrom {
  /** A file the container wrote; read by the executor when the container exits. */
  path?: string;
  default?: string;
  /** `{{…}}`-free expression over the node's scope, e.g. `steps.a.outputs.result`. */
  expression?: string;
  /** A reference, e.g. `{{steps.a.outputs.parameters.x}}` (steps and dag templates). */
  parameter?: string;
  /** Set by `baton resume --node … -p` (suspend templates). */
  supplied?: Record<string, never>;
}

export interface Arguments {
  parameters: Parameter[];
}

export interface Inputs {
  parameters: Parameter[];
}

export interface Outputs {
  parameters: Parameter[];
}

export interface TemplateRef {
  /** The WorkflowTemplate's name. */
  name: string;
  template: string;
  clusterScope?: boolean;
}

export interface ContinueOn {
  failed?: boolean;
  error?: boolean;
}

export interface LifecycleHook {
  template?: string;
  templateRef?: TemplateRef;
  arguments: Arguments;
  /** Only `exit` hooks are run; expression hooks are rejected by validation. */
  expression?: string;
}

export interface Sequence {
  /** Strings: they may hold `{{…}}` references. */
  count?: string;
  start?: string;
  end?: string;
  format?: string;
}

/** What steps and DAG tasks share: what to run, with which arguments, how often, under what condition. */
export interface Invocation {
  name: string;
  template?: string;
  templateRef?: TemplateRef;
  arguments: Arguments;
  when?: string;
  /** Items as written (scalars, lists or maps). */
  withItems?: unknown[];
  withParam?: string;
  withSequence?: Sequence;
  continueOn?: ContinueOn;
  /** The older spelling of `hooks.exit.template`. */
  onExit?: string;
  hooks?: Record<string, LifecycleHook>;
}

export type WorkflowStep = Invocation;

export interface DagTask extends Invocation {
  dependencies?: string[];
  depends?: string;
}

export interface DagTemplate {
  tasks: DagTask[];
  /** Default true: after a failure no new task starts. */
  failFast?: boolean;
  /** Space-separated task names: only these and what they need run. */
  target?: string;
}

export const RetryPolicy = {
  Always: "Always",
  OnFailure: "OnFailure",
  OnError: "OnError",
  OnTransientError: "OnTransientError",
} as const;
export type RetryPolicy = (typeof RetryPolicy)[keyof typeof RetryPolicy];

export interface Backoff {
  /** Durations as Argo writes them: "10s", "1m", or seconds as a number string. */
  duration?: string;
  factor?: number;
  maxDuration?: string;
}

export interface RetryStrategy {
  /** A number or a `{{…}}` reference, as a string. Absent: retry without limit. */
  limit?: string;
  retryPolicy: RetryPolicy;
  backoff?: Backoff;
  /** Retry only while this expression (over `lastRetry.*`) is true. */
  expression?: string;
}

/** A script template: `source` written to a file and run by `command`; stdout is `outputs.result`. */
export interface ScriptTemplate extends Container {
  source: string;
}

export interface ContainerNode extends Container {
  dependencies?: string[];
}

/** A containerSet's retries: each failed container runs again in place, `retries` times, `duration` apart. */
export interface ContainerSetRetryStrategy {
  retries: string;
  duration?: string;
}

export interface Template {
  name: string;
  inputs: Inputs;
  outputs: Outputs;
  metadata: { labels: Record<string, string>; annotations: Record<string, string> };
  container?: Container;
  script?: ScriptTemplate;
  containerSet?: { containers: ContainerNode[]; retryStrategy?: ContainerSetRetryStrategy };
  steps?: WorkflowStep[][];
  dag?: DagTemplate;
  suspend?: { duration?: string };
  initContainers?: Container[];
  /** Environment for every container of the template's pods (Argo's podSpecPatch is not read). */
  env?: EnvVar[];
  retryStrategy?: RetryStrategy;
  parallelism?: number;
  /** Seconds, or a `{{…}}` reference. */
  activeDeadlineSeconds?: string;
  /** A duration ("30s", "1m"), only for leaf templates; counts from the node's start. */
  timeout?: string;
  failFast?: boolean;
}

export interface WorkflowSpec {
  entrypoint: string;
  arguments: Arguments;
  templates: Template[];
  onExit?: string;
  parallelism?: number;
  activeDeadlineSeconds?: number;
  /** Applies to every template without a retryStrategy of its own. */
  retryStrategy?: RetryStrategy;
  /** The template this workflow runs, copied into `templates` at submission. */
  workflowTemplateRef?: { name: string; clusterScope?: boolean };
  suspend?: boolean;
  /** How long a finished workflow is kept before it is deleted, with its nodes and pods. */
  ttlStrategy?: TTLStrategy;
  /** Which pods of the workflow are deleted, and when (the nodes stay). */
  podGC?: PodGC;
  /** Every pod's restartPolicy is Never in Argo: retries are new pods. */
  podSpec?: { terminationGracePeriodSeconds?: number };
}

export interface TTLStrategy {
  secondsAfterCompletion?: number;
  secondsAfterSuccess?: number;
  /** Phase Failed only; an Error workflow takes secondsAfterCompletion, as in Argo. */
  secondsAfterFailure?: number;
}

export const PodGCStrategy = {
  OnPodCompletion: "OnPodCompletion",
  OnPodSuccess: "OnPodSuccess",
  OnWorkflowCompletion: "OnWorkflowCompletion",
  OnWorkflowSuccess: "OnWorkflowSuccess",
} as const;
export type PodGCStrategy = (typeof PodGCStrategy)[keyof typeof PodGCStrategy];

/** Kubernetes' metav1.LabelSelector: all of matchLabels and every expression must hold. */
export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: "In" | "NotIn" | "Exists" | "DoesNotExist"; values?: string[] }[];
}

export interface PodGC {
  /** Absent: no pod is deleted (Argo's PodGCOnPodNone). */
  strategy?: PodGCStrategy;
  /** Only pods whose labels match; absent: every pod. */
  labelSelector?: LabelSelector;
  /** How long after a pod becomes deletable it is deleted ("30s", or seconds); Argo's default is 5s. */
  deleteDelayDuration?: string;
}

export const WorkflowPhase = {
  Pending: "Pending",
  Running: "Running",
  Succeeded: "Succeeded",
  Failed: "Failed",
  Error: "Error",
} as const;
export type WorkflowPhase = (typeof WorkflowPhase)[keyof typeof WorkflowPhase];

export const NodePhase = {
  Pending: "Pending",
  Running: "Running",
  Succeeded: "Succeeded",
  Failed: "Failed",
  Error: "Error",
  Skipped: "Skipped",
  Omitted: "Omitted",
} as const;
export type NodePhase = (typeof NodePhase)[keyof typeof NodePhase];

export const NodeType = {
  Pod: "Pod",
  Steps: "Steps",
  StepGroup: "StepGroup",
  DAG: "DAG",
  TaskGroup: "TaskGroup",
  Retry: "Retry",
  Skipped: "Skipped",
  Suspend: "Suspend",
  Container: "Container",
} as const;
export type NodeType = (typeof NodeType)[keyof typeof NodeType];

export interface NodeOutputs {
  parameters?: { name: string; value: string }[];
  result?: string;
  exitCode?: string;
}

/** One node of `status.nodes`, as Argo reports it. */
export interface NodeStatus {
  id: string;
  name: string;
  displayName: string;
  type: NodeType;
  templateName?: string;
  templateRef?: TemplateRef;
  phase: NodePhase;
  boundaryID?: string;
  message?: string;
  startedAt?: string;
  finishedAt?: string;
  podName?: string;
  inputs?: { parameters: { name: string; value: string }[] };
  outputs?: NodeOutputs;
  children?: string[];
  outboundNodes?: string[];
  /** Argo's "n/m": finished pods under this node over all pods under it. */
  progress?: string;
}

export interface WorkflowStatus {
  phase: WorkflowPhase | "";
  startedAt?: string;
  finishedAt?: string;
  message?: string;
  progress?: string;
  /** Kept in rows of their own (kind WorkflowNode); assembled here when a workflow is read whole. */
  nodes: Record<string, NodeStatus>;
  outputs?: { parameters: { name: string; value: string }[] };
}

export interface Workflow {
  apiVersion: "argoproj.io/v1alpha1";
  kind: "Workflow";
  metadata: ObjectMeta;
  spec: WorkflowSpec;
  status: WorkflowStatus;
}

/** A stored workflow definition: `workflowTemplateRef` and `templateRef` take templates from it. */
export interface WorkflowTemplate {
  apiVersion: "argoproj.io/v1alpha1";
  kind: "WorkflowTemplate";
  metadata: ObjectMeta;
  /** A workflow spec whose `entrypoint` may be empty. */
  spec: WorkflowSpec;
}
