import { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { DEFAULT_QUEUE_OPTIONS, QueueError, type ContainerLaunch, type Executor, type QueueBackend, type QueueOptions } from "../model/index.js";
import { storePath } from "./home.js";

/** Where a queue lives: `embedded` (the store's SQLite file) or a `redis://` address. */
export interface QueueEntry {
  backend: string;
}

const registryPath = (home: string) => join(home, "queues.json");

/** The queues known on this home, by name. */
export function readQueueRegistry(home: string): Record<string, QueueEntry> {
  try {
    return JSON.parse(readFileSync(registryPath(home), "utf8")) as Record<string, QueueEntry>;
  } catch {
    return {};
  }
}

function writeQueueRegistry(home: string, registry: Record<string, QueueEntry>): void {
  mkdirSync(home, { recursive: true });
  const tmp = `${registryPath(home)}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(registry, null, 2) + "\n", { mode: 0o600 });
  renameSync(tmp, registryPath(home));
}

/** An address without its password, for tables and API answers. */
export function redactAddress(address: string): string {
  return address.replace(/\/\/([^:@/]*):[^@/]*@/, "//$1:***@");
}

/** Opens the backend an address names: `embedded` (default) or `redis://[user:password@]host:port[/db]`. */
export async function openQueueBackend(home: string, address: string): Promise<QueueBackend> {
  // Each backend is loaded only when asked for: `baton run`, which only needs withQueueEnvironment,
  // and a worker's `baton queue lease` on the embedded queue stay quick to start.
  if (address === "embedded") return (await import("../queues/index.js")).openEmbeddedQueues(storePath(home));
  if (/^rediss?:\/\//.test(address)) return (await import("../queues/redis/index.js")).openRedisQueues({ url: address });
  throw new QueueError(`--backend: "${address}" is not a queue backend (embedded, or redis://host:port)`, "Invalid");
}

/** Creates a queue on its backend and records where it lives. */
export async function createQueue(home: string, name: string, address: string, options: Partial<QueueOptions> = {}): Promise<void> {
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(name) || name.length > 63) {
    throw new QueueError(`queue name "${name}": must be a DNS label (lowercase letters, digits and '-', at most 63)`, "Invalid");
  }
  const registry = readQueueRegistry(home);
  if (registry[name]) throw new QueueError(`queue "${name}" already exists (on ${registry[name].backend})`, "AlreadyExists");
  const backend = await openQueueBackend(home, address);
  try {
    await backend.create(name, { ...DEFAULT_QUEUE_OPTIONS, ...options });
  } finally {
    await backend.close();
  }
  writeQueueRegistry(home, { ...registry, [name]: { backend: address } });
}

export async function deleteQueue(home: string, name: string): Promise<void> {
  const { [name]: entry, ...rest } = readQueueRegistry(home);
  if (!entry) throw new QueueError(`queue "${name}" does not exist`, "NotFound");
  const backend = await openQueueBackend(home, entry.backend);
  try {
    await backend.delete(name);
  } finally {
    await backend.close();
  }
  writeQueueRegistry(home, rest);
}

/** The backend of a named queue. The caller closes it. */
export async function openQueue(home: string, name: string): Promise<QueueBackend> {
  const entry = readQueueRegistry(home)[name];
  if (!entry) throw new QueueError(`queue "${name}" does not exist (baton queue create ${name})`, "NotFound");
  return openQueueBackend(home, entry.backend);
}

/**
 * `$BATON_HOME/bin/baton`: a shim that runs this very Baton, put first on containers' PATH so a
 * worker's `baton queue lease …` works in any pod.
 */
export function writeBatonShim(home: string): string {
  const bin = join(home, "bin");
  mkdirSync(bin, { recursive: true });
  const cli = resolve(dirname(fileURLToPath(import.meta.url)), "../../bin/baton.js");
  const path = join(bin, "baton");
  const script = `#!/bin/sh\nexec "${process.execPath}" "${cli}" "$@"\n`;
  // Usually already there: reading it costs ~0.01 ms, writing it again 2–4 ms of every start.
  if (readIfExists(path) === script) return bin;
  // Renamed into place: a worker of another run on this home never executes half a script.
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, script);
  chmodSync(tmp, 0o755);
  renameSync(tmp, path);
  return bin;
}

function readIfExists(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
}

/**
 * Gives containers what a queue worker needs: BATON_HOME, the `baton` shim on PATH, and for pods
 * whose Job names a queue (`baton.dev/work-queue`, seen by the engine as BATON_QUEUE) the queue's
 * backend address (with its credentials) as BATON_QUEUE_BACKEND.
 */
export function withQueueEnvironment(executor: Executor, home: string): Executor {
  const bin = writeBatonShim(home);
  const start = (launch: ContainerLaunch) => {
    const env: Record<string, string> = { BATON_HOME: home, ...launch.env, PATH: `${bin}:${launch.env.PATH ?? process.env.PATH ?? ""}` };
    const queue = launch.env.BATON_QUEUE;
    if (queue !== undefined) {
      const entry = readQueueRegistry(home)[queue];
      if (entry) env.BATON_QUEUE_BACKEND = entry.backend;
    }
    executor.start({ ...launch, env });
  };
  // Everything else goes to the executor itself (bound: it may keep private fields).
  return new Proxy(executor, {
    get(target, property) {
      if (property === "start") return start;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}
