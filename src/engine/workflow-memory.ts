import type { Entry, NodeEntry } from "./entries.js";

/** A first-in, first-out queue of uids that does not shift arrays. */
class Queue {
  private items: string[] = [];
  private head = 0;

  push(uid: string): void {
    this.items.push(uid);
  }

  shift(): string | undefined {
    if (this.head >= this.items.length) return undefined;
    const uid = this.items[this.head++];
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return uid;
  }
}

/**
 * What running workflows need in memory and the store need not hold: queues of nodes waiting for a
 * parallelism slot and, per DAG node, how many dependencies each task still waits for and how many
 * tasks run. All are derived from the stored nodes, so a restart rebuilds them instead of reading them.
 */
export class WorkflowMemory {
  private readonly queues = new Map<string, Queue>();
  /** A looped step or task (the uid its single node would have) → the uids of its iterations, in order. */
  readonly loops = new Map<string, string[]>();
  /** DAG node uid → task name → dependencies not yet fulfilled. */
  readonly waiting = new Map<string, Map<string, number>>();
  /** DAG node uid → its tasks started and not yet fulfilled. */
  readonly running = new Map<string, number>();

  /** Per workflow: the next node's creation number, and how many of its pods run (spec.parallelism). */
  private readonly nodeSeq = new Map<string, number>();
  private readonly pods = new Map<string, number>();

  nextSeq(workflow: string): number {
    const n = this.nodeSeq.get(workflow) ?? 0;
    this.nodeSeq.set(workflow, n + 1);
    return n;
  }

  activePods(workflow: string): number {
    return this.pods.get(workflow) ?? 0;
  }

  addPods(workflow: string, delta: number): void {
    this.pods.set(workflow, this.activePods(workflow) + delta);
  }

  enqueue(owner: string, uid: string): void {
    let q = this.queues.get(owner);
    if (!q) this.queues.set(owner, (q = new Queue()));
    q.push(uid);
  }

  dequeue(owner: string): string | undefined {
    return this.queues.get(owner)?.shift();
  }

  /**
   * Places an iteration at its index (the number closing its uid, `<loop>(<index>)`): an iteration
   * that `retry` runs again keeps its place, and a restart rebuilds the same order.
   */
  addIteration(loop: string, uid: string): void {
    const index = Number(uid.slice(loop.length + 1, -1));
    let list = this.loops.get(loop);
    if (!list) this.loops.set(loop, (list = []));
    list[index] = uid;
  }

  /** A finished workflow that runs again (`retry`): its next nodes are numbered after its kept ones. */
  resumeSeq(workflow: string, next: number): void {
    this.nodeSeq.set(workflow, Math.max(this.nodeSeq.get(workflow) ?? 0, next));
  }

  forget(owner: string): void {
    this.queues.delete(owner);
    this.waiting.delete(owner);
    this.running.delete(owner);
    this.nodeSeq.delete(owner);
    this.pods.delete(owner);
  }

  /** After a restart: the queued nodes in the order they were created. */
  rebuild(entries: Iterable<Entry>): void {
    const queued: NodeEntry[] = [];
    for (const e of entries) {
      if (e.kind === "Pod" && e.pod.node !== undefined && !e.finished) this.addPods(e.pod.owner!, 1);
      if (e.kind !== "WorkflowNode") continue;
      this.nodeSeq.set(e.node.workflow, Math.max(this.nodeSeq.get(e.node.workflow) ?? 0, e.node.seq + 1));
      if (e.node.queued !== undefined && !e.finished) queued.push(e);
      if (e.node.loopOf !== undefined) this.addIteration(e.node.loopOf, e.object.metadata.uid);
    }
    queued.sort((a, b) => a.node.seq - b.node.seq);
    for (const n of queued) {
      const owner = n.node.queued === "workflow" ? n.node.workflow : n.node.slot!;
      this.enqueue(owner, n.object.metadata.uid);
    }
  }
}
