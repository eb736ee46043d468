import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BatonClient } from "../src/client/index.js";
import type { Job } from "../src/model/index.js";
import { startServer } from "../src/server/index.js";
import { loadTexts, runEmbedded } from "../src/app/index.js";

const job = (name: string, ttl?: number) => `apiVersion: batch/v1
kind: Job
metadata: { name: ${name} }
spec:
${ttl === undefined ? "" : `  ttlSecondsAfterFinished: ${ttl}\n`}  template:
    spec:
      restartPolicy: Never
      containers: [{ name: c, command: [sh, -c, "echo ${name}"] }]
`;

async function finished(client: BatonClient, name: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const j = (await client.get("jobs", "default", name)) as Job;
    if (j.status.conditions.some((c) => c.type === "Complete" && c.status === "True")) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${name} did not finish`);
}

describe("baton server keeps history within bounds", () => {
  it("deletes the oldest finished Jobs beyond --keep-finished, with their pods and logs", async () => {
    const home = mkdtempSync(join(tmpdir(), "baton-retention-"));
    // A finished `baton run` in the same home: beyond --keep-runs 0, it leaves the store.
    const loaded = loadTexts([{ file: "old.yaml", text: job("old-run") }]);
    const old = await runEmbedded(loaded.resources.map((r) => r.resource), ["old.yaml"], { home });
    expect(old.phase).toBe("Succeeded");
    const server = await startServer({ home, port: 0, retention: { finished: 2, runs: 0 }, sweepEveryMs: 3_600_000 });
    const client = new BatonClient({ url: server.url, token: server.token });
    try {
      for (const name of ["first", "second", "third"]) {
        await client.submit([{ file: `${name}.yaml`, text: job(name) }], "create");
        await finished(client, name);
      }
      const podOf = async (name: string) => (await client.list("pods", { namespace: "default" })).find((p) => p.metadata.ownerReferences?.[0]?.name === name)!.metadata.name;
      const firstPod = await podOf("first");
      expect(existsSync(join(home, "logs", "default", firstPod))).toBe(true);
      const report = await server.sweep();
      expect(report).toMatchObject({ resources: 1, runs: 1, logs: 2 });
      expect(await client.list("jobs", { all: true })).toHaveLength(2);
      expect((await client.list("jobs", { namespace: "default" })).map((j) => j.metadata.name).sort()).toEqual(["second", "third"]);
      expect((await client.list("pods", { namespace: "default" })).some((p) => p.metadata.name === firstPod)).toBe(false);
      expect(existsSync(join(home, "logs", "default", firstPod))).toBe(false);
      expect(existsSync(join(home, "logs", "default", await podOf("third")))).toBe(true);
    } finally {
      await server.close();
    }
  });

  it("deletes a Job ttlSecondsAfterFinished after it finished (the server keeps running to do it)", async () => {
    const home = mkdtempSync(join(tmpdir(), "baton-ttl-"));
    const server = await startServer({ home, port: 0 });
    const client = new BatonClient({ url: server.url, token: server.token });
    try {
      await client.submit([{ file: "ttl.yaml", text: job("short-lived", 1) }], "create");
      await finished(client, "short-lived");
      let gone = false;
      for (let i = 0; i < 100 && !gone; i++) {
        gone = (await client.list("jobs", { namespace: "default" })).length === 0;
        if (!gone) await new Promise((r) => setTimeout(r, 50));
      }
      expect(gone).toBe(true);
      expect(await client.list("pods", { namespace: "default" })).toEqual([]);
      const events = await client.events({ kind: "Job", name: "short-lived" });
      expect(events.at(-1)).toMatchObject({ reason: "Deleted", reportingComponent: "ttl-after-finished-controller" });
    } finally {
      await server.close();
    }
  });
});
