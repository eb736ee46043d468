import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";

// End to end, with the built CLI (npm install builds it): a real engine process, real processes,
// a real SQLite file. The engine is killed with SIGKILL in the middle of a multi-Job run.
const baton = resolve(import.meta.dirname, "../bin/baton.js");

function job(name: string, completions: number, parallelism: number, trace: string, dependsOn?: string): string {
  const depends = dependsOn ? `    baton.dev/depends-on: ${dependsOn}\n` : "";
  const annotations = `  annotations:\n    baton.dev/backoff-base: 100ms\n${depends}`;
  return `apiVersion: batch/v1
kind: Job
metadata:
  name: ${name}
${annotations}spec:
  completions: ${completions}
  parallelism: ${parallelism}
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: work
        command: ["sh", "-c", 'echo "start $(POD)" >> ${trace}; sleep 0.4; echo "end $(POD)" >> ${trace}']
        env:
        - name: POD
          valueFrom: { fieldRef: { fieldPath: metadata.name } }
`;
}

const lines = (file: string) => (existsSync(file) ? readFileSync(file, "utf8").split("\n").filter(Boolean) : []);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Pods the store records as Succeeded: finished work, as far as the engine committed it. */
function storedSucceededPods(home: string): string[] {
  let db;
  try {
    db = new Database(join(home, "baton.db"), { readonly: true, fileMustExist: true });
  } catch {
    return [];
  }
  try {
    const rows = db.prepare("select name, body from objects where kind = 'Pod'").all() as { name: string; body: string }[];
    return rows.filter((r) => (JSON.parse(r.body) as { object: { status: { phase: string } } }).object.status.phase === "Succeeded").map((r) => r.name);
  } catch {
    return []; // the schema is not there yet
  } finally {
    db.close();
  }
}

function storedEvents(home: string): string[] {
  const db = new Database(join(home, "baton.db"), { readonly: true });
  try {
    return (db.prepare("select json from events order by id").all() as { json: string }[]).map((r) => r.json);
  } finally {
    db.close();
  }
}

describe("a killed engine resumes without running finished work again", () => {
  it("continues a multi-Job run after SIGKILL and completes it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "baton-crash-"));
    const home = join(dir, "home");
    const trace = join(dir, "trace.log");
    const file = join(dir, "run.yaml");
    writeFileSync(file, [job("a", 4, 1, trace), job("b", 2, 2, trace, "a"), job("c", 3, 1, trace)].join("---\n"));
    const env = { ...process.env, BATON_HOME: home, NO_COLOR: "1" };

    const first = spawn(process.execPath, [baton, "run", "--no-live", file], { env, stdio: "ignore" });
    const deadline = Date.now() + 30_000;
    // Finished means committed: a container can print its last line and exit just before the kill.
    while (storedSucceededPods(home).length < 3 && Date.now() < deadline) await sleep(50);
    first.kill("SIGKILL");
    await new Promise((r) => first.once("exit", r));

    // The containers died with their engine: nothing more is written to the trace.
    await sleep(1000);
    const beforeResume = lines(trace);
    await sleep(700);
    expect(lines(trace)).toEqual(beforeResume);
    const endedBefore = storedSucceededPods(home);
    expect(endedBefore.length).toBeGreaterThanOrEqual(3);
    const eventsBefore = storedEvents(home);

    const second = spawnSync(process.execPath, [baton, "run", "--no-live", "-o", "json", file], { env, encoding: "utf8", timeout: 60_000 });
    expect(second.stderr).toContain("resuming run");
    expect(second.status).toBe(0);

    // Finished pods were not started again, and they are still there, Succeeded.
    const after = lines(trace).slice(beforeResume.length);
    for (const pod of endedBefore) expect(after).not.toContain(`start ${pod}`);
    const items = JSON.parse(second.stdout).items as { kind: string; metadata: { name: string }; status: { phase?: string; succeeded?: number } }[];
    const byName = new Map(items.map((i) => [`${i.kind}/${i.metadata.name}`, i]));
    for (const pod of endedBefore) expect(byName.get(`Pod/${pod}`)?.status.phase).toBe("Succeeded");
    expect(["a", "b", "c"].map((n) => byName.get(`Job/${n}`)?.status.succeeded)).toEqual([4, 2, 3]);

    // Nothing recorded before the kill is lost.
    const eventsAfter = new Set(storedEvents(home));
    for (const e of eventsBefore) expect(eventsAfter.has(e)).toBe(true);

    // Every Job's pods really ran to completion: 9 distinct pods ended, in all.
    const ended = new Set(lines(trace).filter((l) => l.startsWith("end ")));
    expect(ended.size).toBeGreaterThanOrEqual(9);
  });
});
