import { openQueue } from "../app/index.js";
import type { QueueBackend } from "../model/index.js";

/** The server keeps each queue's backend open between requests; a deleted queue's is closed. */
export class QueueBackends {
  private readonly open = new Map<string, Promise<QueueBackend>>();

  constructor(private readonly home: string) {}

  get(name: string): Promise<QueueBackend> {
    let backend = this.open.get(name);
    if (!backend) {
      backend = openQueue(this.home, name);
      backend.catch(() => this.open.delete(name));
      this.open.set(name, backend);
    }
    return backend;
  }

  async forget(name: string): Promise<void> {
    const backend = this.open.get(name);
    this.open.delete(name);
    await (await backend?.catch(() => undefined))?.close();
  }

  async close(): Promise<void> {
    for (const name of [...this.open.keys()]) await this.forget(name);
  }
}
