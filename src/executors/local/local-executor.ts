import type {
  Attachment,
  Clock,
  ContainerExited,
  ContainerLaunch,
  ContainerOutput,
  ContainerOutputs,
  ContainerStarted,
  Executor,
  ExecutorReport,
} from "../../model/index.js";
import { StringDecoder } from "node:string_decoder";
import { captured, withScriptFile } from "./container-files.js";
import { exitStatus, startError, type ExitStatus } from "./exit-status.js";
import { logPath } from "./log-path.js";
import { adoptSpawner, onHandover, type AdoptionHost } from "./adoption.js";
import { launchTag } from "./launch-tag.js";
import { containsNul, StartFlag, type SpawnerReport } from "./protocol.js";
import { chooseSpawner, type SpawnerKind } from "./spawner-choice.js";
import { startSpawner, type SpawnerClient, type Survival } from "./spawner-client.js";
import { forgetSpawner, recordIdentity, spawnersDir, survivingSpawners } from "./survival.js";
import { MAX_RESULT, type Container, type Slot, type Termination } from "./owned.js";

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
  /**
   * Containers outlive this process (`baton server`): if it dies, its spawners keep running them,
   * logging their output and keeping their exits, and a new executor on the same `home` takes them
   * over with attach(). close() still ends everything. Default false: they die with it (`baton run`).
   */
  survive?: boolean;
  /** With `survive`: spawners are found again through `<home>/spawners/`. */
  home?: string;
  /** With `survive`: how long a spawner with no client and nothing running waits before it exits (default 600). */
  idleSeconds?: number;
}

