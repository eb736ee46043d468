// The Node spawner: a small long-lived child of Baton that starts container processes on request,
// used where the native one (native/spawner.c, faster to start a process) could not be built.
// Forking from Baton's big process gets slower as its heap grows; forking from this small one does
// not. Plain JavaScript (Node cannot run .ts); the wire format is documented in protocol.ts.
//
// Requests arrive on stdin, reports leave on stdout, as length-prefixed frames of NUL-separated
// fields. stderr is Baton's, for crashes only. When stdin ends (Baton closed it, or Baton died, even
// by SIGKILL) or our parent changes, every process group we started is SIGKILLed and we exit: no
// container outlives Baton. Except with --survive <dir> <idleMs> (baton server): then losing the
// client leaves the containers running and logging, their exits are kept, and a client that
// connects to <dir>/<pid>.sock is handed them (A, C, X/F, H reports) and owns them from then on.
// Alone and idle for idleMs, we exit; SIGTERM and the `q` request still end everything.
import { Buffer } from "node:buffer";
import { spawn } from "node:child_process";
import { closeSync, existsSync, mkdirSync, openSync, rmSync, statSync, writeSync } from "node:fs";
import { createServer } from "node:net";
import { constants } from "node:os";
import { dirname, join } from "node:path";
import { clearTimeout, setImmediate, setInterval, setTimeout } from "node:timers";

const args = process.argv.slice(2);
const inheritEnv = !args.includes("--no-inherit-env");
const surviveAt = args.indexOf("--survive");
/** @type {{ dir: string; idleMs: number } | undefined} */
const survive = surviveAt < 0 ? undefined : { dir: String(args[surviveAt + 1]), idleMs: Number(args[surviveAt + 2]) };
/** Surviving: standard output kept per container for a hand-over (Argo's limit for a result). */
const KEEP_MAX = 256 * 1024;
/** Surviving: how long an exit stays ready to be handed over again while a client is connected. */
const ENDED_KEEP_MS = 5000;
/** A plain copy: reading process.env goes through a slow accessor on every key. */
const baseEnv = inheritEnv ? { ...process.env } : {};
const parentPid = process.ppid;
/** Seconds a dead container's pipes may stay open (held by a process that left its group). */
const PIPE_DRAIN_MS = 2000;

/**
 * @typedef {object} Running
 * @property {number} id
 * @property {number} pid
 * @property {string} logPath
 * @property {number} logFd -1 until the first byte arrives: no output, no file
 * @property {boolean} forward
 * @property {boolean} exited
 * @property {Buffer[][]} partial per stream, the pieces of an unfinished last line
 * @property {string} tag surviving: the client's description, handed to the next client
 * @property {boolean} keep surviving: keep standard output for a hand-over
 * @property {Buffer[]} kept
 * @property {number} keptLength
 */

/**
 * Surviving: an exit (its X or F frame) ready to be handed to a client that connects.
 * @typedef {object} Ended
 * @property {number} id
 * @property {number} pid
 * @property {string} tag
 * @property {Buffer[]} kept
 * @property {Buffer} frame
 * @property {number} until dropped after this, while a client is connected
 */

/** @type {Map<number, Running>} by request id */
const running = new Map();
/** Directories already made, so a log file costs one mkdir per container directory, not per attempt. */
const madeDirs = new Set();
/** @type {Ended[]} ended[endedFirst…]: in the order of `until`, so the expired are at the front */
let ended = [];
let endedFirst = 0;
/** @type {Ended} */
const EXPIRED = { id: 0, pid: 0, tag: "", kept: [], frame: Buffer.alloc(0), until: 0 };

/**
 * The client: Baton on stdin and stdout, or later a socket; undefined while there is none.
 * @type {{ write(bytes: Buffer): void; close(): void; socket?: import("node:net").Socket } | undefined}
 */
let client;
const stdio = {
  write: (/** @type {Buffer} */ bytes) => process.stdout.write(bytes),
  close: () => process.stdin.destroy(),
};
client = stdio;

// ---- reports, batched per event-loop turn: one write for many small messages ----
/** @type {Buffer[]} */
let outbox = [];
/**
 * One frame: a 4-byte little-endian length, then NUL-separated fields; `data`, any bytes, goes last.
 * @param {(string | number)[]} fields
 * @param {Buffer} [data]
 */
function report(fields, data) {
  if (client === undefined) return;
  const text = Buffer.from(fields.join("\0") + (data === undefined ? "" : "\0"));
  const header = Buffer.allocUnsafe(4);
  header.writeUInt32LE(text.length + (data?.length ?? 0));
  if (outbox.length === 0) setImmediate(flush);
  outbox.push(header, text);
  if (data !== undefined) outbox.push(data);
}
function flush() {
  const frames = outbox;
  outbox = [];
  if (frames.length > 0) client?.write(Buffer.concat(frames));
}

