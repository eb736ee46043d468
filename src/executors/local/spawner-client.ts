import { spawn, type ChildProcess } from "node:child_process";
import type { Socket } from "node:net";
import { fileURLToPath } from "node:url";
import { lineSplitter, type SpawnerReport, type SpawnerRequest } from "./protocol.js";

const spawnerPath = fileURLToPath(new URL("./spawner.js", import.meta.url));

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

export function startSpawner(inheritEnv: boolean, handlers: SpawnerHandlers): SpawnerClient {
  const child: ChildProcess = spawn(process.execPath, [spawnerPath, ...(inheritEnv ? [] : ["--no-inherit-env"])], {
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
    child.once("exit", (code, signal) => {
      exited = true;
      if (!closing) handlers.onUnexpectedExit(`the spawner process exited (code ${code}, signal ${signal})`);
      resolve();
    });
  });
  // A write to a spawner that already died fails with EPIPE; its exit is reported through "exit".
  stdin.on("error", () => {});
  stdout.setEncoding("utf8");
  stdout.on("data", lineSplitter((line) => handlers.onReport(JSON.parse(line) as SpawnerReport)));

  let outbox = "";
  const flush = (): void => {
    const text = outbox;
    outbox = "";
    if (text !== "" && !exited && !stdin.writableEnded) stdin.write(text);
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
      if (outbox === "") queueMicrotask(flush);
      outbox += JSON.stringify(request) + "\n";
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
