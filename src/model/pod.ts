import type { ObjectMeta } from "./meta.js";

export const RestartPolicy = { Always: "Always", OnFailure: "OnFailure", Never: "Never" } as const;
export type RestartPolicy = (typeof RestartPolicy)[keyof typeof RestartPolicy];

export const PodPhase = {
  Pending: "Pending",
  Running: "Running",
  Succeeded: "Succeeded",
  Failed: "Failed",
  Unknown: "Unknown",
} as const;
export type PodPhase = (typeof PodPhase)[keyof typeof PodPhase];

export interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { fieldRef?: { fieldPath: string; apiVersion?: string } };
}

export interface Container {
  name: string;
  image?: string;
  command?: string[];
  args?: string[];
  env?: EnvVar[];
  workingDir?: string;
}

export interface PodSpec {
  initContainers?: Container[];
  containers: Container[];
  restartPolicy: RestartPolicy;
  terminationGracePeriodSeconds: number;
  activeDeadlineSeconds?: number;
  hostname?: string;
  subdomain?: string;
}

export interface PodTemplateSpec {
  metadata: { name?: string; labels: Record<string, string>; annotations: Record<string, string> };
  spec: PodSpec;
}

export const PodConditionType = {
  PodScheduled: "PodScheduled",
  Initialized: "Initialized",
  ContainersReady: "ContainersReady",
  Ready: "Ready",
  DisruptionTarget: "DisruptionTarget",
} as const;
export type PodConditionType = (typeof PodConditionType)[keyof typeof PodConditionType];

export interface PodCondition {
  type: string;
  status: "True" | "False" | "Unknown";
  reason?: string;
  message?: string;
  lastTransitionTime: string;
}

export interface ContainerStateWaiting {
  reason: string;
  message?: string;
}
export interface ContainerStateRunning {
  startedAt: string;
}
export interface ContainerStateTerminated {
  exitCode: number;
  signal?: number;
  reason: string;
  message?: string;
  startedAt?: string;
  finishedAt: string;
}
export interface ContainerState {
  waiting?: ContainerStateWaiting;
  running?: ContainerStateRunning;
  terminated?: ContainerStateTerminated;
}

export interface ContainerStatus {
  name: string;
  image?: string;
  state: ContainerState;
  lastState: ContainerState;
  ready: boolean;
  started: boolean;
  restartCount: number;
}

export interface PodStatus {
  phase: PodPhase;
  conditions: PodCondition[];
  initContainerStatuses: ContainerStatus[];
  containerStatuses: ContainerStatus[];
  startTime?: string;
  reason?: string;
  message?: string;
}

export interface Pod {
  apiVersion: "v1";
  kind: "Pod";
  metadata: ObjectMeta;
  spec: PodSpec;
  status: PodStatus;
}
