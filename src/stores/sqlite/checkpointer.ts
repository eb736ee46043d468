import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";

/**
 * Commits between two background checkpoints (a workflow step's commit writes ~15 WAL pages). More
 * often copies hot pages and fsyncs more often for little gain; on a 10,000-task DAG, every 20
 * commits left 30 ms of commits slower than 5 ms and cost 0.4 s of the thread's CPU, every 100
 * commits 100 ms and 0.2 s, none (the writer's own checkpoints only) 400 ms.
 */
const EVERY = 50;

// A second connection on a thread of its own. PASSIVE never waits for a lock and never blocks the
// writer; a checkpoint that finds the file busy (another process's) is simply skipped.
const workerCode = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.driver);
const db = new Database(workerData.path, { timeout: 0 });
parentPort.on("message", () => {
  try {
    db.pragma("wal_checkpoint(PASSIVE)");
  } catch {
    // Busy, or a failing disk: the next checkpoint, or the writer's own, does the work.
  }
  parentPort.postMessage("done");
});
`;

/**
 * Copies the WAL into the database file from another thread, every few commits. A checkpoint made
 * by the writing connection runs inside the commit that crosses its threshold: it rewrites
 * thousands of pages and fsyncs twice while the engine waits (~40 ms on the workflow benchmarks,
 * every ~700 commits). In the background the engine goes on; the writer's own checkpoint
 * (wal_autocheckpoint) stays, with little left to copy, so that the WAL is still reset when a
 * background checkpoint never catches up with a busy writer. Started at the first checkpoint it
 * makes, so a short run never pays for the thread.
 */
export class Checkpointer {
  #worker: Worker | undefined;
  #busy = false;
  #commits = 0;
  #closed = false;

  constructor(private readonly path: string) {}

  /** After each commit. */
  committed(): void {
    if (++this.#commits % EVERY !== 0 || this.#busy || this.#closed) return;
    this.#busy = true;
    (this.#worker ??= this.#start()).postMessage("checkpoint");
  }

  #start(): Worker {
    const driver = createRequire(import.meta.url).resolve("better-sqlite3");
    const worker = new Worker(workerCode, { eval: true, workerData: { driver, path: this.path } });
    worker.on("message", () => (this.#busy = false));
    // A thread that cannot open the file (or dies) leaves the work to the writer's own checkpoints.
    worker.on("error", () => (this.#closed = true));
    worker.unref();
    return worker;
  }

  /** Before the writing connection closes, so that it is the last one and removes the WAL. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.#worker?.terminate();
  }
}
