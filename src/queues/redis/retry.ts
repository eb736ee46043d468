import { setTimeout as sleepFor } from "node:timers/promises";
import { QueueError } from "../../model/index.js";

export interface RetryOptions {
  /** First wait, in ms; each retry doubles it, up to maxDelayMs. Default 100. */
  baseDelayMs?: number;
  /** Default 5000. */
  maxDelayMs?: number;
  /** Give up (rethrow) after this many retries. Default: never give up. */
  maxRetries?: number;
  /** Told before each wait: the worker reports it ("Redis unavailable, retry 3 in 400 ms"). */
  onRetry?: (retry: { attempt: number; delayMs: number; error: QueueError }) => void;
  /** Stops the waiting; the last error is thrown. */
  signal?: AbortSignal;
  /** For tests: how to wait, and the jitter's source (0..1). */
  sleep?: (ms: number) => Promise<unknown>;
  random?: () => number;
}

/**
 * Runs `operation` until it does not fail with QueueError "Unavailable", waiting between tries with
 * exponential back-off and jitter (half the delay, so many workers do not return at one instant).
 * Any other error is thrown at once. A retried operation may have taken effect the first time
 * (the server ran it, the reply was lost): a retried ack may answer LeaseLost for that reason.
 */
export async function retryUnavailable<T>(operation: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const { baseDelayMs = 100, maxDelayMs = 5000, maxRetries = Infinity, random = Math.random } = options;
  const sleep = options.sleep ?? ((ms: number) => sleepFor(ms, undefined, { signal: options.signal }));
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation();
    } catch (error) {
      if (!(error instanceof QueueError) || error.code !== "Unavailable" || attempt > maxRetries || options.signal?.aborted) throw error;
      const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
      const delayMs = Math.round(ceiling / 2 + (random() * ceiling) / 2);
      options.onRetry?.({ attempt, delayMs, error });
      await sleep(delayMs).catch(() => {
        throw error;
      });
    }
  }
}
