import type { Action, ContainerKey, ContainerLaunch, ContainerOutputs, EngineEvent, Resource, StoredObject } from "../model/index.js";
import { EngineState, reconcile, toStored } from "../engine/index.js";
import { EventQueue } from "./event-queue.js";

/** How a fake container behaves: how long it runs and how it ends. */
export interface FakeOutcome {
  durationMs: number;
  exitCode: number;
  /** Ignores SIGTERM: only the SIGKILL after the grace period ends it. */
  ignoresTerm?: boolean;
  /** Reported with a natural exit (not a kill), as the executor would for `launch.capture`. */
  outputs?: ContainerOutputs;
}

export type Behaviour = (launch: ContainerLaunch, now: number) => FakeOutcome;

export interface SimulationOptions {
  /**
   * Keeps a fake store: after every step the changed entries are committed as JSON text, as the
   * runtime would write them. Needed by `restart()`.
   */
  persist?: boolean;
  /**
   * Drop a Job's finished pods from memory as the runtime does (default: keep them, so that
   * checks can recount a Job's status from its pods).
   */
  evictFinishedPods?: boolean;
}

interface Running {
  launch: ContainerLaunch;
  outcome: FakeOutcome;
}

/**
 * A queued event, with the generation of the engine (timers) or of the executor (reports) that
 * produced it; -1: from outside.
 */
interface Queued {
  event: EngineEvent;
  epoch: number;
}

/**
 * A discrete-event simulation of the runtime: a fake clock, a fake executor whose containers
 * behave as `behaviour` says, and timers — all in one queue, so a run is exact and repeatable.
 * `observe` is called after every event with the event and the actions decided, before the
 * actions are performed.
 */
export class Simulation {
  /** The engine's state; replaced by `restart()`. */
  state = new EngineState();
  now = 0;
  steps = 0;
  /** Engine restarts so far. */
  epoch = 0;
  /** Executor generations: a crash that containers survive keeps the executor's. */
  private executorEpoch = 0;
  /** Attempts whose processes were lost (`loseProcess`): nothing more is reported about them. */
  private readonly lost = new Set<string>();
  readonly started: ContainerLaunch[] = [];
  private readonly queue = new EventQueue<Queued>();
  private readonly timers = new Map<string, number>();
  private readonly running = new Map<string, Map<string, Running>>();
  private readonly stored = new Map<string, string>();

  constructor(
    private readonly behaviour: Behaviour,
    private readonly observe?: (event: EngineEvent, actions: Action[], sim: Simulation) => void,
    private readonly options: SimulationOptions = {},
  ) {
    this.state.retainFinishedPods = !options.evictFinishedPods;
  }

  submit(resources: Resource[], at = this.now): void {
    this.queue.push(at, { event: { type: "Submitted", resources, at }, epoch: -1 });
  }

  /** Queues an event from outside the engine (API, user): it survives engine restarts. */
  push(event: EngineEvent): void {
    this.queue.push(event.at, { event, epoch: -1 });
  }

  /** Runs until nothing is left to happen, or `until` (fake ms) is reached. Returns the step count. */
  run(options: { until?: number; maxSteps?: number } = {}): number {
    const until = options.until ?? Infinity;
    const maxSteps = options.maxSteps ?? 10_000_000;
    for (let next = this.queue.pop(); next; next = this.queue.pop()) {
      if (next.at > until) {
        this.queue.push(next.at, next.item);
        break;
      }
      const { epoch, event: queued } = next.item;
      // Timers of an engine that died died with it; so did the reports of its executor, unless the
      // containers survived it.
      if (epoch >= 0 && epoch !== (queued.type === "TimerFired" ? this.epoch : this.executorEpoch)) continue;
      if ((queued.type === "ContainerExited" || queued.type === "ContainerStarted") && this.lost.has(keyOf(queued))) continue;
      this.now = Math.max(this.now, next.at);
      const event = { ...next.item.event, at: this.now } as EngineEvent;
      if (event.type === "TimerFired" && this.timers.get(event.key) !== next.at) continue;
      if (event.type === "TimerFired") this.timers.delete(event.key);
      this.forget(event);
      this.step(event);
      if (this.steps >= maxSteps) throw new Error(`simulation did not settle within ${maxSteps} steps`);
    }
    if (until !== Infinity) this.now = Math.max(this.now, until);
    return this.steps;
  }

  /**
   * An engine restart: the engine process dies with its containers' processes and its timers; a
   * new one loads the committed rows (JSON text, so they must round-trip) and is sent `Resumed`.
   * Returns the uids of entries whose live state differed from what was committed — changes the
   * crash lost, which a correct engine never has (every change is touched).
   */
  restart(): string[] {
    const lost = this.crash();
    this.resume();
    return lost;
  }