const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, delayMs) => setTimeout(callback, delayMs),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

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
  const survival = surviveIn(options);
  const slots: Slot[] = Array.from({ length: spawnerCount }, () => ({ load: 0 }));
  const containers = new Map<number, Container>();
  const podContainers = new Map<string, Set<number>>();
  const terminations = new Map<string, Termination>();
  const reportListeners: ((report: ExecutorReport) => void)[] = [];
  const outputListeners: ((output: ContainerOutput) => void)[] = [];
  let nextId = 1;
  let closing: Promise<void> | undefined;
  let whenIdle: (() => void) | undefined;
  let attached = false;
  /** While attach() runs, and until its caller has had the attachment: reports wait here. */
  let held: ExecutorReport[] | undefined;

  const emit = (report: ExecutorReport): void => {
    if (held !== undefined) held.push(report);
    else for (const listener of reportListeners) listener(report);
  };
  const exitReport = (launch: ContainerLaunch, status: ExitStatus & { message?: string; outputs?: ContainerOutputs }, at = clock.now()): ContainerExited => ({
    type: "ContainerExited",
    podUid: launch.podUid,
    container: launch.container,
    attempt: launch.attempt,
    ...status,
    at,
  });

  const handlersFor = (index: number) => ({
    onReport: (report: SpawnerReport) => onSpawnerReport(index, report),
    onUnexpectedExit: (description: string) => onSpawnerDeath(index, description),
  });

  const spawnerAt = (index: number): SpawnerClient => {
    const existing = slots[index]!.client;
    if (existing !== undefined && !existing.exited) return existing;
    const created = startSpawner(command, inheritEnv, handlersFor(index), survival);
    if (survival !== undefined && created.pid !== undefined) recordIdentity(survival.dir, created.pid);
    slots[index]!.client = created;
    return created;
  };

  /** Among the spawners that take new containers (those taken over do not). */
  const leastBusySpawner = (): number => {
    let best = 0;
    for (let i = 1; i < spawnerCount; i++) if (slots[i]!.load < slots[best]!.load) best = i;
    return best;
  };

  const register = (id: number, container: Container): void => {
    containers.set(id, container);
    const siblings = podContainers.get(container.launch.podUid) ?? new Set<number>();
    siblings.add(id);
    podContainers.set(container.launch.podUid, siblings);
    const slot = slots[container.spawner]!;
    if (slot.load++ === 0) slot.client?.setBusy(true);
  };

  /** `at`: when it ended, if not now (an exit kept by a surviving spawner while no executor was attached). */
  const finish = (id: number, status: ExitStatus & { message?: string; outputs?: ContainerOutputs }, at?: number): void => {
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
    const slot = slots[container.spawner]!;
    const report = exitReport(container.launch, status, at);
    if (slot.handover !== undefined) slot.handover.exits.push(report);
    else emit(report);
    if (--slot.load === 0) {
      slot.client?.setBusy(false);
      if (slot.adopted !== undefined && slot.handover === undefined && closing === undefined) void slot.client?.close();
    }
    if (containers.size === 0) whenIdle?.();
  };

  const forward = (container: Container, stream: 1 | 2, data: string): void => {
    if (data === "") return;
    const { launch } = container;
    if (stream === 1) keepStdout(container, data);
    if (outputListeners.length === 0) return;
    const output: ContainerOutput = { podUid: launch.podUid, container: launch.container, attempt: launch.attempt, stream: stream === 1 ? "stdout" : "stderr", data };
    for (const listener of outputListeners) listener(output);
  };

  const onSpawnerReport = (index: number, report: SpawnerReport): void => {
    const adopted = slots[index]!.adopted;
    if (adopted !== undefined && (report[0] === "A" || report[0] === "C" || report[0] === "H")) return onHandover(adoption, index, report);
    const id = adopted === undefined ? report[1] : adopted.get(report[1]);
    const container = id === undefined ? undefined : containers.get(id);
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
        finish(id!, { ...exitStatus(report[2], report[3]), ...captured(container) }, report[4]);
        return;
      case "F":
        finish(id!, startError(report[2]), report[3]);
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
    slots[index]!.handover?.done();
  };

  const sendKill = (ids: Iterable<number>, signal: "SIGTERM" | "SIGKILL"): void => {
    const bySpawner = new Map<number, number[]>();
    for (const id of ids) {
      const container = containers.get(id);
      if (container === undefined) continue;
      const group = bySpawner.get(container.spawner) ?? [];
      group.push(container.remote);
      bySpawner.set(container.spawner, group);
    }
    for (const [index, group] of bySpawner) slots[index]!.client?.send(["k", signal, ...group]);
  };

  /** A spawner lost during its hand-over: its containers must not run on unowned. */
  const abandon = (index: number): void => {
    const slot = slots[index]!;
    for (const [id, container] of containers) {
      if (container.spawner !== index) continue;
      killGroup(container.pid!);
      containers.delete(id);
      const siblings = podContainers.get(container.launch.podUid)!;
      siblings.delete(id);
      if (siblings.size === 0) podContainers.delete(container.launch.podUid);
    }
    slot.load = 0;
    slot.handover = undefined;
    void slot.client?.close();
  };

  const adoption: AdoptionHost = {
    slots,
    containers,
    newId: () => nextId++,
    register,
    replay(container, data) {
      container.decoders ??= [new StringDecoder("utf8"), new StringDecoder("utf8")];
      keepStdout(container, container.decoders[0]!.write(data)); // for the exit report only: it is not new output
    },
    handlersFor,
    abandon,
  };

  // Started now, so the first container does not wait for a spawner to boot. A native spawner boots
  // in about a millisecond: past the first, each starts when a launch first goes to it, so a run of
  // one pod does not fork the others before its container (nor at all). Node ones all start now.
  const eager = command.kind === "native" ? 1 : spawnerCount;
  for (let index = 0; index < eager; index++) spawnerAt(index);

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
      const container: Container = { launch, spawner: index, remote: id };
      if (launch.capture?.stdout) {
        container.stdout = [];
        container.stdoutLength = 0;
      }
      register(id, container);
      const env = Object.keys(launch.env).length === 0 ? null : launch.env;
      let flags = outputListeners.length > 0 || container.stdout !== undefined ? StartFlag.forward : 0;
      if (survival !== undefined && container.stdout !== undefined) flags |= StartFlag.keepStdout;
      spawner.send(["s", id, launch.argv, env, launch.workingDir ?? null, path, flags, survival === undefined ? "" : launchTag(launch)]);
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

    async attach(): Promise<Attachment> {
      if (survival === undefined || attached) return { running: [], ended: [] };
      attached = true;
      held = [];
      const own = new Set(slots.map((slot) => slot.client?.pid ?? 0));
      const found = survivingSpawners(survival.dir, own);
      const adopted = await Promise.all(found.map(({ pid, socket }) => adoptSpawner(adoption, pid, socket)));
      for (const [i, { pid }] of found.entries()) if (!adopted[i]) forgetSpawner(survival.dir, pid);
      const ended: ContainerExited[] = [];
      for (const slot of slots.slice(spawnerCount)) {
        ended.push(...(slot.handover?.exits ?? []));
        slot.handover = undefined;
        if (slot.load === 0) void slot.client?.close();
      }
      const running: ContainerStarted[] = [];
      for (const { launch, pid, spawner } of containers.values()) {
        if (spawner < spawnerCount) continue;
        running.push({ type: "ContainerStarted", podUid: launch.podUid, container: launch.container, attempt: launch.attempt, pid: pid!, at: clock.now() });
      }
      // Reports that came meanwhile follow the attachment, which the caller hands on first.
      setImmediate(() => {
        const reports = held ?? [];
        held = undefined;
        for (const report of reports) emit(report);
      });
      return { running, ended };
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
        await Promise.all(slots.map((slot) => slot.client?.close()));
      })();
      return closing;
    },
  };
}

function surviveIn(options: LocalExecutorOptions): Survival | undefined {
  if (!options.survive) return undefined;
  if (options.home === undefined) throw new Error("createLocalExecutor: `survive` needs `home`, where spawners are found again");
  return { dir: spawnersDir(options.home), idleMs: Math.round((options.idleSeconds ?? 600) * 1000) };
}

/** Standard output kept for the exit report, when the launch asks for it. */
function keepStdout(container: Container, data: string): void {
  if (container.stdout === undefined || container.stdoutLength! >= MAX_RESULT) return;
  const piece = data.slice(0, MAX_RESULT - container.stdoutLength!);
  container.stdout.push(piece);
  container.stdoutLength! += piece.length;
}

function killGroup(pid: number): void {
  try {
    process.kill(-pid, "SIGKILL");
  } catch {
    // ESRCH: already gone.
  }
}
