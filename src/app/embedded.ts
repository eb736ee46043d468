import { mkdirSync } from "node:fs";
import type { Executor, Store } from "../model/index.js";
import { createLocalExecutor } from "../executors/index.js";
import { openSqliteStore } from "../stores/index.js";
import { logDir, storePath } from "./home.js";

export interface Embedded {
  home: string;
  store: Store;
  executor: Executor;
  close(): Promise<void>;
}

/** The embedded default: SQLite under $BATON_HOME and host processes as containers. */
export function openEmbedded(home: string, options: { maxStoreBytes?: number } = {}): Embedded {
  mkdirSync(home, { recursive: true });
  const synchronous = process.env.BATON_SQLITE_SYNC === "full" ? "full" : "normal";
  const store = openSqliteStore({ path: storePath(home), synchronous, ...(options.maxStoreBytes === undefined ? {} : { maxBytes: options.maxStoreBytes }) });
  const executor = createLocalExecutor({ logDir: logDir(home) });
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
