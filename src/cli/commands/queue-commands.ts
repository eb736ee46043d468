import { readFileSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import type { Command } from "@commander-js/extra-typings";
// Direct imports, not the folders' index files: a worker runs `baton queue …` per item, so start-up counts.
import { batonHome } from "../../app/home.js";
import { createQueue, deleteQueue, openQueue, openQueueBackend, readQueueRegistry, redactAddress as redact } from "../../app/queues.js";
import { LeaseLostError, QueueError, type NewItem, type QueueBackend } from "../../model/index.js";
import { parseDuration } from "../../spec/duration.js";
import { UsageError } from "../usage-error.js";
import { formatTable } from "../output/tables.js";

/** Exit statuses a worker's shell loop can test. */
export const QueueExit = { Drained: 3, LeaseLost: 4, TimedOut: 5 } as const;

function duration(flag: string, text: string): number {
  const ms = parseDuration(text);
  if (ms === undefined || ms < 0) throw new UsageError(`${flag}: "${text}" is not a duration such as 30s, 500ms or 2m`);
  return ms;
}

function whole(flag: string, text: string, min = 0): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`${flag}: ${text} is not a whole number >= ${min}`);
  return n;
}

/** The queue's backend: from $BATON_HOME's list of queues, else (in a pod on another machine) BATON_QUEUE_BACKEND. */
async function backendOf(name: string): Promise<QueueBackend> {
  const home = batonHome();
  if (readQueueRegistry(home)[name]) return openQueue(home, name);
  const fromEnv = process.env.BATON_QUEUE === name ? process.env.BATON_QUEUE_BACKEND : undefined;
  if (fromEnv) return openQueueBackend(home, fromEnv);
  return openQueue(home, name); // throws NotFound with the message
}

/**
 * Runs one queue operation, retrying with back-off while the backend is unavailable (a Redis
 * restart), and telling stderr each time; user errors get exit statuses a shell can test.
 */
async function withQueue(name: string, work: (q: QueueBackend) => Promise<number | void>, open = true): Promise<void> {
  let delay = 100;
  const giveUpAt = Date.now() + duration("BATON_QUEUE_RETRY_FOR", process.env.BATON_QUEUE_RETRY_FOR ?? "5m");
  for (;;) {
    let q: QueueBackend | undefined;
    try {
      if (open) q = await backendOf(name);
      process.exitCode = (await work(q!)) ?? 0;
      return;
    } catch (error) {
      if (error instanceof QueueError && error.code === "Unavailable" && Date.now() + delay < giveUpAt) {
        process.stderr.write(`baton queue: ${error.message}; retrying in ${(delay / 1000).toFixed(1)}s\n`);
        await new Promise((r) => setTimeout(r, delay));
        delay = Math.min(delay * 2, 5000);
        continue;
      }
      process.stderr.write(`baton queue: ${(error as Error).message}\n`);
      process.exitCode = error instanceof LeaseLostError ? QueueExit.LeaseLost : error instanceof UsageError || (error instanceof QueueError && error.code === "Invalid") ? 2 : 1;
      return;
    } finally {
      await q?.close().catch(() => undefined);
    }
  }
}

function readItems(args: string[], o: { file?: string[]; json?: string }): Uint8Array[] {
  const enc = new TextEncoder();
  const items: Uint8Array[] = args.map((a) => enc.encode(a));
  for (const f of o.file ?? []) items.push(new Uint8Array(readFileSync(f)));
  if (o.json) {
    const list: unknown = JSON.parse(readFileSync(o.json === "-" ? 0 : o.json, "utf8"));
    if (!Array.isArray(list)) throw new UsageError(`--json ${o.json}: must hold a JSON list; each element becomes an item`);
    for (const v of list) items.push(enc.encode(JSON.stringify(v)));
  }
  if (args.length === 0 && !o.file && !o.json) {
    // One item per line of standard input (a trailing newline does not make an empty item).
    for (const line of readFileSync(0, "utf8").split("\n")) if (line !== "") items.push(enc.encode(line));
  }
  return items;
}

