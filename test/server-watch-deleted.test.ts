import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BatonClient, type WatchEvent } from "../src/client/index.js";
import type { Job } from "../src/model/index.js";
import { startServer, type RunningServer } from "../src/server/index.js";

// Which watches hear of a deletion, and what it carries: an unfiltered one of every deletion; a
// filtered one of those its filter matches and of the objects it was told about (listed as ADDED or
// seen MODIFIED), as a Kubernetes watch of a namespace; each DELETED with the object's last state.
let server: RunningServer;
let client: BatonClient;

const job = (name: string, namespace: string) => `apiVersion: batch/v1
kind: Job
metadata:
  name: ${name}
  namespace: ${namespace}
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: work
        command: ["true"]
`;

async function completed(namespace: string, name: string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    const j = (await client.get("jobs", namespace, name)) as Job;
    if (j.status.completionTime) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`job ${namespace}/${name} never completed`);
}

/** Opens a watch and collects what it receives, until `stop`. */
async function collect(filter: Parameters<BatonClient["watch"]>[0]) {
  const abort = new AbortController();
  const got: WatchEvent[] = [];
  const changes = client.watch(filter, abort.signal);
  // What exists comes first (ADDED, for the kinds asked for), then SYNCED: from there it listens.
  for (let m = await changes.next(); !m.done && m.value.type !== "SYNCED"; m = await changes.next()) got.push(m.value as WatchEvent);
  const done = (async () => {
    for await (const w of changes) if (w.type !== "SYNCED") got.push(w);
  })().catch(() => undefined);
  return { got, stop: async () => (abort.abort(), await done) };
}

beforeAll(async () => {
  server = await startServer({ home: mkdtempSync(join(tmpdir(), "baton-server-")), port: 0 });
  client = new BatonClient({ url: server.url, token: server.token });
  await client.submit([{ file: "old.yaml", text: job("listed", "team-a") }], "create");
  await completed("team-a", "listed");
});
afterAll(async () => server.close());

describe("baton server: DELETED on a watch", () => {
  it("tells each watch of the deletions of what it was told about", async () => {
    const everything = await collect({});
    const teamA = await collect({ namespace: "team-a" });
    const teamB = await collect({ namespace: "team-b" });
    const listedJobs = await collect({ kinds: ["jobs"], namespace: "team-a" });
    const [a] = await client.submit([{ file: "a.yaml", text: job("mine", "team-a") }], "create");
    const [b] = await client.submit([{ file: "b.yaml", text: job("theirs", "team-b") }], "create");
    await completed("team-a", "mine");
    await completed("team-b", "theirs");
    await client.delete("jobs", "team-a", "mine");
    await client.delete("jobs", "team-b", "theirs");
    await client.delete("jobs", "team-a", "listed");
    await new Promise((r) => setTimeout(r, 300));
    await Promise.all([everything, teamA, teamB, listedJobs].map((w) => w.stop()));

    const deleted = (w: { got: WatchEvent[] }) => new Set(w.got.filter((e) => e.type === "DELETED").map((e) => e.object.metadata.uid));
    expect(deleted(everything)).toContain(a!.uid);
    expect(deleted(everything)).toContain(b!.uid);
    expect(deleted(teamA)).toContain(a!.uid);
    expect(deleted(teamA)).not.toContain(b!.uid);
    expect(deleted(teamB)).toContain(b!.uid);
    expect(deleted(teamB)).not.toContain(a!.uid);
    // Listed at the start (ADDED), so its deletion is told too.
    const listed = listedJobs.got.find((e) => e.type === "ADDED" && e.object.metadata.name === "listed")!;
    expect(deleted(listedJobs)).toContain(listed.object.metadata.uid);
    expect(deleted(listedJobs)).toContain(a!.uid);
    expect(deleted(listedJobs)).not.toContain(b!.uid);
    // As Kubernetes: a DELETED carries the object as it was last stored.
    const gone = teamA.got.find((e) => e.type === "DELETED" && e.object.metadata.uid === a!.uid)!;
    expect(gone.object).toMatchObject({ kind: "Job", metadata: { name: "mine", namespace: "team-a" } });
    expect((gone.object as { status?: { succeeded?: number } }).status?.succeeded).toBe(1);
  });
});
