import type { Action, ContainerLaunch, EngineEvent, Resource } from "../model/index.js";
import { EngineState, reconcile } from "../engine/index.js";
import { EventQueue } from "./event-queue.js";

/** How a fake container behaves: how long it runs and how it ends. */
export interface FakeOutcome {
  durationMs: number;
  exitCode: number;
  /** Ignores SIGTERM: only the SIGKILL after the grace period ends it. */
  ignoresTerm?: boolean;
}

export type Behaviour = (launch: ContainerLaunch, now: number) => FakeOutcome;

interface Running {
  launch: ContainerLaunch;
  outcome: FakeOutcome;
}

/**
 * A discrete-event simulation of the runtime: a fake clock, a fake executor whose containers
 * behave as `behaviour` says, and timers — all in one queue, so a run is exact and repeatable.
 * `observe` is called after every event with the event and the actions decided.
 */
export class Simulation {
  readonly state = new EngineState();
  now = 0;
  steps = 0;
  readonly started: ContainerLaunch[] = [];
  private readonly queue = new EventQueue<EngineEvent>();
  private readonly timers = new Map<string, number>();
  private readonly running = new Map<string, Map<string, Running>>();

  constructor(
    private readonly behaviour: Behaviour,
    private readonly observe?: (event: EngineEvent, actions: Action[], sim: Simulation) => void,
  ) {}

  submit(resources: Resource[], at = this.now): void {
    this.queue.push(at, { type: "Submitted", resources, at });
  }

  push(event: EngineEvent): void {
    this.queue.push(event.at, event);
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
      this.now = Math.max(this.now, next.at);
      const event = { ...next.item, at: this.now } as EngineEvent;
      if (event.type === "TimerFired" && this.timers.get(event.key) !== next.at) continue;
      if (event.type === "TimerFired") this.timers.delete(event.key);
      this.forget(event);
      const { actions } = reconcile(this.state, event);
      this.state.drainChanges();
      this.steps++;
      this.observe?.(event, actions, this);
      for (const a of actions) this.perform(a);
      if (this.steps >= maxSteps) throw new Error(`simulation did not settle within ${maxSteps} steps`);
    }
    return this.steps;
  }

  runningCount(): number {
    let n = 0;
    for (const m of this.running.values()) n += m.size;
    return n;
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
        this.queue.push(this.now, { type: "ContainerStarted", podUid: l.podUid, container: l.container, attempt: l.attempt, pid: 1, at: this.now });
        this.exitLater(l, outcome.durationMs, outcome.exitCode);
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
        this.queue.push(a.at, { type: "TimerFired", key: a.key, at: a.at });
        break;
      case "Emit":
        break;
    }
  }

  private exitLater(l: ContainerLaunch, delay: number, exitCode: number, signal?: string): void {
    const event: EngineEvent = {
      type: "ContainerExited", podUid: l.podUid, container: l.container, attempt: l.attempt,
      exitCode, reason: exitCode === 0 ? "Completed" : "Error", at: this.now + delay,
    };
    if (signal) event.signal = signal;
    this.queue.push(this.now + delay, event);
  }

  /** The first exit of an attempt is the real one; the engine ignores later ones, and so do we. */
  private forget(event: EngineEvent): void {
    if (event.type !== "ContainerExited") return;
    const pod = this.running.get(event.podUid);
    if (pod?.get(event.container)?.launch.attempt === event.attempt) pod.delete(event.container);
  }
}
