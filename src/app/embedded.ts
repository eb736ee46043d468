import { mkdirSync } from "node:fs";
import type { Executor, Store } from "../model/index.js";
import { createLocalExecutor } from "../executors/index.js";
import { openSqliteStore } from "../stores/index.js";
import { logDir, storePath } from "./home.js";
import { withQueueEnvironment } from "./queues.js";

export interface Embedded {
  home: string;
  store: Store;
  executor: Executor;
  close(): Promise<void>;
}

export interface EmbeddedOptions {
  maxStoreBytes?: number;
  /**
   * Containers outlive this process (`baton server`): if it dies, they run on, and the next
   * executor on this home takes them over (Executor.attach). Default false (`baton run`).
   */
  survive?: boolean;
}

/** The embedded default: SQLite under $BATON_HOME and host processes as containers. */
export function openEmbedded(home: string, options: EmbeddedOptions = {}): Embedded {
  mkdirSync(home, { recursive: true });
  const synchronous = process.env.BATON_SQLITE_SYNC === "full" ? "full" : "normal";
  const store = openSqliteStore({ path: storePath(home), synchronous, ...(options.maxStoreBytes === undefined ? {} : { maxBytes: options.maxStoreBytes }) });
  // Containers get BATON_HOME, the `baton` shim on PATH and, in a queue's workers, its address.
  const executor = withQueueEnvironment(createLocalExecutor({ logDir: logDir(home), ...(options.survive ? { survive: true, home } : {}) }), home);
  return {
    home,
    store,
    executor,
    async close() {
      await executor.close();
      await store.close();
    },
  };
}
