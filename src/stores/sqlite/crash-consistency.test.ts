import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Store } from "../../model/index.js";
import { aBatch, anEvent, aPod, aRun } from "../contract-fixtures.js";
import { openSqliteStore } from "./index.js";

const commitLoop = fileURLToPath(new URL("./fixtures/commit-loop.mjs", import.meta.url));
const perCommit = 100;

/** Runs the commit loop until it has acknowledged `acks` commits, then SIGKILLs it; returns the last index it printed. */
async function killMidway(file: string, run: string, first: number, acks: number): Promise<number> {
  const child = spawn(process.execPath, [commitLoop, file, run, String(first), String(perCommit)], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stderr.on("data", (chunk: Buffer) => (err += chunk.toString()));
  child.stdout.on("data", (chunk: Buffer) => {
    out += chunk.toString();
    if (out.split("\n").length - 1 >= acks) child.kill("SIGKILL");
  });
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
    child.on("close", (c, s) => resolve([c, s])),
  );
  if (signal !== "SIGKILL") throw new Error(`commit loop ended by itself (code ${code}): ${err}`);
  const lines = out.split("\n");
  lines.pop(); // the text after the last newline is a line the kill cut short
  return Number(lines.at(-1) ?? first - 1);
}

/** How many commits of the loop the store holds; fails unless each is there whole and in sequence. */
async function wholeCommits(store: Store, run: string): Promise<number> {
  const perIndex = new Map<number, number>();
  let progress: unknown;
  for (const o of await store.loadObjects(run)) {
    if (o.uid === "progress") progress = o.body;
    else if (o.uid !== "seed") {
      const index = Number(o.uid.split("/")[0]);
      perIndex.set(index, (perIndex.get(index) ?? 0) + 1);
    }
  }
  const count = perIndex.size;
  const sequence = Array.from({ length: count }, (_, i) => i);
  expect([...perIndex.keys()].sort((a, b) => a - b)).toStrictEqual(sequence);
  expect([...perIndex.values()].filter((n) => n !== perCommit)).toStrictEqual([]);
  expect(progress).toStrictEqual(count === 0 ? undefined : { commit: count - 1 });
  const events = await store.listEvents(run);
  expect(events.map((e) => e.message)).toStrictEqual(["seeded", ...sequence.map(String)]);
  return count;
}

describe("sqlite store after a writer is killed mid-commit", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "baton-crash-"));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it("holds every acknowledged commit whole, and no part of the interrupted one", async () => {
    const file = join(dir, "baton.db");
    const run = "run-crash";
    const seeding = openSqliteStore({ path: file });
    await seeding.createRun(aRun({ id: run }));
    await seeding.commit(aBatch(run, { put: [aPod("seed")], events: [anEvent("Seeded", "seeded")] }));
    await seeding.close();

    // Several kills at different depths, each resuming where the last one left off.
    let committed = 0;
    for (const acks of [3, 40, 150]) {
      const lastAck = await killMidway(file, run, committed, acks);
      const store = openSqliteStore({ path: file });
      try {
        committed = await wholeCommits(store, run);
        expect(committed).toBeGreaterThan(lastAck);
        expect((await store.loadObjects(run)).some((o) => o.uid === "seed")).toBe(true);
      } finally {
        await store.close();
      }
    }
  });
});
