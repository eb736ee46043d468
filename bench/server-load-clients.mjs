#!/usr/bin/env node
/* global AbortController */
/**
 * The processes of bench/server-load.mjs other than the server:
 *
 *   node bench/server-load-clients.mjs clients '{"url":…,"token":…,"mode":"rate"|"max"|"echo",…}'
 *     some of the 200 clients, in one process. Each client has a namespace of its own, opens a
 *     watch of it and an event stream of it (the typed client's watch() and watchEvents()), says
 *     "ready", waits for "go <ms since epoch>" on stdin, then submits one-pod Jobs of `true` and
 *     follows each to completion. Prints one JSON line of raw samples at the end.
 *   node bench/server-load-clients.mjs echo
 *     the baseline: a bare hono server on @hono/node-server that parses the same request and
 *     answers 201, with nothing behind it. Prints its URL.
 */
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath, pathToFileURL } from "node:url";

const dist = process.env.BATON_DIST ? resolve(process.env.BATON_DIST) : fileURLToPath(new URL("../dist", import.meta.url));

/** The Job every client submits: one pod, one container that runs `true`; no retry if it cannot start. */
export const jobYaml = (namespace, name) => `apiVersion: batch/v1
kind: Job
metadata:
  name: ${name}
  namespace: ${namespace}
spec:
  backoffLimit: 0
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: noop
        image: busybox
        command: ["true"]
`;

const sleepUntil = (at) => new Promise((r) => setTimeout(r, Math.max(0, at - Date.now())));

/** What the watch told about one Job: its pod's first container start, and how it ended. */
function tracker() {
  const jobs = new Map();
  const get = (uid) => {
    let j = jobs.get(uid);
    if (!j) jobs.set(uid, (j = {}));
    return j;
  };
  const settle = (j) => {
    if (!j.resolve || !j.end) return;
    if (j.startedAt !== undefined || j.end === "Failed") return j.resolve();
    // The pod's change may come just after the Job's, in the same commit.
    j.grace ??= setTimeout(() => j.resolve(), 1000);
  };
  return {
    /** A watch message: the pod's container start time (running or, for a fast `true`, terminated). */
    seen(object) {
      if (object.kind === "Pod") {
        const owner = object.metadata.ownerReferences?.[0]?.uid;
        const state = object.status?.containerStatuses?.[0]?.state;
        const startedAt = state?.running?.startedAt ?? state?.terminated?.startedAt;
        if (owner === undefined || startedAt === undefined) return;
        const j = get(owner);
        j.startedAt ??= Date.parse(startedAt);
        settle(j);
      } else if (object.kind === "Job") {
        const end = object.status?.conditions?.find((c) => (c.type === "Complete" || c.type === "Failed") && c.status === "True");
        if (!end) return;
        const j = get(object.metadata.uid);
        j.end = end.type;
        settle(j);
      }
    },
    /** Resolves once the Job ended (or after `timeoutMs`), with what was seen of it. */
    async follow(uid, timeoutMs) {
      const j = get(uid);
      await new Promise((resolve) => {
        const timer = setTimeout(resolve, timeoutMs);
        j.resolve = () => (clearTimeout(timer), clearTimeout(j.grace), resolve());
        settle(j);
      });
      jobs.delete(uid);
      return j;
    },
  };
}