export function registerQueueCommands(program: Command): void {
  const queue = program.command("queue").description("work queues: many workers lease items, and no item is lost (at-least-once, with leases)");

  queue
    .command("create")
    .argument("<name>")
    .option("--backend <address>", "embedded (in $BATON_HOME's store) or redis://[user:password@]host:port[/db]", "embedded")
    .option("--max-attempts <n>", "leases an item gets before it goes to the dead letters", "5")
    .option("--max-item-size <bytes>", "largest item accepted", String(1024 * 1024))
    .action((name, o) =>
      withQueue(name, async () => {
        await createQueue(batonHome(), name, o.backend, { maxAttempts: whole("--max-attempts", o.maxAttempts, 1), maxItemBytes: whole("--max-item-size", o.maxItemSize, 1) });
        process.stdout.write(`queue/${name} created (${redact(o.backend)})\n`);
      }, false),
    );

  queue
    .command("delete")
    .argument("<name>")
    .action((name) =>
      withQueue(name, async () => {
        await deleteQueue(batonHome(), name);
        process.stdout.write(`queue/${name} deleted\n`);
      }, false),
    );

  queue
    .command("push")
    .description("add items: the arguments, else --file/--json, else one per line of standard input")
    .argument("<name>")
    .argument("[items...]")
    .option("--file <paths...>", "each file is one item")
    .option("--json <file>", "a JSON list: each element is one item (as JSON); - for standard input")
    .option("--batch <n>", "items per atomic push", "1000")
    .option("--priority <n>", "higher is leased first", "0")
    .option("--delay <duration>", "not leased before this long from now")
    .action((name, args, o) =>
      withQueue(name, async (q) => {
        const data = readItems(args, o);
        const batch = whole("--batch", o.batch, 1);
        const priority = Number(o.priority);
        const delayMs = o.delay === undefined ? 0 : duration("--delay", o.delay);
        let pushed = 0;
        for (let i = 0; i < data.length; i += batch) {
          const items: NewItem[] = data.slice(i, i + batch).map((d) => ({ data: d, priority, delayMs }));
          pushed += (await q.push(name, items, Date.now())).length;
          if (process.stderr.isTTY && data.length > batch) process.stderr.write(`\rpushed ${pushed} of ${data.length}`);
        }
        if (process.stderr.isTTY && data.length > batch) process.stderr.write("\n");
        process.stdout.write(`${pushed} item${pushed === 1 ? "" : "s"} pushed to queue/${name}\n`);
      }),
    );

  queue
    .command("lease")
    .description("lease one item and print its lease id; waits while others hold leases; exit 3 once the queue is drained")
    .argument("<name>")
    .option("--for <duration>", "how long the lease lasts unless extended", "30s")
    .option("--item-file <path>", "write the item there (else it follows the lease id on standard output)")
    .option("--count <n>", "lease up to n items at once: one lease id per line, the items one per line in --item-file", "1")
    .option("--wait <duration>", "give up after this long with exit 5 (default: wait until an item or the end)")
    .action((name, o) =>
      withQueue(name, async (q) => {
        const leaseMs = duration("--for", o.for);
        const count = whole("--count", o.count, 1);
        const until = o.wait === undefined ? Infinity : Date.now() + duration("--wait", o.wait);
        let pause = 50;
        for (;;) {
          const { items, drained } = await q.lease(name, { count, leaseMs }, Date.now());
          if (items.length > 0) {
            const data = count === 1 ? items[0]!.data : Buffer.concat(items.map((i) => Buffer.concat([i.data, Buffer.from("\n")])));
            if (o.itemFile) await writeFile(o.itemFile, data);
            process.stdout.write(items.map((i) => i.leaseId + "\n").join(""));
            if (!o.itemFile) process.stdout.write(data);
            return 0;
          }
          if (drained) return QueueExit.Drained;
          if (Date.now() + pause > until) return QueueExit.TimedOut;
          await new Promise((r) => setTimeout(r, pause));
          pause = Math.min(pause * 2, 1000);
        }
      }),
    );

  for (const verb of ["ack", "nack", "extend"] as const) {
    const c = queue.command(verb).argument("<name>").argument("<leases...>", "lease ids, as `lease` printed them");
    if (verb === "nack") c.option("--delay <duration>", "back in the queue after this long");
    if (verb === "extend") c.option("--for <duration>", "the lease's new length, from now", "30s");
    c.description(verb === "ack" ? "the item is done" : verb === "nack" ? "give the item back (it counts as an attempt)" : "keep the lease alive longer");
    c.action((name, leases, o: { delay?: string; for?: string }) =>
      withQueue(name, async (q) => {
        // Every lease is tried; one that was lost does not stop the others, and sets the exit status.
        let lost: LeaseLostError | undefined;
        for (const lease of leases) {
          try {
            if (verb === "ack") await q.ack(name, lease, Date.now());
            else if (verb === "nack") await q.nack(name, lease, { delayMs: o.delay === undefined ? 0 : duration("--delay", o.delay) }, Date.now());
            else process.stdout.write(`${new Date((await q.extend(name, lease, duration("--for", o.for ?? "30s"), Date.now())).expiresAt).toISOString()}\n`);
          } catch (error) {
            if (!(error instanceof LeaseLostError)) throw error;
            process.stderr.write(`baton queue: ${error.message}\n`);
            lost = error;
          }
        }
        return lost ? QueueExit.LeaseLost : 0;
      }),
    );
  }

  queue
    .command("stats")
    .description("depth, leased, done, dead and rate of one queue or all")
    .argument("[name]")
    .option("-o, --output <format>", "json")
    .action((name, o) => printStats(name, o.output === "json"));

  queue
    .command("peek")
    .argument("<name>")
    .option("-n, --count <n>", "how many", "10")
    .action((name, o) =>
      withQueue(name, async (q) => {
        for (const i of await q.peek(name, whole("--count", o.count, 1), Date.now())) process.stdout.write(`${i.id}\t${i.priority}\t${i.attempts}\t${new TextDecoder().decode(i.data)}\n`);
      }),
    );

  queue
    .command("dead")
    .argument("<name>")
    .option("-n, --count <n>", "how many", "10")
    .action((name, o) =>
      withQueue(name, async (q) => {
        for (const i of await q.dead(name, whole("--count", o.count, 1))) process.stdout.write(`${i.id}\t${i.attempts}\t${new Date(i.diedAt).toISOString()}\t${i.reason}\t${new TextDecoder().decode(i.data)}\n`);
      }),
    );

  queue
    .command("requeue-dead")
    .argument("<name>")
    .argument("[ids...]", "only these items (default: all)")
    .action((name, ids) =>
      withQueue(name, async (q) => {
        const n = await q.requeueDead(name, ids.length > 0 ? ids : undefined, Date.now());
        process.stdout.write(`${n} item${n === 1 ? "" : "s"} back in queue/${name}\n`);
      }),
    );

  queue
    .command("purge")
    .argument("<name>")
    .action((name) =>
      withQueue(name, async (q) => {
        await q.purge(name);
        process.stdout.write(`queue/${name} purged\n`);
      }),
    );
}

