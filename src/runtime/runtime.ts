import type { Action, Attachment, ClusterEvent, Clock, EngineEvent, Executor, ExecutorReport, Resource, RunPhase, Store, StoredObject, WorkflowCommand } from "../model/index.js";
import { EngineState, reconcile, resultOf, type Entry } from "../engine/index.js";
import { TimerTable } from "./timers.js";

export interface RuntimeOptions {
  runId: string;
  store: Store;
  executor: Executor;
  clock: Clock;
  state?: EngineState;
  /**
   * End the run when nothing can happen any more without an outside event: no container runs and
   * no timer is set, yet some resources wait (a suspended Job, and what depends on it). `baton run`
   * wants this; a server that can still receive a resume does not.
   */
  endWhenIdle?: boolean;
  /** A server's engine: it never finishes, whatever ended; more work can always arrive. */
  keepRunning?: boolean;
}

/** The events the API sends: what users ask of resources the engine has. */
export type Request =
  | { type: "Deleted"; uid: string }
  | { type: "Updated"; resource: Resource }
  | { type: "WorkflowCommand"; uid: string; command: WorkflowCommand }
  | { type: "SuspendChanged"; uid: string; suspend: boolean };

export interface RuntimeListener {
  /** Kubernetes-shaped events, after they were committed, with the id the store gave them. */
  event?(event: ClusterEvent, id: number | undefined): void;
  /** Entries changed by the last tick, after they were committed. */
  changed?(entries: Entry[]): void;
  /**
   * Uids of objects deleted by the last tick, after it was committed, and the last stored state of
   * those the store held (one made and deleted within a tick was never stored).
   */
  removed?(uids: string[], last: ReadonlyMap<string, StoredObject>): void;
}

/** Entries are kept by reference: a row deferred is written as the entry is at commit time. */
function emptyBatch(): { put: Map<string, StoredObject>; remove: string[]; events: ClusterEvent[] } {
  return { put: new Map(), remove: [], events: [] };
}

/**
 * The only place where engine, store and executor meet. Events queue up; one tick reconciles all
 * of them, commits every change in ONE store transaction (group commit), and only then performs
 * the actions. Nothing is acted on before it is durable.
 */
export class Runtime {
  readonly state: EngineState;
  private readonly inbox: EngineEvent[] = [];
  /** Callers waiting for their event to be committed, in inbox order (`undefined` for the rest). */
  private readonly waiters: Array<{ resolve: () => void; reject: (e: Error) => void } | undefined> = [];
  private readonly timers: TimerTable;
  private readonly listeners: RuntimeListener[] = [];
  private ticking = false;
  private failure: Error | undefined;
  private done: { promise: Promise<RunPhase>; resolve: (p: RunPhase) => void; reject: (e: Error) => void };
  private finished = false;
  /** Containers started and not yet reported ended: with the timers, what can still move the run. */
  private running = 0;
  /** Changes decided but not yet committed (see `tick`), and the timer that bounds their wait. */
  private pending = emptyBatch();
  private flushDue = false;
  private flushTimer: unknown;
  private stopped = false;

  constructor(private readonly options: RuntimeOptions) {
    this.state = options.state ?? new EngineState();
    this.timers = new TimerTable(options.clock, (key, at) => this.push({ type: "TimerFired", key, at: Math.max(at, options.clock.now()) }));
    options.executor.onReport((report) => this.push(report));
    let resolve!: (p: RunPhase) => void;
    let reject!: (e: Error) => void;
    const promise = new Promise<RunPhase>((res, rej) => ((resolve = res), (reject = rej)));
    promise.catch(() => undefined);
    this.done = { promise, resolve, reject };
  }

  listen(listener: RuntimeListener): void {
    this.listeners.push(listener);
  }

  submit(resources: Resource[]): void {
    this.push({ type: "Submitted", resources, at: this.options.clock.now() });
  }

  /** Submits and resolves once the store holds the engine's first decisions about the resources. */
  submitted(resources: Resource[]): Promise<void> {
    return this.pushAndWait({ type: "Submitted", resources, at: this.options.clock.now() });
  }

  /** A user's request about a resource; resolves once its consequences are committed. */
  request(request: Request): Promise<void> {
    return this.pushAndWait({ ...request, at: this.options.clock.now() } as EngineEvent);
  }

  /** Why the runtime stopped working, if the store failed it: nothing is decided after that. */
  get failed(): Error | undefined {
    return this.failure;
  }

  /**
   * Continues a run loaded from the store, after its engine died. `attachment`: what the executor
   * took over (Executor.attach); those containers go on, and the reports it carries follow Resumed.
   */
  resume(attachment?: Attachment): void {
    const reports: ExecutorReport[] = attachment === undefined ? [] : [...attachment.running, ...attachment.ended];
    const adopted = reports.map(({ podUid, container, attempt }) => ({ podUid, container, attempt }));
    this.push(adopted.length === 0 ? { type: "Resumed", at: this.options.clock.now() } : { type: "Resumed", at: this.options.clock.now(), adopted });
    this.running += reports.length; // each ends with a ContainerExited, as a container this engine started
    for (const report of reports) this.push(report);
  }

  stop(message: string): void {
    this.stopped = true;
    this.push({ type: "StopRequested", at: this.options.clock.now(), message });
  }

  setSuspended(uid: string, suspend: boolean): void {
    this.push({ type: "SuspendChanged", uid, suspend, at: this.options.clock.now() });
  }

  /** Resolves with the run's phase once every submitted resource finished; rejects if the store fails. */
  finishedPhase(): Promise<RunPhase> {
    return this.done.promise;
  }