async function clients(o) {
  const { BatonClient } = await import(pathToFileURL(join(dist, "client", "index.js")).href);
  const r = { rttMs: [], accepted: 0, refused: {}, errors: [], startMs: [], lagMs: [], lateMs: [], completed: 0, failed: 0, unfinished: 0, noStart: 0, cpuMs: 0 };
  const abort = new AbortController();
  let goAt = Infinity;
  let end = Infinity;
  const streams = [];
  const make = async (id) => {
    const namespace = `load-${id}`;
    const client = new BatonClient({ url: o.url, token: o.token });
    const jobs = tracker();
    if (o.mode === "echo") return { client, namespace, jobs };
    // One watch of the client's namespace: no kinds, so no listing; its first message says it listens.
    const changes = client.watch({ namespace }, abort.signal);
    await changes.next();
    streams.push((async () => {
      for await (const w of changes) if (w.type === "MODIFIED" || w.type === "ADDED") jobs.seen(w.object);
    })().catch(() => undefined));
    // `after: 0` replays what the store has before going live, so no event is missed however late it connects.
    streams.push((async () => {
      for await (const e of client.watchEvents({ namespace, after: 0 }, abort.signal)) {
        const now = Date.now();
        if (now >= goAt) r.lagMs.push(now - Date.parse(e.eventTime));
      }
    })().catch(() => undefined));
    return { client, namespace, jobs };
  };
  const each = await Promise.all(o.ids.map(make));

  let seq = 0;
  /** Submits one Job; resolves, once answered, with `followed`: the promise of following it to its end. */
  const submitOne = async (c, scheduled) => {
    const name = `j${++seq}`;
    const sent = Date.now();
    if (scheduled !== undefined) r.lateMs.push(sent - scheduled);
    let items;
    try {
      items = await c.client.submit([{ file: `${name}.yaml`, text: jobYaml(c.namespace, name) }], "create");
    } catch (error) {
      if (error.status !== undefined) r.refused[error.status] = (r.refused[error.status] ?? 0) + 1;
      else if (r.errors.length < 5) r.errors.push(String(error.message).slice(0, 200));
      return { followed: Promise.resolve() };
    }
    const answered = Date.now();
    r.rttMs.push(answered - sent);
    if (answered <= end && items[0]?.action === "created") r.accepted++;
    if (o.mode === "echo") return { followed: Promise.resolve() };
    const followed = c.jobs.follow(items[0].uid, 60_000).then((j) => {
      if (j.startedAt !== undefined) r.startMs.push(j.startedAt - sent);
      else if (j.end) r.noStart++;
      if (j.end === "Complete") r.completed++;
      else if (j.end === "Failed") r.failed++;
      else r.unfinished++;
    });
    return { followed };
  };
  // Closed loop: the next Job once the last one finished. Rate: one every `intervalMs`, each sent
  // once the last submission was answered (one request at a time, as one user's client), followed
  // to its end while the next ones go out; a late send is recorded, not skipped.
  const run = async (c, i) => {
    if (o.mode !== "rate") {
      while (Date.now() < end) await (await submitOne(c)).followed;
      return;
    }
    const following = [];
    for (let at = goAt + o.phaseMs[i]; at < end; at += o.intervalMs) {
      await sleepUntil(at);
      following.push((await submitOne(c, at)).followed);
    }
    await Promise.all(following);
  };

  process.stdout.write("ready\n");
  const lines = createInterface({ input: process.stdin });
  const go = await new Promise((res) => lines.once("line", res));
  goAt = Number(go.split(" ")[1]);
  end = goAt + o.seconds * 1000;
  await sleepUntil(goAt);
  const cpu = process.cpuUsage();
  await Promise.all(each.map(run));
  const used = process.cpuUsage(cpu);
  r.cpuMs = (used.user + used.system) / 1000;
  r.wallMs = Date.now() - goAt;
  abort.abort();
  await Promise.all(streams);
  process.stdout.write(JSON.stringify(r) + "\n");
  lines.close();
}

async function echo() {
  const { Hono } = await import("hono");
  const { serve } = await import("@hono/node-server");
  const app = new Hono();
  let n = 0;
  app.post("/api/v1/submissions", async (c) => {
    const body = await c.req.json();
    const uid = `echo-${++n}`;
    return c.json({ items: body.files.map(() => ({ kind: "Job", namespace: "default", name: uid, uid, action: "created" })) }, 201);
  });
  const server = serve({ fetch: app.fetch, hostname: "127.0.0.1", port: 0 }, (info) => process.stdout.write(`http://127.0.0.1:${info.port}\n`));
  process.once("SIGTERM", () => server.close(() => process.exit(0)));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [role, options] = process.argv.slice(2);
  if (role === "clients") await clients(JSON.parse(options));
  else if (role === "echo") await echo();
  else {
    process.stderr.write("usage: node bench/server-load-clients.mjs clients JSON | echo\n");
    process.exit(2);
  }
}