/**
 * An exit (X) or a start error (F). Surviving, it is also kept for a later hand-over, with what the
 * next client needs to take the container over.
 * @param {(string | number)[]} fields
 * @param {{ pid: number; tag: string; kept: Buffer[] }} container
 */
function reportEnd(fields, container) {
  if (survive === undefined) return report(fields);
  report(fields);
  if (client !== undefined) pruneEnded();
  // The frame as sent, with one more field for a hand-over: when it happened.
  const text = Buffer.from([...fields, Date.now()].join("\0"));
  const frame = Buffer.allocUnsafe(4 + text.length);
  frame.writeUInt32LE(text.length);
  text.copy(frame, 4);
  const until = client === undefined ? Infinity : Date.now() + ENDED_KEEP_MS;
  ended.push({ id: Number(fields[1]), pid: container.pid, tag: container.tag, kept: container.kept, frame, until });
}

/** With a client, `until` only grows along the list (without one nothing expires). */
function pruneEnded() {
  const now = Date.now();
  while (endedFirst < ended.length && /** @type {Ended} */ (ended[endedFirst]).until <= now) ended[endedFirst++] = EXPIRED; // its buffers go now
  if (endedFirst > 1024 && endedFirst * 2 > ended.length) {
    ended = ended.slice(endedFirst);
    endedFirst = 0;
  }
}

// ---- starting ----
/**
 * @param {number} id
 * @param {string[]} argv
 * @param {Record<string, string> | null} env overlay on the inherited environment
 * @param {string | null} cwd
 * @param {string} logPath
 * @param {number} flags 1: send output chunks to Baton as well as to the log file; 2: keep stdout
 * @param {string} tag surviving: the client's description of the container
 */
function start(id, argv, env, cwd, logPath, flags, tag) {
  const command = argv[0];
  const keeping = { pid: 0, tag, kept: [] };
  if (command === undefined || command === "") {
    reportEnd(["F", id, "no command specified"], keeping);
    return;
  }
  /** @type {import("node:child_process").ChildProcess} */
  let child;
  try {
    child = spawn(command, argv.slice(1), {
      cwd: cwd ?? undefined,
      env: env === null ? baseEnv : { ...baseEnv, ...env },
      stdio: ["ignore", "pipe", "pipe"],
      detached: true, // its own process group, so a kill reaches its children too
    });
  } catch (error) {
    reportEnd(["F", id, startErrorMessage(/** @type {NodeJS.ErrnoException} */ (error), command, cwd)], keeping);
    return;
  }
  const pid = child.pid;
  if (pid === undefined) {
    // ENOENT, EACCES and the like arrive as an 'error' event on the next tick.
    child.stdout?.destroy();
    child.stderr?.destroy();
    child.once("error", (error) => reportEnd(["F", id, startErrorMessage(error, command, cwd)], keeping));
    return;
  }
  /** @type {Running} */
  const entry = { id, pid, logPath, logFd: -1, forward: (flags & 1) !== 0, exited: false, partial: [[], []], tag: survive ? tag : "", keep: survive !== undefined && (flags & 2) !== 0, kept: [], keptLength: 0 };
  running.set(id, entry);
  idleCheck();
  report(["S", id, pid]);
  const stdout = /** @type {import("node:stream").Readable} */ (child.stdout);
  const stderr = /** @type {import("node:stream").Readable} */ (child.stderr);
  stdout.on("data", (chunk) => output(entry, 1, chunk));
  stderr.on("data", (chunk) => output(entry, 2, chunk));
  /** @type {NodeJS.Timeout | undefined} */
  let drainTimer;
  child.once("exit", () => {
    entry.exited = true;
    // As when a container's init process ends: whatever else ran in the container dies with it.
    killGroup(pid, "SIGKILL");
    if (!stdout.readableEnded || !stderr.readableEnded) {
      drainTimer = setTimeout(() => {
        stdout.destroy();
        stderr.destroy();
      }, PIPE_DRAIN_MS);
    }
  });
  // 'close' comes after 'exit' and after both pipes ended: every byte is in the log by then.
  child.once("close", (code, signal) => {
    if (drainTimer !== undefined) clearTimeout(drainTimer);
    running.delete(id);
    flushPartial(entry, 1);
    flushPartial(entry, 2);
    if (entry.logFd !== -1) closeSync(entry.logFd);
    reportEnd(["X", id, code ?? "", signal === null ? "" : constants.signals[signal]], entry);
    idleCheck();
  });
}

/**
 * Kubernetes-like wording (runc's), for the rare path only: the stat calls cost nothing on success.
 * @param {NodeJS.ErrnoException} error
 * @param {string} command
 * @param {string | null} cwd
 */
