import { spawn, type ChildProcess } from "node:child_process";
import { closeSync, openSync } from "node:fs";
import { connect, type Socket } from "node:net";
import { join } from "node:path";
import type { Writable } from "node:stream";
import { decodeReport, encodeRequest, frameReader, type SpawnerReport, type SpawnerRequest } from "./protocol.js";
import type { SpawnerCommand } from "./spawner-choice.js";
import { connectable } from "./survival.js";

/** One spawner process, seen from the executor: send requests, receive reports. */
export interface SpawnerClient {
  send(request: SpawnerRequest): void;
  /** Keep Baton's event loop alive only while this spawner has containers to report on. */
  setBusy(busy: boolean): void;
  /** Makes the spawner exit (closing its stdin, or a `q` request for a surviving one); resolves when it has. */
  close(): Promise<void>;
  readonly exited: boolean;
  readonly pid: number | undefined;
}

export interface SpawnerHandlers {
  onReport(report: SpawnerReport): void;
  /** The spawner ended on its own (crashed or was killed), not through close(). */
  onUnexpectedExit(description: string): void;
}

/** A spawner that outlives its client: where its socket goes, and how long it waits alone and idle. */
export interface Survival {
  dir: string;
  idleMs: number;
}

export function startSpawner(command: SpawnerCommand, inheritEnv: boolean, handlers: SpawnerHandlers, survival?: Survival): SpawnerClient {
  const args = [...command.args, ...(inheritEnv ? [] : ["--no-inherit-env"])];
  if (survival !== undefined) args.push("--survive", survival.dir, String(survival.idleMs));
  // A spawner that outlives Baton must not hold Baton's stderr open (a pipe to `tee` would never end).
  const stderr = survival === undefined ? "inherit" : openSync(join(survival.dir, "errors.log"), "a", 0o600);
  const child: ChildProcess = spawn(command.file, args, {
    stdio: ["pipe", "pipe", stderr],
    // Its own session: a terminal's Ctrl-C or hang-up signals Baton, which then closes the spawner,
    // rather than killing the spawner under Baton's feet.
    detached: true,
  });
  if (typeof stderr === "number") closeSync(stderr);
  let ended = false;
  const exit = new Promise<string>((resolve) => {
    const end = (description: string): void => {
      if (ended) return;
      ended = true;
      resolve(description);
    };
    child.once("exit", (code, signal) => end(`the spawner process exited (code ${code}, signal ${signal})`));
    // A binary that cannot run here (built for another machine, say) fails to spawn: no "exit".
    child.once("error", (error) => end(`the spawner ${command.file} could not run (${error.message})`));
  });
  // A pipe is a net.Socket, which can be unref'd so that an idle spawner does not hold Baton open.
  return channel({ pid: child.pid, input: child.stdin!, output: child.stdout as Socket, holders: [child, child.stdout as Socket], exit, quit: survival !== undefined }, handlers);
}

/** Connects to a surviving spawner's socket; resolves once connected. Its reports start with a hand-over. */
export function connectSpawner(path: string, pid: number, handlers: SpawnerHandlers): Promise<SpawnerClient> {
  return new Promise((resolve, reject) => {
    const socket = connectable(path, (address) => connect(address));
    socket.once("error", reject);
    socket.once("connect", () => {
      socket.off("error", reject);
      socket.on("error", () => {}); // "close" follows
      const exit = new Promise<string>((done) => socket.once("close", () => done(`the spawner (pid ${pid}) closed its connection`)));
      resolve(channel({ pid, input: socket, output: socket, holders: [socket], exit, quit: true }, handlers));
    });
  });
}

interface Channel {
  pid: number | undefined;
  input: Writable;
  output: Socket;
  /** What keeps Baton's event loop alive while the spawner is busy. */
  holders: { ref(): unknown; unref(): unknown }[];
  /** Resolves, with a description, when the spawner is gone. */
  exit: Promise<string>;
  /** Closed by a `q` request: a surviving spawner outlives the end of its input. */
  quit: boolean;
}

function channel(c: Channel, handlers: SpawnerHandlers): SpawnerClient {
  let closing = false;
  let exited = false;
  const exit = c.exit.then((description) => {
    exited = true;
    if (!closing) handlers.onUnexpectedExit(description);
  });
  // A write to a spawner that already died fails with EPIPE; its exit is reported through `exit`.
  c.input.on("error", () => {});
  c.output.on("data", frameReader((payload) => handlers.onReport(decodeReport(payload))));

  let outbox: Buffer[] = [];
  const flush = (): void => {
    const frames = outbox;
    outbox = [];
    if (frames.length > 0 && !exited && !c.input.writableEnded) c.input.write(Buffer.concat(frames));
  };
  const setBusy = (busy: boolean): void => {
    for (const holder of c.holders) {
      if (busy) holder.ref();
      else holder.unref();
    }
  };
  setBusy(false);

  return {
    send(request) {
      // Requests made in one synchronous run (a reconcile's actions) go out as one write.
      if (outbox.length === 0) queueMicrotask(flush);
      outbox.push(encodeRequest(request));
    },
    setBusy,
    close() {
      closing = true;
      if (!exited) {
        if (c.quit) outbox.push(encodeRequest(["q"]));
        flush();
        setBusy(true);
        c.input.end();
      }
      return exit;
    },
    get exited() {
      return exited;
    },
    pid: c.pid,
  };
}