/** `baton queue stats` and `baton get queues`. */
export async function printStats(name: string | undefined, json: boolean): Promise<void> {
  const home = batonHome();
  const registry = readQueueRegistry(home);
  const names = name === undefined ? Object.keys(registry).sort() : [name];
  const rows: string[][] = [["NAME", "DEPTH", "READY", "DELAYED", "LEASED", "DONE", "DEAD", "RATE/S", "BACKEND"]];
  const all = [];
  for (const n of names) {
    let stats;
    await withQueue(n, async (q) => {
      stats = await q.stats(n, Date.now());
    });
    if (!stats) return;
    const s = stats as Awaited<ReturnType<QueueBackend["stats"]>>;
    all.push({ ...s, backend: registry[n]?.backend ?? process.env.BATON_QUEUE_BACKEND });
    rows.push([n, String(s.ready + s.delayed), String(s.ready), String(s.delayed), String(s.leased), String(s.done), String(s.dead), s.rate.toFixed(1), redact(registry[n]?.backend ?? "")]);
  }
  if (json) process.stdout.write(JSON.stringify(name === undefined ? all : all[0], null, 2) + "\n");
  else if (rows.length === 1) process.stderr.write("No queues found.\n");
  else for (const line of formatTable(rows)) process.stdout.write(line + "\n");
}
