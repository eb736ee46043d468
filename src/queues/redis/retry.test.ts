import { describe, expect, it } from "vitest";
import { LeaseLostError, QueueError } from "../../model/index.js";
import { retryUnavailable } from "./retry.js";

const unavailable = () => new QueueError("Redis is unavailable: connection refused", "Unavailable");

/** An operation that fails with the given errors, one per call, then answers "ok". */
function failing(...errors: Error[]) {
  let calls = 0;
  return { operation: async () => (calls < errors.length ? Promise.reject(errors[calls++]!) : "ok"), calls: () => calls };
}

describe("retryUnavailable", () => {
  it("retries while Redis is unavailable, reporting each retry with a doubling delay up to the cap", async () => {
    const { operation } = failing(unavailable(), unavailable(), unavailable(), unavailable());
    const waits: number[] = [];
    const reported: string[] = [];
    const result = await retryUnavailable(operation, {
      baseDelayMs: 100, maxDelayMs: 500, random: () => 1,
      sleep: async (ms) => waits.push(ms),
      onRetry: ({ attempt, delayMs, error }) => reported.push(`retry ${attempt} in ${delayMs} ms: ${error.message}`),
    });
    expect(result).toBe("ok");
    expect(waits).toEqual([100, 200, 400, 500]);
    expect(reported[0]).toBe("retry 1 in 100 ms: Redis is unavailable: connection refused");
  });

  it.each([
    ["a lost lease", new LeaseLostError("lease 1.2 is not held")],
    ["a missing queue", new QueueError('queue "x" does not exist', "NotFound")],
    ["a bug", new TypeError("x is undefined")],
  ])("does not retry %s", async (_, error) => {
    const { operation, calls } = failing(error);
    await expect(retryUnavailable(operation, { sleep: async () => {} })).rejects.toBe(error);
    expect(calls()).toBe(1);
  });

  it("gives up after maxRetries with the last error, and jitters within the upper half of the delay", async () => {
    const { operation, calls } = failing(unavailable(), unavailable(), unavailable());
    const waits: number[] = [];
    await expect(retryUnavailable(operation, { maxRetries: 2, baseDelayMs: 100, random: () => 0, sleep: async (ms) => waits.push(ms) })).rejects.toMatchObject({ code: "Unavailable" });
    expect(calls()).toBe(3);
    expect(waits).toEqual([50, 100]);
  });

  it("stops waiting when aborted", async () => {
    const { operation } = failing(unavailable(), unavailable());
    const abort = new AbortController();
    const done = retryUnavailable(operation, { baseDelayMs: 60_000, signal: abort.signal });
    abort.abort();
    await expect(done).rejects.toMatchObject({ code: "Unavailable" });
  });
});
