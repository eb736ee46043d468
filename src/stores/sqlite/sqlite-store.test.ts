import { execFile, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Store } from "../../model/index.js";
import { describeStore } from "../contract.js";
import { aBatch, aPod, aRun } from "../contract-fixtures.js";
import { openSqliteStore, schemaVersion } from "./index.js";

describeStore("sqlite", async () => {
  const dir = await mkdtemp(join(tmpdir(), "baton-store-"));
  const path = join(dir, "state", "baton.db");
  return {
    store: openSqliteStore({ path }),
    reopen: async () => openSqliteStore({ path }),
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
});

// Children get the driver by absolute URL: an `-e` script resolves bare imports from its cwd.
const driverUrl = pathToFileURL(createRequire(import.meta.url).resolve("better-sqlite3")).href;

/** Runs an inline ESM script in another node process; the script sees `Database` and `args`. */
function nodeScript(body: string, args: string[]): [string, string[]] {
  const script = `const { default: Database } = await import(${JSON.stringify(driverUrl)});\nconst args = process.argv.slice(1);\n${body}`;
  return [process.execPath, ["--input-type=module", "-e", script, ...args]];
}

describe("sqlite store on disk", () => {
  let dir: string;
  const open: Store[] = [];
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "baton-sqlite-"));
  });
  afterEach(async () => {
    for (const store of open.splice(0)) await store.close();
    await rm(dir, { recursive: true, force: true });
  });
  function store(path: string, options: { synchronous?: "normal" | "full" } = {}): Store {
    const opened = openSqliteStore({ path, ...options });
    open.push(opened);
    return opened;
  }

  it("creates the file and its parent folders", async () => {
    const path = join(dir, "a", "b", "c", "baton.db");
    store(path);
    expect(existsSync(path)).toBe(true);
  });

  it("uses WAL journal mode and records the schema version in the file", async () => {
    const path = join(dir, "baton.db");
    store(path);
    const raw = new Database(path, { readonly: true });
    try {
      expect(raw.pragma("journal_mode", { simple: true })).toBe("wal");
      expect(raw.pragma("user_version", { simple: true })).toBe(schemaVersion);
    } finally {
      raw.close();
    }
  });

  it("refuses a file written by a newer schema", async () => {
    const path = join(dir, "baton.db");
    await store(path).close();
    const raw = new Database(path);
    raw.pragma(`user_version = ${schemaVersion + 1}`);
    raw.close();
    expect(() => openSqliteStore({ path })).toThrow(/schema version .* is newer/);
  });

  it("works the same with synchronous=full", async () => {
    const path = join(dir, "baton.db");
    const full = store(path, { synchronous: "full" });
    const run = aRun();
    await full.createRun(run);
    await full.commit(aBatch(run.id, { put: [aPod("a")] }));
    expect(await full.loadObjects(run.id)).toStrictEqual([aPod("a")]);
  });

  it("another process sees committed objects while this connection stays open", async () => {
    const path = join(dir, "baton.db");
    const writer = store(path);
    const run = aRun();
    await writer.createRun(run);
    await writer.commit(aBatch(run.id, { put: [aPod("a"), aPod("b")] }));

    const [node, args] = nodeScript(
      `const db = new Database(args[0], { readonly: true });
       const rows = db.prepare("SELECT uid, body FROM objects WHERE run = ? ORDER BY uid").all(args[1]);
       process.stdout.write(JSON.stringify(rows.map((r) => ({ uid: r.uid, body: JSON.parse(r.body) }))));`,
      [path, run.id],
    );
    const { stdout } = await promisify(execFile)(node, args);
    expect(JSON.parse(stdout)).toStrictEqual([aPod("a"), aPod("b")].map(({ uid, body }) => ({ uid, body })));
  });

  it("waits for another process's write lock instead of failing (busy_timeout)", async () => {
    const path = join(dir, "baton.db");
    const writer = store(path);
    const run = aRun();
    await writer.createRun(run);

    // The child holds the write lock for 300 ms; our commit must wait it out, not throw SQLITE_BUSY.
    const [node, args] = nodeScript(
      `const db = new Database(args[0]);
       db.exec("BEGIN IMMEDIATE");
       process.stdout.write("locked\\n");
       Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300);
       db.exec("COMMIT");`,
      [path],
    );
    const child = spawn(node, args, { stdio: ["ignore", "pipe", "inherit"] });
    await new Promise<void>((resolve) => child.stdout.once("data", () => resolve()));
    await writer.commit(aBatch(run.id, { put: [aPod("a")] }));
    await new Promise((resolve) => child.on("close", resolve));
    expect(child.exitCode).toBe(0);
    expect(await writer.loadObjects(run.id)).toStrictEqual([aPod("a")]);
  });

  it("two stores on one file see each other's commits", async () => {
    const path = join(dir, "baton.db");
    const [one, two] = [store(path), store(path)];
    const run = aRun();
    await one.createRun(run);
    await two.commit(aBatch(run.id, { put: [aPod("from-two")] }));
    expect(await one.loadObjects(run.id)).toStrictEqual([aPod("from-two")]);
  });
});
