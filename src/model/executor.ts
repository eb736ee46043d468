/** What the engine asks an executor to run: one attempt of one container of one pod. */
export interface ContainerLaunch {
  podUid: string;
  namespace: string;
  podName: string;
  /** The owning Job's name, for log prefixes; absent for a bare Pod. */
  jobName?: string;
  container: string;
  init: boolean;
  /** 0 for the first run, then the container's restartCount. */
  attempt: number;
  /** command and args, joined and with $(VAR) references already expanded. */
  argv: string[];
  /** The container's own environment (pod env, JOB_COMPLETION_INDEX, HOSTNAME …), expanded. */
  env: Record<string, string>;
  workingDir?: string;
  /** A script template's source: written to a file whose path is appended to argv. */
  script?: string;
  /** What to hand back in the exit report: stdout (a workflow step's result) and output files. */
  capture?: { stdout: boolean; files: string[] };
}

/** Captured at exit, as asked by `ContainerLaunch.capture`. */
export interface ContainerOutputs {
  /** Standard output, at most 256 KiB (Argo's limit for `outputs.result`). */
  stdout?: string;
  /** Each asked path: its content, or null when it could not be read. */
  files?: Record<string, string | null>;
}

export interface ContainerStarted {
  type: "ContainerStarted";
  podUid: string;
  container: string;
  attempt: number;
  pid: number;
  at: number;
}

export interface ContainerExited {
  type: "ContainerExited";
  podUid: string;
  container: string;
  attempt: number;
  exitCode: number;
  /** The signal that ended the process, e.g. "SIGKILL". */
  signal?: string;
  /** Kubernetes' terminated reasons: Completed, Error, StartError. */
  reason: "Completed" | "Error" | "StartError";
  message?: string;
  outputs?: ContainerOutputs;
  at: number;
}

export type ExecutorReport = ContainerStarted | ContainerExited;

/** One attempt of one container of one pod. */
export type ContainerKey = Pick<ContainerLaunch, "podUid" | "container" | "attempt">;

/**
 * What `Executor.attach` took over: containers that an earlier executor on the same home started
 * and that outlived its process (only an executor made to survive its owner leaves any).
 */
export interface Attachment {
  /** Still running, now this executor's: killPod reaches them, their output and exit are reported. */
  running: ContainerStarted[];
  /**
   * Ended while no executor was attached, in the order they ended. May repeat an exit the earlier
   * executor reported just before it died (it may not have been recorded); the engine ignores an
   * exit it already has.
   */
  ended: ContainerExited[];
}

/** A chunk of a container's output, for live streaming. */
export interface ContainerOutput {
  podUid: string;
  container: string;
  attempt: number;
  stream: "stdout" | "stderr";
  data: string;
}

/**
 * Runs containers and reports what happened to them. The local executor runs host processes;
 * a Kubernetes executor (later) runs real pods. Every report is delivered through `onReport`.
 */
export interface Executor {
  start(launch: ContainerLaunch): void;
  /** Ends every running container of the pod: SIGTERM, then SIGKILL after the grace period. */
  killPod(podUid: string, gracePeriodSeconds: number): void;
  onReport(listener: (report: ExecutorReport) => void): void;
  onOutput(listener: (output: ContainerOutput) => void): void;
  /** Where the log of one container attempt is kept (readable after the run). */
  logPath(launch: Pick<ContainerLaunch, "namespace" | "podName" | "container" | "attempt">): string;
  /** Kills everything still running and releases the executor. */
  close(): Promise<void>;
  /**
   * Takes over what an earlier executor on the same home left running when its process died. Call
   * once, before the first start(). Later reports about the containers taken over come through
   * onReport, from the next turn of the event loop on: hand the attachment to the engine at once.
   */
  attach?(): Promise<Attachment>;
}
