import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BatonClient, type ApiError } from "../src/client/index.js";
import type { Job } from "../src/model/index.js";
import { startServer } from "../src/server/index.js";

// A store that cannot grow (SQLite's max_page_count: commits fail with SQLITE_FULL, exactly as on a
// full disk) stops the engine; the server says so, keeps serving what was committed, and a
// restart with room carries on without losing any acknowledged submission.
const job = (name: string) => `apiVersion: batch/v1
kind: Job
metadata: { name: ${name}, annotations: { baton.dev/backoff-base: 100ms } }
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: work
        command: ["sh", "-c", "echo ${"x".repeat(200)}"]
`;

describe("baton server with a full store", () => {
  it("reports it, refuses changes with 503, loses nothing acknowledged, and resumes after a restart", async () => {
    const home = mkdtempSync(join(tmpdir(), "baton-full-"));
    const server = await startServer({ home, port: 0, maxStoreBytes: 160 * 1024 });
    const client = new BatonClient({ url: server.url, token: server.token });
    const acknowledged: string[] = [];
    let refusal: ApiError | undefined;
    for (let i = 0; i < 400 && !refusal; i++) {
      try {
        await client.submit([{ file: `j${i}.yaml`, text: job(`fill-${i}`) }], "create");
        acknowledged.push(`fill-${i}`);
      } catch (error) {
        refusal = error as ApiError;
      }
    }
    expect(acknowledged.length).toBeGreaterThan(3);
    expect(refusal?.status).toBe(503);
    expect(refusal?.message).toMatch(/full/);
    const health = await client.health();
    expect(health.status).toBe("failing");
    expect(health.message).toMatch(/database or disk is full/);
    // Reads still work, and hold every acknowledged Job.
    const listed = (await client.list("jobs", { namespace: "default" })).map((j) => j.metadata.name);
    expect(listed).toEqual(expect.arrayContaining(acknowledged));
    expect((await (async () => client.submit([{ file: "late.yaml", text: job("late") }], "create").catch((e: ApiError) => e))()) as ApiError).toMatchObject({ status: 503 });
    await server.close();

    const again = await startServer({ home, port: 0 });
    try {
      const next = new BatonClient({ url: again.url, token: again.token });
      expect((await next.health()).status).toBe("ok");
      for (let i = 0; i < 300; i++) {
        const jobs = (await next.list("jobs", { namespace: "default" })) as Job[];
        if (jobs.filter((j) => acknowledged.includes(j.metadata.name)).every((j) => j.status.conditions.some((c) => c.status === "True" && (c.type === "Complete" || c.type === "Failed")))) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      const jobs = (await next.list("jobs", { namespace: "default" })) as Job[];
      for (const name of acknowledged) expect(jobs.find((j) => j.metadata.name === name)?.status.conditions.some((c) => c.type === "Complete" && c.status === "True"), name).toBe(true);
    } finally {
      await again.close();
    }
  }, 60_000);
});