function startErrorMessage(error, command, cwd) {
  if (cwd !== null) {
    const problem = directoryProblem(cwd);
    if (problem !== undefined) return `chdir to cwd (${JSON.stringify(cwd)}) set in config.json failed: ${problem}`;
  }
  const quoted = JSON.stringify(command);
  if (error.code === "ENOENT") {
    return command.includes("/")
      ? `exec: ${quoted}: stat ${command}: no such file or directory`
      : `exec: ${quoted}: executable file not found in $PATH`;
  }
  if (error.code === "EACCES") return `exec: ${quoted}: permission denied`;
  return `exec: ${quoted}: ${error.message}`;
}

/** @param {string} dir */
function directoryProblem(dir) {
  if (!existsSync(dir)) return "no such file or directory";
  try {
    if (!statSync(dir).isDirectory()) return "not a directory";
  } catch {
    return "permission denied";
  }
  return undefined;
}

// ---- output ----
/**
 * @param {Running} entry
 * @param {1 | 2} stream
 * @param {Buffer} chunk
 */
function output(entry, stream, chunk) {
  if (entry.logFd === -1) entry.logFd = openLog(entry.logPath);
  if (entry.keep && stream === 1 && entry.keptLength < KEEP_MAX) {
    const piece = chunk.subarray(0, KEEP_MAX - entry.keptLength);
    entry.kept.push(piece);
    entry.keptLength += piece.length;
  }
  // Synchronous: the bytes are in the file before the exit is reported. stdout and stderr share the
  // file, so only whole lines go in: one stream never splits the other's line (as the native spawner).
  const end = chunk.lastIndexOf(10);
  const partial = entry.partial[stream - 1];
  if (end < 0) {
    partial.push(chunk);
    if (partial.reduce((n, b) => n + b.length, 0) >= MAX_PARTIAL_LINE) flushPartial(entry, stream);
  } else {
    flushPartial(entry, stream);
    writeLog(entry, chunk.subarray(0, end + 1));
    if (end + 1 < chunk.length) partial.push(chunk.subarray(end + 1));
  }
  if (entry.forward) report(["O", entry.id, stream], chunk);
}

/** Up to this much of one unfinished line waits for its end; a longer line is written in pieces. */
const MAX_PARTIAL_LINE = 65536;

/** @param {Running} entry @param {1 | 2} stream */
function flushPartial(entry, stream) {
  const partial = entry.partial[stream - 1];
  if (partial.length === 0) return;
  writeLog(entry, Buffer.concat(partial));
  partial.length = 0;
}

/** @param {Running} entry @param {Buffer} bytes */
function writeLog(entry, bytes) {
  if (entry.logFd < 0) return;
  let written = 0;
  while (written < bytes.length) written += writeSync(entry.logFd, bytes, written);
}

/** @param {string} path */
function openLog(path) {
  const dir = dirname(path);
  if (!madeDirs.has(dir)) {
    mkdirSync(dir, { recursive: true });
    madeDirs.add(dir);
  }
  return openSync(path, "a");
}

// ---- killing ----
/**
 * @param {number} pid the group leader's pid, which is the group's id
 * @param {NodeJS.Signals | number} signal
 */
function killGroup(pid, signal) {
  // Usually the group is already gone (ESRCH): after every exit we try. Without a stack trace the
  // thrown error costs ~1 µs instead of ~40.
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: the group is already gone.
  } finally {
    Error.stackTraceLimit = limit;
  }
}

/**
 * @param {number} signal
 * @param {number[]} ids
 */
function kill(signal, ids) {
  for (const id of ids) {
    const entry = running.get(id);
    if (entry !== undefined) killGroup(entry.pid, signal);
  }
}

function killAllAndExit() {
  for (const entry of running.values()) killGroup(entry.pid, "SIGKILL");
  process.exit(0);
}

// ---- the client ----
/**
 * Baton closed us, or died. Surviving, the containers go on; the outbox is dropped (a frame may be
 * half sent): its exits are kept in `ended`, the rest the next client learns from the hand-over.
 */
function clientGone() {
  if (survive === undefined) return killAllAndExit();
  if (client === undefined) return;
  client.close();
  client = undefined;
  outbox = [];
  inbox = Buffer.alloc(0);
  for (let i = endedFirst; i < ended.length; i++) /** @type {Ended} */ (ended[i]).until = Infinity;
  idleCheck();
}

/**
 * @param {number} id @param {number} pid @param {string} tag @param {Buffer[]} kept
 */
function reportAdopted(id, pid, tag, kept) {
  report(["A", id, pid, tag]);
  if (kept.length > 0) report(["C", id], Buffer.concat(kept));
}

