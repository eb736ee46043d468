import type { Entry, NodeEntry } from "./entries.js";

/**
 * Nodes waiting for a slot, oldest node first (by creation number, a binary heap): the order a
 * restart rebuilds from the stored nodes is the order the queue had, so a restart changes no outcome.
 */
class NodeQueue {
  private readonly seqs: number[] = [];
  private readonly uids: string[] = [];

  push(seq: number, uid: string): void {
    let i = this.seqs.length;
    this.seqs.push(seq);
    this.uids.push(uid);
    while (i > 0) {
      const up = (i - 1) >> 1;
      if (this.seqs[up]! <= seq) break;
      this.move(up, i);
      i = up;
    }
    this.seqs[i] = seq;
    this.uids[i] = uid;
  }

  shift(): string | undefined {
    const n = this.seqs.length;
    if (n === 0) return undefined;
    const top = this.uids[0];
    const seq = this.seqs.pop()!;
    const uid = this.uids.pop()!;
    if (n > 1) {
      let i = 0;
      for (;;) {
        let child = 2 * i + 1;
        if (child >= n - 1) break;
        if (child + 1 < n - 1 && this.seqs[child + 1]! < this.seqs[child]!) child++;
        if (this.seqs[child]! >= seq) break;
        this.move(child, i);
        i = child;
      }
      this.seqs[i] = seq;
      this.uids[i] = uid;
    }
    return top;
  }

  private move(from: number, to: number): void {
    this.seqs[to] = this.seqs[from]!;
    this.uids[to] = this.uids[from]!;
  }
}

/**
 * What running workflows need in memory and the store need not hold: queues of nodes waiting for a
 * parallelism slot and, per DAG node, how many dependencies each task still waits for and how many
 * tasks run. All are derived from the stored nodes, so a restart rebuilds them instead of reading them.
 */
export class WorkflowMemory {
  private readonly queues = new Map<string, NodeQueue>();
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

  enqueue(owner: string, n: NodeEntry): void {
    let q = this.queues.get(owner);
    if (!q) this.queues.set(owner, (q = new NodeQueue()));
    q.push(n.node.seq, n.object.metadata.uid);
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

  /** After a restart: the queued nodes, in their queues. */
  rebuild(entries: Iterable<Entry>): void {
    const queued: NodeEntry[] = [];
    for (const e of entries) {
      if (e.kind === "Pod" && e.pod.node !== undefined && !e.finished) this.addPods(e.pod.owner!, 1);
      if (e.kind !== "WorkflowNode") continue;
      this.nodeSeq.set(e.node.workflow, Math.max(this.nodeSeq.get(e.node.workflow) ?? 0, e.node.seq + 1));
      if (e.node.queued !== undefined && !e.finished) queued.push(e);
      if (e.node.loopOf !== undefined) this.addIteration(e.node.loopOf, e.object.metadata.uid);
    }
    for (const n of queued) this.enqueue(n.node.queued === "workflow" ? n.node.workflow : n.node.slot!, n);
  }
}
