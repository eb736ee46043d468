import type {
  Clock,
  ContainerExited,
  ContainerLaunch,
  ContainerOutput,
  ContainerOutputs,
  Executor,
  ExecutorReport,
} from "../../model/index.js";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { StringDecoder } from "node:string_decoder";
import { exitStatus, startError, type ExitStatus } from "./exit-status.js";
import { logPath } from "./log-path.js";
import { containsNul, type SpawnerReport } from "./protocol.js";
import { chooseSpawner, type SpawnerKind } from "./spawner-choice.js";
import { startSpawner, type SpawnerClient } from "./spawner-client.js";

export interface LocalExecutorOptions {
  /** Root of the log files: `<logDir>/<namespace>/<podName>/<container>/<attempt>.log`. */
  logDir: string;
  clock?: Clock;
  /** Containers see Baton's environment overlaid by their own env (default); false: only their own. */
  inheritEnv?: boolean;
  /**
   * How many spawner processes start containers; launches go to the least busy. Default: 2 native
   * ones (~1 MB each; measured ~7% faster than one at 2,000 short pods, 2 at a time, on 2 cores),
   * 1 Node one (~40 MB each; a second measured no faster).
   */
  spawners?: number;
  /**
   * Which spawner starts the processes: "native" (a small C program, built at install), "node"
   * (spawner.js, several times slower per process) or "auto" (default: native if it was built).
   * The BATON_SPAWNER environment variable overrides it, for diagnosis.
   */
  spawner?: SpawnerKind;
}

const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, delayMs) => setTimeout(callback, delayMs),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

interface Container {
  launch: ContainerLaunch;
  spawner: number;
  pid?: number;
  /** stdout's and stderr's, made on the first forwarded chunk: a character may span two chunks. */
  decoders?: [StringDecoder, StringDecoder];
  /** Standard output kept for the exit report, when the launch asks for it. */
  stdout?: string[];
  stdoutLength?: number;
}

/** Argo keeps at most 256 KiB of a step's standard output as its result. */
const MAX_RESULT = 256 * 1024;

interface Termination {
  killAt: number;
  timer?: unknown;
}

/**
 * The host's kubelet, doing half: it starts what the engine asks and reports what happened.
 * Behaviours worth knowing:
 * - A container that cannot start reports ContainerExited (128, StartError) and no ContainerStarted.
 * - A log file is created when the container's first byte of output arrives: no output, no file.
 * - When a container's main process ends, the rest of its process group is SIGKILLed, as a container's
 *   processes die with its init process.
 * - From killPod until the last of the pod's containers has exited, start() for that pod runs nothing
 *   and reports a StartError ("pod is being killed"), so a kill cannot be outrun by a start.
 */