/** A new client learns every container it now owns and every exit it may not have recorded. */
function handOver() {
  const until = Date.now() + ENDED_KEEP_MS;
  for (const entry of running.values()) reportAdopted(entry.id, entry.pid, entry.tag, entry.kept);
  for (const e of ended.slice(endedFirst)) {
    reportAdopted(e.id, e.pid, e.tag, e.kept);
    outbox.push(e.frame);
    e.until = until;
  }
  report(["H", process.pid]);
}

/** @param {import("node:net").Socket} socket */
function accept(socket) {
  if (client !== undefined) return socket.destroy(); // one client at a time
  client = { write: (bytes) => socket.write(bytes), close: () => socket.destroy(), socket };
  socket.on("data", receive);
  socket.on("error", () => {});
  socket.on("close", () => {
    if (client?.socket === socket) clientGone();
  });
  idleCheck();
  handOver();
}

/** @type {NodeJS.Timeout | undefined} */
let idleTimer;
/** Surviving without a client and with nothing running, for idleMs: nothing is left to hand over. */
function idleCheck() {
  if (survive === undefined) return;
  if (client === undefined && running.size === 0) idleTimer ??= setTimeout(killAllAndExit, survive.idleMs);
  else if (idleTimer !== undefined) {
    clearTimeout(idleTimer);
    idleTimer = undefined;
  }
}

/** In the directory, entered for the bind: a socket path is limited to about 100 bytes, a home is not. */
function listenOn(/** @type {string} */ dir) {
  const name = `${process.pid}.sock`;
  const files = [join(dir, name), join(dir, `${process.pid}.id`)];
  rmSync(files[0], { force: true }); // left by an earlier process of our pid
  process.on("exit", () => files.forEach((file) => rmSync(file, { force: true })));
  const server = createServer(accept);
  const here = process.cwd();
  process.chdir(dir);
  try {
    server.listen(name); // binds at once
  } finally {
    process.chdir(here);
  }
  server.on("error", (error) => {
    process.stderr.write(`baton spawner: cannot listen on ${files[0]}: ${error.message}\n`);
    killAllAndExit();
  });
}

// ---- requests ----
/** @param {string[]} fields the frame's NUL-separated fields */
function handle(fields) {
  switch (fields[0]) {
    case "s": {
      // s id flags cwd logPath tag argc argv… envc K=V…
      const argc = Number(fields[6]);
      const argv = fields.slice(7, 7 + argc);
      const pairs = fields.slice(8 + argc, 8 + argc + Number(fields[7 + argc]));
      const env = pairs.length === 0 ? null : Object.fromEntries(pairs.map((pair) => splitPair(pair)));
      start(Number(fields[1]), argv, env, fields[3] || null, /** @type {string} */ (fields[4]), Number(fields[2]), /** @type {string} */ (fields[5]));
      return;
    }
    case "k":
      kill(Number(fields[1]), fields.slice(2).map(Number));
      return;
    case "q":
      killAllAndExit();
      return;
    default:
      throw new Error(`spawner: unknown request ${JSON.stringify(fields[0])}`);
  }
}

/** @param {string} pair "NAME=value" */
function splitPair(pair) {
  const at = pair.indexOf("=");
  return [pair.slice(0, at), pair.slice(at + 1)];
}

let inbox = Buffer.alloc(0);
/** @param {Buffer} chunk */
function receive(chunk) {
  inbox = inbox.length === 0 ? chunk : Buffer.concat([inbox, chunk]);
  let at = 0;
  while (inbox.length - at >= 4) {
    const end = at + 4 + inbox.readUInt32LE(at);
    if (end > inbox.length) break;
    handle(inbox.toString("utf8", at + 4, end).split("\0"));
    at = end;
  }
  inbox = inbox.subarray(at);
}
const stdioGone = () => client === stdio && clientGone();
process.stdin.on("data", receive);
process.stdin.on("end", stdioGone);
process.stdin.on("error", stdioGone);
process.stdout.on("error", stdioGone);

if (survive !== undefined) listenOn(survive.dir);
else {
  // Belt and braces: if the pipe is somehow held open by another process, a new parent still tells us.
  setInterval(() => {
    if (process.ppid !== parentPid) killAllAndExit();
  }, 500).unref();
}
// A terminal's Ctrl-C or hang-up is Baton's to handle; Baton closes us when it is done.
process.on("SIGINT", () => {});
process.on("SIGHUP", () => {});
process.on("SIGTERM", killAllAndExit);
process.on("uncaughtException", (error) => {
  process.stderr.write(`baton spawner: ${error.stack ?? String(error)}\n`);
  for (const entry of running.values()) killGroup(entry.pid, "SIGKILL");
  process.exit(70);
});