  /**
   * The first half of `restart()`: the engine dies and a new one loads the committed rows. With
   * `survive` (as `baton server`'s spawners), the containers run on and their reports are kept for
   * the new engine; otherwise they die with it.
   */
  crash(options: { survive?: boolean } = {}): string[] {
    if (!this.options.persist) throw new Error("restart() needs a Simulation with { persist: true }");
    const lost: string[] = [];
    for (const [uid, e] of this.state.entries) if (this.stored.get(uid) !== JSON.stringify(toStored(e))) lost.push(uid);
    this.state = EngineState.fromStored(this.storedRows(), { retainFinishedPods: !this.options.evictFinishedPods });
    this.epoch++;
    if (!options.survive) {
      this.executorEpoch++;
      this.running.clear();
    }
    this.timers.clear();
    return lost;
  }

  /**
   * The second half of `restart()`: the new engine is told it resumed, at `at` (later than the
   * crash: the time the engine was down). Containers that survived the crash are adopted: those
   * still running, and those that ended meanwhile, whose exits follow `Resumed`.
   */
  resume(at = this.now): void {
    this.now = Math.max(this.now, at);
    const adopted: ContainerKey[] = [];
    for (const pod of this.running.values()) {
      for (const { launch } of pod.values()) adopted.push({ podUid: launch.podUid, container: launch.container, attempt: launch.attempt });
    }
    this.step(adopted.length === 0 ? { type: "Resumed", at: this.now } : { type: "Resumed", at: this.now, adopted });
  }

  /** The process of a running container is lost (its spawner was killed): nothing of it is ever reported. */
  loseProcess(podUid: string, container: string): void {
    const r = this.running.get(podUid)?.get(container);
    if (r === undefined) return;
    this.lost.add(keyOf(r.launch));
    this.running.get(podUid)!.delete(container);
  }

  /** The process of a running container is killed by SIGKILL now (by hand, say): it exits 137. */
  killProcess(podUid: string, container: string): void {
    const r = this.running.get(podUid)?.get(container);
    if (r !== undefined) this.exitLater(r.launch, 0, 137, "SIGKILL");
  }

  /** The committed rows, as a store would load them. */
  storedRows(): StoredObject[] {
    return [...this.stored.values()].map((text) => JSON.parse(text) as StoredObject);
  }

  runningCount(): number {
    let n = 0;
    for (const m of this.running.values()) n += m.size;
    return n;
  }

  /** Whether a process of this container runs now (started and its exit not yet reported). */
  isRunning(podUid: string, container: string): boolean {
    return this.running.get(podUid)?.has(container) ?? false;
  }

  /** Whether anything is left to happen. */
  get pending(): number {
    return this.queue.size;
  }

  private step(event: EngineEvent): void {
    const { actions } = reconcile(this.state, event);
    const changes = this.state.drainChanges();
    if (this.options.persist) {
      for (const row of changes.put) this.stored.set(row.uid, JSON.stringify(row));
      for (const uid of changes.remove) this.stored.delete(uid);
    }
    this.steps++;
    this.observe?.(event, actions, this);
    for (const a of actions) this.perform(a);
  }

  private perform(a: Action): void {
    switch (a.type) {
      case "StartContainer": {
        const l = a.launch;
        const outcome = this.behaviour(l, this.now);
        this.started.push(l);
        const pod = this.running.get(l.podUid) ?? new Map<string, Running>();
        pod.set(l.container, { launch: l, outcome });
        this.running.set(l.podUid, pod);
        this.enqueue(this.now, { type: "ContainerStarted", podUid: l.podUid, container: l.container, attempt: l.attempt, pid: 1, at: this.now });
        this.exitLater(l, outcome.durationMs, outcome.exitCode, undefined, outcome.outputs);
        break;
      }
      case "KillPod": {
        for (const r of this.running.get(a.podUid)?.values() ?? []) {
          const afterTerm = r.outcome.ignoresTerm ? a.gracePeriodSeconds * 1000 : 0;
          this.exitLater(r.launch, afterTerm, r.outcome.ignoresTerm ? 137 : 143, r.outcome.ignoresTerm ? "SIGKILL" : "SIGTERM");
        }
        break;
      }
      case "SetTimer":
        this.timers.set(a.key, a.at);
        this.enqueue(a.at, { type: "TimerFired", key: a.key, at: a.at });
        break;
      case "Emit":
        break;
    }
  }

  private enqueue(at: number, event: EngineEvent): void {
    this.queue.push(at, { event, epoch: event.type === "TimerFired" ? this.epoch : this.executorEpoch });
  }

  private exitLater(l: ContainerLaunch, delay: number, exitCode: number, signal?: string, outputs?: ContainerOutputs): void {
    const event: EngineEvent = {
      type: "ContainerExited", podUid: l.podUid, container: l.container, attempt: l.attempt,
      exitCode, reason: exitCode === 0 ? "Completed" : "Error", at: this.now + delay,
    };
    if (signal) event.signal = signal;
    if (outputs) event.outputs = outputs;
    this.enqueue(this.now + delay, event);
  }

  /** The first exit of an attempt is the real one; the engine ignores later ones, and so do we. */
  private forget(event: EngineEvent): void {
    if (event.type !== "ContainerExited") return;
    const pod = this.running.get(event.podUid);
    if (pod?.get(event.container)?.launch.attempt === event.attempt) pod.delete(event.container);
  }
}

const keyOf = (k: ContainerKey): string => `${k.podUid}/${k.container}/${k.attempt}`;