export function createLocalExecutor(options: LocalExecutorOptions): Executor {
  const clock = options.clock ?? systemClock;
  const inheritEnv = options.inheritEnv ?? true;
  const command = chooseSpawner(options.spawner);
  const spawnerCount = Math.max(1, Math.floor(options.spawners ?? (command.kind === "native" ? 2 : 1)));
  const spawners = Array.from({ length: spawnerCount }, (): SpawnerClient | undefined => undefined);
  const loads = spawners.map(() => 0);
  const containers = new Map<number, Container>();
  const podContainers = new Map<string, Set<number>>();
  const terminations = new Map<string, Termination>();
  const reportListeners: ((report: ExecutorReport) => void)[] = [];
  const outputListeners: ((output: ContainerOutput) => void)[] = [];
  let nextId = 1;
  let closing: Promise<void> | undefined;
  let whenIdle: (() => void) | undefined;

  const emit = (report: ExecutorReport): void => {
    for (const listener of reportListeners) listener(report);
  };
  const exitReport = (launch: ContainerLaunch, status: ExitStatus & { message?: string; outputs?: ContainerOutputs }): ContainerExited => ({
    type: "ContainerExited",
    podUid: launch.podUid,
    container: launch.container,
    attempt: launch.attempt,
    ...status,
    at: clock.now(),
  });

  const spawnerAt = (index: number): SpawnerClient => {
    const existing = spawners[index];
    if (existing !== undefined && !existing.exited) return existing;
    const created = startSpawner(command, inheritEnv, {
      onReport: (report) => onSpawnerReport(report),
      onUnexpectedExit: (description) => onSpawnerDeath(index, description),
    });
    spawners[index] = created;
    return created;
  };

  const leastBusySpawner = (): number => {
    let best = 0;
    for (let i = 1; i < loads.length; i++) if (loads[i]! < loads[best]!) best = i;
    return best;
  };

  const finish = (id: number, status: ExitStatus & { message?: string; outputs?: ContainerOutputs }): void => {
    const container = containers.get(id);
    if (container === undefined) return;
    containers.delete(id);
    const { podUid } = container.launch;
    const siblings = podContainers.get(podUid);
    siblings?.delete(id);
    if (siblings?.size === 0) {
      podContainers.delete(podUid);
      const termination = terminations.get(podUid);
      if (termination?.timer !== undefined) clock.clearTimeout(termination.timer);
      terminations.delete(podUid);
    }
    if (--loads[container.spawner]! === 0) spawners[container.spawner]?.setBusy(false);
    emit(exitReport(container.launch, status));
    if (containers.size === 0) whenIdle?.();
  };

  const forward = (container: Container, stream: 1 | 2, data: string): void => {
    if (data === "") return;
    const { launch } = container;
    if (stream === 1 && container.stdout !== undefined && container.stdoutLength! < MAX_RESULT) {
      const piece = data.slice(0, MAX_RESULT - container.stdoutLength!);
      container.stdout.push(piece);
      container.stdoutLength! += piece.length;
    }
    if (outputListeners.length === 0) return;
    const output: ContainerOutput = { podUid: launch.podUid, container: launch.container, attempt: launch.attempt, stream: stream === 1 ? "stdout" : "stderr", data };
    for (const listener of outputListeners) listener(output);
  };

  const onSpawnerReport = (report: SpawnerReport): void => {
    const container = containers.get(report[1]);
    if (container === undefined) return;
    const { launch } = container;
    switch (report[0]) {
      case "S":
        container.pid = report[2];
        emit({ type: "ContainerStarted", podUid: launch.podUid, container: launch.container, attempt: launch.attempt, pid: report[2], at: clock.now() });
        return;
      case "O":
        container.decoders ??= [new StringDecoder("utf8"), new StringDecoder("utf8")];
        forward(container, report[2], container.decoders[report[2] - 1]!.write(report[3]));
        return;
      case "X":
        container.decoders?.forEach((decoder, index) => forward(container, index === 0 ? 1 : 2, decoder.end()));
        finish(report[1], { ...exitStatus(report[2], report[3]), ...captured(container) });
        return;
      case "F":
        finish(report[1], startError(report[2]));
        return;
    }
  };

  // A spawner that dies cannot kill its groups any more, so we do, and report what it cannot.
  const onSpawnerDeath = (index: number, description: string): void => {
    for (const [id, container] of containers) {
      if (container.spawner !== index) continue;
      if (container.pid === undefined) {
        finish(id, startError(`${description} before the container started`));
        continue;
      }
      killGroup(container.pid);
      finish(id, { ...exitStatus(null, "SIGKILL"), message: `${description}; the container was killed` });
    }
  };

  const sendKill = (ids: Iterable<number>, signal: "SIGTERM" | "SIGKILL"): void => {
    const bySpawner = new Map<number, number[]>();
    for (const id of ids) {
      const container = containers.get(id);
      if (container === undefined) continue;
      const group = bySpawner.get(container.spawner) ?? [];
      group.push(id);
      bySpawner.set(container.spawner, group);
    }
    for (const [index, group] of bySpawner) spawners[index]?.send(["k", signal, ...group]);
  };

  // Started now, so the first container does not wait for a Node process to boot.
  for (let index = 0; index < spawnerCount; index++) spawnerAt(index);

  return {
    start(launch) {
      if (closing !== undefined) throw new Error("LocalExecutor.start: the executor is closed");
      const path = logPath(options.logDir, launch);
      const refusal = terminations.has(launch.podUid)
        ? "pod is being killed; the container was not started"
        : containsNul([...launch.argv, ...Object.keys(launch.env), ...Object.values(launch.env), launch.workingDir ?? "", path])
          ? `exec: ${JSON.stringify(launch.argv[0] ?? "")}: invalid argument (a NUL byte)`
          : undefined;
      if (refusal !== undefined) {
        const refused = exitReport(launch, startError(refusal));
        queueMicrotask(() => emit(refused));
        return;
      }
      if (launch.script !== undefined) launch = withScriptFile(launch, path);
      const id = nextId++;
      const index = leastBusySpawner();
      const spawner = spawnerAt(index);
      const container: Container = { launch, spawner: index };
      if (launch.capture?.stdout) {
        container.stdout = [];
        container.stdoutLength = 0;
      }
      containers.set(id, container);
      const siblings = podContainers.get(launch.podUid) ?? new Set<number>();
      siblings.add(id);
      podContainers.set(launch.podUid, siblings);
      if (loads[index]!++ === 0) spawner.setBusy(true);
      const env = Object.keys(launch.env).length === 0 ? null : launch.env;
      const forwardOutput = outputListeners.length > 0 || container.stdout !== undefined ? 1 : 0;
      spawner.send(["s", id, launch.argv, env, launch.workingDir ?? null, path, forwardOutput]);
    },

    killPod(podUid, gracePeriodSeconds) {
      const ids = podContainers.get(podUid);
      if (ids === undefined) return;
      const graceMs = Math.max(0, gracePeriodSeconds) * 1000;
      const killAt = clock.now() + graceMs;
      const previous = terminations.get(podUid);
      // A second kill may shorten the grace period, never lengthen it (as `kubectl delete --grace-period`).
      if (previous !== undefined && previous.killAt <= killAt) return;
      if (previous?.timer !== undefined) clock.clearTimeout(previous.timer);
      if (graceMs === 0) {
        sendKill(ids, "SIGKILL");
        terminations.set(podUid, { killAt });
        return;
      }
      if (previous === undefined) sendKill(ids, "SIGTERM");
      const timer = clock.setTimeout(() => {
        const termination = terminations.get(podUid);
        if (termination !== undefined) termination.timer = undefined;
        sendKill(podContainers.get(podUid) ?? [], "SIGKILL");
      }, graceMs);
      terminations.set(podUid, { killAt, timer });
    },

    onReport(listener) {
      reportListeners.push(listener);
    },

    onOutput(listener) {
      outputListeners.push(listener);
    },

    logPath(key) {
      return logPath(options.logDir, key);
    },

    close() {
      closing ??= (async () => {
        for (const termination of terminations.values()) {
          if (termination.timer !== undefined) clock.clearTimeout(termination.timer);
        }
        if (containers.size > 0) {
          const idle = new Promise<void>((resolve) => (whenIdle = resolve));
          sendKill(containers.keys(), "SIGKILL");
          await idle;
        }
        await Promise.all(spawners.map((spawner) => spawner?.close()));
      })();
      return closing;
    },
  };
}

/** A script template's source, written beside the container's log and run by its command. */
function withScriptFile(launch: ContainerLaunch, logFile: string): ContainerLaunch {
  const file = logFile.replace(/\.log$/, ".script");
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, launch.script!, { mode: 0o755 });
  return { ...launch, argv: [...launch.argv, file] };
}

/** What the launch asked to capture: standard output and the contents of output files. */
function captured(container: Container): { outputs?: ContainerOutputs } {
  const capture = container.launch.capture;
  if (capture === undefined) return {};
  const outputs: ContainerOutputs = {};
  if (container.stdout !== undefined) outputs.stdout = container.stdout.join("");
  if (capture.files.length > 0) {
    outputs.files = {};
    for (const file of capture.files) {
      try {
        outputs.files[file] = readFileSync(resolveIn(container.launch.workingDir, file), "utf8");
      } catch {
        outputs.files[file] = null;
      }
    }
  }
  return { outputs };
}

function resolveIn(workingDir: string | undefined, file: string): string {
  return workingDir === undefined || file.startsWith("/") ? file : `${workingDir}/${file}`;
}

function killGroup(pid: number): void {
  try {
    process.kill(-pid, "SIGKILL");
  } catch {
    // ESRCH: already gone.
  }
}
