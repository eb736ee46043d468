import { createClient, ErrorReply, MultiErrorReply, RESP_TYPES } from "redis";
import { QueueError } from "../../model/index.js";
import type { QueueScript } from "./scripts/index.js";

export interface RedisConnectionOptions {
  /** `redis://[user:password@]host:port[/db]`. Default redis://127.0.0.1:6379. */
  url?: string;
  /**
   * How long one operation (or the first connection) may take before it fails with QueueError
   * code "Unavailable". Default 5000 ms. A connection that timed out is dropped and a new one is
   * made, since a silent server (a network partition) never closes the old one.
   */
  timeoutMs?: number;
  /** Told of each connection error and each (re)connection, for logs. */
  onEvent?: (event: RedisConnectionEvent) => void;
}

export type RedisConnectionEvent = { type: "error"; error: Error } | { type: "ready" } | { type: "reconnecting" };

type Client = ReturnType<typeof newClient>;
type Argument = string | Buffer;

/** Blob strings come back as Buffers: items are bytes, and ids are cheap to read from them. */
const typeMapping = { [RESP_TYPES.BLOB_STRING]: Buffer } as const;

function newClient(url: string, timeoutMs: number) {
  return createClient({
    url,
    socket: { connectTimeout: timeoutMs, reconnectStrategy: (retries: number) => Math.min(50 * 2 ** retries, 2000) },
    // While reconnecting, fail at once (Unavailable) instead of queueing commands without bound.
    disableOfflineQueue: true,
    // No per-command timer of node-redis (an AbortSignal per command, and it stops counting once
    // the command is written): the deadline below covers the whole call instead.
    commandOptions: { typeMapping, timeout: undefined },
  });
}

/** Errors that say the server cannot be reached or cannot answer now; anything else is a bug. */
const UNAVAILABLE_REPLIES = /^(LOADING|BUSY|MASTERDOWN|TRYAGAIN|CLUSTERDOWN|NOREPLICAS|READONLY|OOM)\b/;

export function toQueueError(error: unknown): Error {
  if (error instanceof QueueError) return error;
  if (error instanceof ErrorReply && !UNAVAILABLE_REPLIES.test(error.message)) return error;
  const message = error instanceof Error ? error.message || error.name : String(error);
  const wrapped = new QueueError(`Redis is unavailable: ${message}`, "Unavailable");
  (wrapped as { cause?: unknown }).cause = error;
  return wrapped;
}

/**
 * One connection to Redis that runs the queue's scripts: each call has a deadline, every failure
 * to reach the server is QueueError "Unavailable", and a script the server has forgotten (a
 * restart, SCRIPT FLUSH) is loaded again.
 */
export class RedisConnection {
  #client: Client;
  #closed = false;
  readonly timeoutMs: number;

  private constructor(
    private readonly url: string,
    timeoutMs: number,
    private readonly onEvent: (event: RedisConnectionEvent) => void,
  ) {
    this.timeoutMs = timeoutMs;
    this.#client = this.#start();
  }

  static async open(options: RedisConnectionOptions = {}): Promise<RedisConnection> {
    const connection = new RedisConnection(options.url ?? "redis://127.0.0.1:6379", options.timeoutMs ?? 5000, options.onEvent ?? (() => {}));
    try {
      await connection.#deadline(connection.#ready(), "connecting", false);
      return connection;
    } catch (error) {
      connection.#closed = true;
      connection.#client.destroy();
      throw toQueueError(error);
    }
  }

  #start(): Client {
    const client = newClient(this.url, this.timeoutMs);
    client.on("error", (error: Error) => this.onEvent({ type: "error", error }));
    client.on("ready", () => this.onEvent({ type: "ready" }));
    client.on("reconnecting", () => this.onEvent({ type: "reconnecting" }));
    // connect() keeps retrying (reconnectStrategy) until it succeeds or the client is destroyed.
    client.connect().catch(() => {});
    return client;
  }

  #ready(): Promise<void> {
    const client = this.#client;
    if (client.isReady) return Promise.resolve();
    return new Promise((resolve) => client.once("ready", () => resolve()));
  }

  /** Races a call against the deadline; on a miss the connection is replaced. */
  async #deadline<T>(work: Promise<T>, what: string, replace = true): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new DeadlineMissed(`no answer in ${this.timeoutMs} ms (${what})`)), this.timeoutMs);
    });
    try {
      return await Promise.race([work, late]);
    } catch (error) {
      if (error instanceof DeadlineMissed && replace && !this.#closed) this.#replace();
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  #replace(): void {
    const old = this.#client;
    this.#client = this.#start();
    old.destroy();
  }

  async #send(args: Argument[]): Promise<unknown> {
    return this.#client.sendCommand(args);
  }

  /** Runs one script; returns its reply, Buffers for strings. */
  async run(script: QueueScript, keys: string[], args: Argument[]): Promise<unknown> {
    try {
      return await this.#deadline(this.#evalsha(script, keys, args), script.name);
    } catch (error) {
      throw toQueueError(error);
    }
  }

  async #evalsha(script: QueueScript, keys: string[], args: Argument[]): Promise<unknown> {
    const call = () => this.#send(["EVALSHA", script.sha, String(keys.length), ...keys, ...args]);
    try {
      return await call();
    } catch (error) {
      if (!isNoScript(error)) throw error;
      await this.#send(["SCRIPT", "LOAD", script.source]);
      return call();
    }
  }

  /**
   * Runs several calls of one script in one MULTI: Redis runs them back to back, nothing between
   * them. Returns each call's reply.
   */
  async runAll(script: QueueScript, keys: string[], argsList: Argument[][]): Promise<unknown[]> {
    const exec = () => {
      const multi = this.#client.multi();
      for (const args of argsList) multi.addCommand(["EVALSHA", script.sha, String(keys.length), ...keys, ...args]);
      return multi.exec() as Promise<unknown[]>;
    };
    const attempt = async () => {
      try {
        return await exec();
      } catch (error) {
        // The same script in every call: if the server forgot it, no call ran (each failed with
        // NOSCRIPT, or a server that checks while queueing discarded the MULTI: EXECABORT).
        const forgot = error instanceof MultiErrorReply ? [...error.errors()].some(isNoScript) : error instanceof ErrorReply && error.message.startsWith("EXECABORT");
        if (!forgot) throw error;
        await this.#send(["SCRIPT", "LOAD", script.source]);
        return exec();
      }
    };
    try {
      return await this.#deadline(attempt(), `${script.name} ×${argsList.length}`);
    } catch (error) {
      throw toQueueError(error);
    }
  }

  /** A plain command (SMEMBERS, CLIENT ID, …) under the same deadline. */
  async command(args: Argument[]): Promise<unknown> {
    try {
      return await this.#deadline(this.#send(args), args[0]!.toString());
    } catch (error) {
      throw toQueueError(error);
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    const client = this.#client;
    if (!client.isReady) return client.destroy();
    await Promise.race([client.close(), new Promise((resolve) => setTimeout(resolve, this.timeoutMs).unref())]);
    if (client.isOpen) client.destroy();
  }
}

class DeadlineMissed extends Error {}

const isNoScript = (error: unknown) => error instanceof ErrorReply && error.message.startsWith("NOSCRIPT");
