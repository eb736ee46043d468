import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createConnection } from "node:net";
import { describe, expect, it } from "vitest";

// Kubernetes' two work-queue patterns end to end: the built CLI, real worker processes, a real
// SQLite file or a real Redis.
const baton = resolve(import.meta.dirname, "../bin/baton.js");
const examples = resolve(import.meta.dirname, "../examples");
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const redisUp = await new Promise<boolean>((done) => {
  const s = createConnection({ host: "127.0.0.1", port: 6379 }, () => (s.end(), done(true)));
  s.on("error", () => done(false));
});

function primesUpTo(n: number): number[] {
  const sieve = new Uint8Array(n + 1);
  const out: number[] = [];
  for (let i = 2; i <= n; i++) {
    if (sieve[i]) continue;
    out.push(i);
    for (let j = i * i; j <= n; j += i) sieve[j] = 1;
  }
  return out;
}

function setup(backend: string) {
  const dir = mkdtempSync(join(tmpdir(), "baton-wq-"));
  const env = { ...process.env, BATON_HOME: join(dir, "home"), NO_COLOR: "1" };
  const cli = (args: string[], input?: string) => spawnSync(process.execPath, [baton, ...args], { env, cwd: dir, encoding: "utf8", input, timeout: 120_000 });
  // A queue name of its own, so runs sharing one Redis do not meet.
  const queue = `q-${Math.random().toString(36).slice(2, 8)}`;
  const created = cli(["queue", "create", queue, "--backend", backend]);
  expect(created.status, created.stderr).toBe(0);
  return { dir, env, cli, queue };
}

// CI starts Redis (.ci/run): there a missing Redis is a failure, not a skipped backend.
if (!redisUp && process.env.CI) throw new Error("Redis is not answering on 127.0.0.1:6379; .ci/run starts it");
const backends = ["embedded", ...(redisUp ? ["redis://127.0.0.1:6379"] : [])];

describe.each(backends)("work queue on %s", (backend) => {
  it("fine pattern: workers drain the queue; one killed mid-batch loses nothing", async () => {
    const { dir, env, cli, queue } = setup(backend);
    const n = 20_000;
    const pushed = cli(["queue", "push", queue, "--batch", "5000"], Array.from({ length: n }, (_, i) => String(i + 1)).join("\n") + "\n");
    expect(pushed.stdout).toBe(`${n} items pushed to queue/${queue}\n`);
    const manifest = readFileSync(join(examples, "primes-work-queue.yaml"), "utf8")
      .replace("baton.dev/work-queue: primes", `baton.dev/work-queue: ${queue}`)
      .replace("baton.dev/backoff-base: 1s", "baton.dev/backoff-base: 100ms")
      .replace("--for 30s --count 500", "--for 2s --count 400")
      // The shell's $$ is written $$$$ in a manifest: Kubernetes reads $$ as an escaped $.
      .replace('sleep "${SLOW:-0}"', () => 'echo $$$$ > "primes-out/.pid-$HOSTNAME"; sleep "${SLOW:-0}"')
      .replace('value: "0"', 'value: "0.3"');
    writeFileSync(join(dir, "primes.yaml"), manifest);
    const run = spawn(process.execPath, [baton, "run", "--no-live", "primes.yaml"], { env, cwd: dir, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    run.stdout.on("data", (d: Buffer) => (output += d.toString()));
    run.stderr.on("data", (d: Buffer) => (output += d.toString()));

    // Kill one worker in the middle of a batch: after it leased, before it acked.
    const out = join(dir, "primes-out");
    let killed = false;
    for (let i = 0; i < 400 && !killed; i++) {
      const pidFile = existsSync(out) ? readdirSync(out).find((f) => f.startsWith(".pid-")) : undefined;
      const pid = pidFile ? Number(readFileSync(join(out, pidFile), "utf8")) : NaN;
      if (pid > 0) {
        process.kill(pid, "SIGKILL");
        killed = true;
      } else await sleep(25);
    }
    expect(killed).toBe(true);
    const code = await new Promise<number | null>((r) => run.once("exit", r));
    expect(code, output).toBe(0);

    const found = new Set(readdirSync(out).filter((f) => f.startsWith("part-")).flatMap((f) => readFileSync(join(out, f), "utf8").split("\n").filter(Boolean).map(Number)));
    expect([...found].sort((a, b) => a - b)).toEqual(primesUpTo(n));
    const stats = JSON.parse(cli(["queue", "stats", queue, "-o", "json"]).stdout) as { ready: number; leased: number; done: number; dead: number };
    // Every number acked exactly once: the killed worker's batch came back and was acked by another.
    expect(stats).toMatchObject({ ready: 0, leased: 0, done: n, dead: 0 });
    expect(output).toMatch(/job\/primes\s+Succeeded/);
    cli(["queue", "delete", queue]);
  }, 180_000);

  it("coarse pattern: one item per pod, completions = items", () => {
    const { dir, cli, queue } = setup(backend);
    const words = ["apple", "banana", "cherry", "date", "elderberry", "fig", "grape", "honeydew"];
    expect(cli(["queue", "push", queue, ...words]).status).toBe(0);
    writeFileSync(join(dir, "words.yaml"), readFileSync(join(examples, "coarse-work-queue.yaml"), "utf8").replace("baton.dev/work-queue: words", `baton.dev/work-queue: ${queue}`));
    const r = cli(["run", "--no-live", "words.yaml"]);
    expect(r.status, r.stdout + r.stderr).toBe(0);
    for (const w of words) expect(r.stdout).toContain(`| ${w} has ${w.length} letters`);
    const stats = JSON.parse(cli(["queue", "stats", queue, "-o", "json"]).stdout) as { done: number; ready: number };
    expect(stats).toMatchObject({ done: 8, ready: 0 });
    const lease = cli(["queue", "lease", queue]);
    expect(lease.status).toBe(3);
    cli(["queue", "delete", queue]);
  }, 120_000);
});