  private push(event: EngineEvent): void {
    if (this.failure || this.finished) return;
    this.inbox.push(event);
    this.waiters.push(undefined);
    this.wake();
  }

  private pushAndWait(event: EngineEvent): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.finished) return Promise.reject(new Error("the engine has finished its run"));
    return new Promise((resolve, reject) => {
      this.inbox.push(event);
      this.waiters.push({ resolve, reject });
      this.wake();
    });
  }

  private wake(): void {
    if (!this.ticking) {
      this.ticking = true;
      setImmediate(() => void this.tick());
    }
  }

  private async tick(): Promise<void> {
    while ((this.inbox.length > 0 || this.flushDue) && !this.failure) {
      const events = this.inbox.splice(0, this.inbox.length);
      const waiting = this.waiters.splice(0, this.waiters.length).filter((w) => w !== undefined);
      const actions: Action[] = [];
      for (const e of events) actions.push(...reconcile(this.state, e).actions);
      const { put, remove } = this.state.drainChanges();
      const emitted = actions.flatMap((a) => (a.type === "Emit" ? [a.event] : []));
      for (const e of events) if (e.type === "ContainerExited") this.running--;
      for (const a of actions) if (a.type === "StartContainer") this.running++;
      const phase = !this.options.keepRunning && (this.state.unfinished === 0 || this.idle(actions)) ? this.finalPhase() : undefined;
      for (const row of put) this.pending.put.set(row.uid, row);
      this.pending.remove.push(...remove);
      this.pending.events.push(...emitted);
      // A tick of containers reported started, that asks for nothing, need not be durable before
      // the next commit: if it is lost, a resumed engine hears of those containers again from the
      // executor that took them over (Executor.attach), or treats them as lost.
      // Its changes ride along with the next commit, or wait at most 50 ms. Anything else —
      // above all a container that ended — is written before the loop goes on.
      const onlyStarts = events.every((e) => e.type === "ContainerStarted");
      if (onlyStarts && actions.length === 0 && !phase && !this.flushDue && waiting.length === 0) {
        this.flushLater();
        continue;
      }
      this.flushDue = false;
      const batch = { put: [...this.pending.put.values()], remove: this.pending.remove, events: this.pending.events };
      this.pending = emptyBatch();
      let lastEventId: number | undefined;
      let removed: StoredObject[] | undefined;
      try {
        ({ lastEventId, removed } = await this.options.store.commit({
          run: this.options.runId, ...batch,
          ...(phase ? { runPhase: { phase, finishedAt: new Date(this.options.clock.now()).toISOString() } } : {}),
        }));
      } catch (cause) {
        this.fail(new Error("the store could not record the engine's decisions; nothing further was started", { cause }));
        for (const w of waiting) w.reject(this.failure!);
        return;
      }
      for (const a of actions) this.perform(a);
      // The executor sends what perform() asked for in a microtask: let it go before the listeners run.
      if (actions.length > 0) await undefined;
      this.notify(batch.events, lastEventId, batch.put.map((p) => p.body as Entry), batch.remove, removed);
      for (const w of waiting) w.resolve();
      if (phase) {
        this.finished = true;
        this.timers.clear();
        if (this.flushTimer !== undefined) this.options.clock.clearTimeout(this.flushTimer);
        this.done.resolve(phase);
        break;
      }
    }
    this.ticking = false;
  }

  private flushLater(): void {
    if (this.flushTimer !== undefined) return;
    this.flushTimer = this.options.clock.setTimeout(() => {
      this.flushTimer = undefined;
      if (this.pending.put.size + this.pending.remove.length + this.pending.events.length === 0 || this.finished) return;
      this.flushDue = true;
      this.wake();
    }, 50);
  }

  private idle(actions: Action[]): boolean {
    if (!this.options.endWhenIdle || this.running > 0 || this.inbox.length > 0) return false;
    const pendingTimers = this.timers.size + actions.filter((a) => a.type === "SetTimer").length;
    return pendingTimers === 0 && !this.stopped;
  }

  private finalPhase(): RunPhase {
    if (this.stopped) return "Stopped";
    const failed = this.state.topLevel().some((e) => resultOf(e) === "Failed");
    return failed ? "Failed" : "Succeeded";
  }

  private perform(a: Action): void {
    const { executor } = this.options;
    if (a.type === "StartContainer") executor.start(a.launch);
    else if (a.type === "KillPod") executor.killPod(a.podUid, a.gracePeriodSeconds);
    else if (a.type === "SetTimer") this.timers.set(a.key, a.at);
  }

  private notify(events: ClusterEvent[], lastEventId: number | undefined, entries: Entry[], removed: string[], last: StoredObject[] = []): void {
    // One writer, one transaction: the batch's events got consecutive ids ending at lastEventId.
    const firstId = lastEventId === undefined ? undefined : lastEventId - events.length + 1;
    for (const l of this.listeners) {
      if (l.event) events.forEach((e, i) => l.event!(e, firstId === undefined ? undefined : firstId + i));
      if (l.changed && entries.length > 0) l.changed(entries);
      if (l.removed && removed.length > 0) l.removed(removed, new Map(last.map((o) => [o.uid, o])));
    }
  }

  private fail(error: Error): void {
    this.failure = error;
    for (const w of this.waiters.splice(0)) w?.reject(error);
    this.timers.clear();
    if (this.flushTimer !== undefined) this.options.clock.clearTimeout(this.flushTimer);
    this.done.reject(error);
  }
}
