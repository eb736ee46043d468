// The Node spawner: a small long-lived child of Baton that starts container processes on request,
// used where the native one (native/spawner.c, faster to start a process) could not be built.
// Forking from Baton's big process gets slower as its heap grows; forking from this small one does
// not. Plain JavaScript (Node cannot run .ts); the wire format is documented in protocol.ts.
//
// Requests arrive on stdin, reports leave on stdout, as length-prefixed frames of NUL-separated
// fields. stderr is Baton's, for crashes only. When stdin ends (Baton closed it, or Baton died, even
// by SIGKILL) or our parent changes, every process group we started is SIGKILLed and we exit: no
// container outlives Baton.
import { Buffer } from "node:buffer";
import { spawn } from "node:child_process";
import { closeSync, existsSync, mkdirSync, openSync, statSync, writeSync } from "node:fs";
import { constants } from "node:os";
import { dirname } from "node:path";
import { setImmediate, setInterval } from "node:timers";

const inheritEnv = process.argv[2] !== "--no-inherit-env";
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
 */

/** @type {Map<number, Running>} by request id */
const running = new Map();
/** Directories already made, so a log file costs one mkdir per container directory, not per attempt. */
const madeDirs = new Set();

// ---- reports, batched per event-loop turn: one write for many small messages ----
/** @type {Buffer[]} */
let outbox = [];
/**
 * One frame: a 4-byte little-endian length, then NUL-separated fields; `data`, any bytes, goes last.
 * @param {(string | number)[]} fields
 * @param {Buffer} [data]
 */
function report(fields, data) {
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
  if (frames.length > 0) process.stdout.write(Buffer.concat(frames));
}

// ---- starting ----
/**
 * @param {number} id
 * @param {string[]} argv
 * @param {Record<string, string> | null} env overlay on the inherited environment
 * @param {string | null} cwd
 * @param {string} logPath
 * @param {boolean} forward send output chunks to Baton as well as to the log file
 */
function start(id, argv, env, cwd, logPath, forward) {
  const command = argv[0];
  if (command === undefined || command === "") {
    report(["F", id, "no command specified"]);
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
    report(["F", id, startErrorMessage(/** @type {NodeJS.ErrnoException} */ (error), command, cwd)]);
    return;
  }
  const pid = child.pid;
  if (pid === undefined) {
    // ENOENT, EACCES and the like arrive as an 'error' event on the next tick.
    child.stdout?.destroy();
    child.stderr?.destroy();
    child.once("error", (error) => report(["F", id, startErrorMessage(error, command, cwd)]));
    return;
  }
  /** @type {Running} */
  const entry = { id, pid, logPath, logFd: -1, forward, exited: false, partial: [[], []] };
  running.set(id, entry);
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
    report(["X", id, code ?? "", signal === null ? "" : constants.signals[signal]]);
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

// ---- requests ----
/** @param {string[]} fields the frame's NUL-separated fields */
function handle(fields) {
  switch (fields[0]) {
    case "s": {
      // s id forward cwd logPath argc argv… envc K=V…
      const argc = Number(fields[5]);
      const argv = fields.slice(6, 6 + argc);
      const pairs = fields.slice(7 + argc, 7 + argc + Number(fields[6 + argc]));
      const env = pairs.length === 0 ? null : Object.fromEntries(pairs.map((pair) => splitPair(pair)));
      start(Number(fields[1]), argv, env, fields[3] || null, /** @type {string} */ (fields[4]), fields[2] === "1");
      return;
    }
    case "k":
      kill(Number(fields[1]), fields.slice(2).map(Number));
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
process.stdin.on("data", (/** @type {Buffer} */ chunk) => {
  inbox = inbox.length === 0 ? chunk : Buffer.concat([inbox, chunk]);
  let at = 0;
  while (inbox.length - at >= 4) {
    const end = at + 4 + inbox.readUInt32LE(at);
    if (end > inbox.length) break;
    handle(inbox.toString("utf8", at + 4, end).split("\0"));
    at = end;
  }
  inbox = inbox.subarray(at);
});
process.stdin.on("end", killAllAndExit);
process.stdin.on("error", killAllAndExit);
process.stdout.on("error", killAllAndExit);

// Belt and braces: if the pipe is somehow held open by another process, a new parent still tells us.
setInterval(() => {
  if (process.ppid !== parentPid) killAllAndExit();
}, 500).unref();
// A terminal's Ctrl-C or hang-up is Baton's to handle; Baton closes us when it is done.
process.on("SIGINT", () => {});
process.on("SIGHUP", () => {});
process.on("SIGTERM", killAllAndExit);
process.on("uncaughtException", (error) => {
  process.stderr.write(`baton spawner: ${error.stack ?? String(error)}\n`);
  for (const entry of running.values()) killGroup(entry.pid, "SIGKILL");
  process.exit(70);
});
