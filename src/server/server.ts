import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { openEmbedded, startServerEngine } from "../app/index.js";
import { systemClock } from "../runtime/index.js";
import { createApi } from "./api.js";
import { clearServerRecord, ensureToken, runningServer, writeServerRecord } from "./home-files.js";
import { Subscriptions } from "./subscriptions.js";
import { QueueBackends } from "./queue-backends.js";
import { QueueMonitor } from "./queue-monitor.js";
import { processSecrets } from "./webhook-secrets.js";
import { DEFAULT_RETENTION, sweep, type RetentionLimits, type SweepReport } from "./retention.js";

export interface ServerOptions {
  home: string;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  maxBodyBytes?: number;
  /** The most the store file may grow to (past it the engine stops as on a full disk). */
  maxStoreBytes?: number;
  backoffBaseMs?: number;
  /** History kept; swept at start and then every `sweepEveryMs` (default a minute). */
  retention?: RetentionLimits;
  sweepEveryMs?: number;
  /** Told what happened at start (resumed work, the address). */
  log?: (line: string) => void;
}

export interface RunningServer {
  url: string;
  token: string;
  /** Applies the retention limits now (it also runs on its own, every minute). */
  sweep(): Promise<SweepReport>;
  /** Stops accepting requests, then closes the engine; running processes are left to the next start's rules. */
  close(): Promise<void>;
}

export class ServerOwnedError extends Error {}

/**
 * `baton server`: the engine with its HTTP API. One engine owns a store: a second server on the
 * same $BATON_HOME refuses to start while the first answers.
 */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const { home } = options;
  const log = options.log ?? (() => undefined);
  const other = await runningServer(home);
  if (other) throw new ServerOwnedError(`a baton server (pid ${other.pid}) already owns ${home}, at ${other.url}`);
  // Its containers outlive a crash of this process; the next server on this home takes them over.
  const env = openEmbedded(home, { survive: true, ...(options.maxStoreBytes === undefined ? {} : { maxStoreBytes: options.maxStoreBytes }) });
  const token = ensureToken(home);
  const engine = await startServerEngine(env, systemClock, options.backoffBaseMs === undefined ? {} : { backoffBaseMs: options.backoffBaseMs });
  if (engine.resumedFrom) log(`resumed the work of the server that stopped (pid ${engine.resumedFrom.pid}); finished work is not run again`);
  const subs = new Subscriptions(engine.runtime);
  const ctx = { home, store: env.store, executor: env.executor, runtime: engine.runtime, clock: systemClock, token, maxBodyBytes: options.maxBodyBytes ?? 16 * 1024 * 1024, secrets: processSecrets };
  const queues = new QueueBackends(home);
  const monitor = new QueueMonitor(home, queues, subs, systemClock);
  const app = createApi(ctx, subs, undefined, queues);
  const limits = options.retention ?? DEFAULT_RETENTION;
  const runSweep = () => sweep(ctx, limits);
  const sweeper = setInterval(() => void runSweep().catch((e: Error) => log(`history sweep failed: ${e.message}`)), options.sweepEveryMs ?? 60_000);
  sweeper.unref();
  const host = options.host ?? "127.0.0.1";
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, hostname: host, port: options.port ?? 8470 }, () => resolve(s));
    s.once("error", reject);
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
  writeServerRecord(home, { url, pid: process.pid, startedAt: new Date().toISOString() });
  log(`baton server listening on ${url} (state in ${home}; token in ${home}/token)`);
  return {
    url,
    token,
    sweep: runSweep,
    async close() {
      clearInterval(sweeper);
      monitor.close();
      clearServerRecord(home, process.pid);
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Open event streams would hold close() forever.
        (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
      });
      await queues.close();
      await env.close();
    },
  };
}
