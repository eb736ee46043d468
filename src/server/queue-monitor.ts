import { readQueueRegistry } from "../app/index.js";
import type { Clock, QueueStats } from "../model/index.js";
import type { QueueBackends } from "./queue-backends.js";
import type { Subscriptions } from "./subscriptions.js";

/**
 * Puts queues on the watch stream: every second each queue's stats are read, and a changed one
 * goes out as a `Queue` object (`status` = its stats) — depth, leased, done, dead and rate, live.
 */
export class QueueMonitor {
  private readonly last = new Map<string, string>();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly home: string,
    private readonly backends: QueueBackends,
    private readonly subs: Subscriptions,
    private readonly clock: Clock,
    everyMs = 1000,
  ) {
    this.timer = setInterval(() => void this.sample().catch(() => undefined), everyMs);
    this.timer.unref();
  }

  async sample(): Promise<void> {
    if (!this.subs.watching) return;
    for (const name of Object.keys(readQueueRegistry(this.home))) {
      const stats: QueueStats = await (await this.backends.get(name)).stats(name, this.clock.now());
      const key = JSON.stringify({ ...stats, rate: Math.round(stats.rate * 10) });
      if (this.last.get(name) === key) continue;
      this.last.set(name, key);
      this.subs.publish({ type: "MODIFIED", object: { kind: "Queue", metadata: { uid: `queue/${name}`, name, namespace: "" }, status: stats } });
    }
  }

  close(): void {
    clearInterval(this.timer);
  }
}
