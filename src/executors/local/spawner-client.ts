import { spawn, type ChildProcess } from "node:child_process";
import type { Socket } from "node:net";
import { decodeReport, encodeRequest, frameReader, type SpawnerReport, type SpawnerRequest } from "./protocol.js";
import type { SpawnerCommand } from "./spawner-choice.js";

/** One spawner process, seen from the executor: send requests, receive reports. */
export interface SpawnerClient {
  send(request: SpawnerRequest): void;
  /** Keep Baton's event loop alive only while this spawner has containers to report on. */
  setBusy(busy: boolean): void;
  /** Closes the spawner's stdin, which makes it exit; resolves when it has. */
  close(): Promise<void>;
  readonly exited: boolean;
}

export interface SpawnerHandlers {
  onReport(report: SpawnerReport): void;
  /** The spawner ended on its own (crashed or was killed), not through close(). */
  onUnexpectedExit(description: string): void;
}

export function startSpawner(command: SpawnerCommand, inheritEnv: boolean, handlers: SpawnerHandlers): SpawnerClient {
  const child: ChildProcess = spawn(command.file, [...command.args, ...(inheritEnv ? [] : ["--no-inherit-env"])], {
    stdio: ["pipe", "pipe", "inherit"],
    // Its own session: a terminal's Ctrl-C or hang-up signals Baton, which then closes the spawner,
    // rather than killing the spawner under Baton's feet.
    detached: true,
  });
  const stdin = child.stdin!;
  // A pipe is a net.Socket, which can be unref'd so that an idle spawner does not hold Baton open.
  const stdout = child.stdout as Socket;
  let closing = false;
  let exited = false;
  const exit = new Promise<void>((resolve) => {
    const end = (description: string): void => {
      if (exited) return;
      exited = true;
      if (!closing) handlers.onUnexpectedExit(description);
      resolve();
    };
    child.once("exit", (code, signal) => end(`the spawner process exited (code ${code}, signal ${signal})`));
    // A binary that cannot run here (built for another machine, say) fails to spawn: no "exit".
    child.once("error", (error) => end(`the spawner ${command.file} could not run (${error.message})`));
  });
  // A write to a spawner that already died fails with EPIPE; its exit is reported through "exit".
  stdin.on("error", () => {});
  stdout.on("data", frameReader((payload) => handlers.onReport(decodeReport(payload))));

  let outbox: Buffer[] = [];
  const flush = (): void => {
    const frames = outbox;
    outbox = [];
    if (frames.length > 0 && !exited && !stdin.writableEnded) stdin.write(Buffer.concat(frames));
  };

  const setBusy = (busy: boolean): void => {
    if (busy) {
      child.ref();
      stdout.ref();
    } else {
      child.unref();
      stdout.unref();
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
        flush();
        setBusy(true);
        stdin.end();
      }
      return exit;
    },
    get exited() {
      return exited;
    },
  };
}
