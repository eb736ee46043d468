import { constants } from "node:os";

/**
 * The wire between the executor and a spawner process (native/spawner.c or spawner.js; both speak
 * it, so one client and one test suite serve both). Requests go on the spawner's stdin, reports
 * come on its stdout, as frames: a 4-byte little-endian payload length, then the payload, whose
 * fields are separated by NUL bytes, the first being the message type. Numbers are decimal text;
 * an empty field is "none". Output data, the only field that may hold any byte, is always last and
 * runs to the end of its frame. Simple to parse in C and in JavaScript; both sides batch the frames
 * of one loop turn into one write. Ids are the executor's, unique per executor.
 *
 *   s id flags cwd logPath tag argc argv… envc K=V…   start one container attempt
 *   k signo id…                                       signal the process groups of these containers
 *   q                                                 kill every container and exit (a surviving spawner)
 *   S id pid                                          it runs (the native spawner sends it once the
 *                                                     container has run 5 ms, or just before its X)
 *   O id stream data                                  output (1 stdout, 2 stderr), already in the log
 *   X id code signo                                   it ended; its pipes are drained, its log closed
 *   F id message                                      it could not start (no S was sent)
 *
 * A surviving spawner (started with `--survive <dir> <idleSeconds>`) outlives its client: it keeps
 * its containers running and logging, and listens on `<dir>/<its pid>.sock`. A client that connects
 * there is handed what it needs to take over, before any other report:
 *   A id pid tag          a container an earlier client started (running, or its X or F follows)
 *   C id data             its standard output so far (flag 2 at start), at most 256 KiB
 *   X … at | F … at       exits of the last few seconds and of the time without a client, each
 *                         with the time it happened (ms since the epoch) as one more field
 *   H pid                 the hand-over is complete; the spawner's own pid
 * `tag` is the client's own description of the container, kept as given (empty if not surviving).
 */

/** Start flags: send output chunks to the client; keep standard output for a later hand-over. */
export const StartFlag = { forward: 1, keepStdout: 2 } as const;

/** Start one container attempt. `env` overlays the inherited environment; `flags` of StartFlag. */
export type StartRequest = [
  type: "s",
  id: number,
  argv: string[],
  env: Record<string, string> | null,
  cwd: string | null,
  logPath: string,
  flags: number,
  tag: string,
];
/** Send a signal to the process groups of these containers (unknown or finished ids are ignored). */
export type KillRequest = [type: "k", signal: "SIGTERM" | "SIGKILL", ...ids: number[]];
/** Kill every container and exit: how a surviving spawner is closed (its stdin ending is not enough). */
export type QuitRequest = [type: "q"];
export type SpawnerRequest = StartRequest | KillRequest | QuitRequest;

/** The process runs. */
export type StartedReport = [type: "S", id: number, pid: number];
/** A chunk of output (1 = stdout, 2 = stderr) as bytes, already written to the log file. */
export type OutputReport = [type: "O", id: number, stream: 1 | 2, data: Buffer];
/** The process ended, its pipes are drained and its log file is closed. `at`: when, in a hand-over. */
export type ExitedReport = [type: "X", id: number, code: number | null, signal: NodeJS.Signals | null, at?: number];
/** The process could not be started; no StartedReport was sent. `message` is Kubernetes-like. */
export type FailedReport = [type: "F", id: number, message: string, at?: number];
/** Hand-over: a container an earlier client started, with the tag that client gave it. */
export type AdoptedReport = [type: "A", id: number, pid: number, tag: string];
/** Hand-over: the container's standard output so far, as bytes. */
export type CapturedReport = [type: "C", id: number, data: Buffer];
/** Hand-over complete; from here on reports are live. */
export type HandedOverReport = [type: "H", pid: number];
export type SpawnerReport = StartedReport | OutputReport | ExitedReport | FailedReport | AdoptedReport | CapturedReport | HandedOverReport;

const signalNames = new Map<number, NodeJS.Signals>(
  Object.entries(constants.signals).map(([name, number]) => [number, name as NodeJS.Signals]),
);

function frame(fields: (string | number)[]): Buffer {
  const payload = Buffer.from(fields.join("\0"));
  const header = Buffer.allocUnsafe(4);
  header.writeUInt32LE(payload.length);
  return Buffer.concat([header, payload]);
}

/** A NUL byte cannot be framed, nor passed to exec; the executor refuses such launches first. */
export function containsNul(strings: Iterable<string>): boolean {
  for (const text of strings) if (text.includes("\0")) return true;
  return false;
}

export function encodeRequest(request: SpawnerRequest): Buffer {
  if (request[0] === "k") {
    const [, signal, ...ids] = request;
    return frame(["k", constants.signals[signal], ...ids]);
  }
  if (request[0] === "q") return frame(["q"]);
  const [, id, argv, env, cwd, logPath, flags, tag] = request;
  const pairs = Object.entries(env ?? {}).map(([name, value]) => `${name}=${value}`);
  return frame(["s", id, flags, cwd ?? "", logPath, tag, argv.length, ...argv, pairs.length, ...pairs]);
}

const optionalNumber = (field: string | undefined): number | null => (field === undefined || field === "" ? null : Number(field));

export function decodeReport(payload: Buffer): SpawnerReport {
  if (payload[0] === 0x4f /* O */) {
    const idEnd = payload.indexOf(0, 2);
    const streamEnd = payload.indexOf(0, idEnd + 1);
    const stream = Number(payload.toString("latin1", idEnd + 1, streamEnd)) === 2 ? 2 : 1;
    return ["O", Number(payload.toString("latin1", 2, idEnd)), stream, payload.subarray(streamEnd + 1)];
  }
  if (payload[0] === 0x43 /* C */) {
    const idEnd = payload.indexOf(0, 2);
    return ["C", Number(payload.toString("latin1", 2, idEnd)), payload.subarray(idEnd + 1)];
  }
  const [type, id, a, b, c] = payload.toString("utf8").split("\0");
  switch (type) {
    case "S":
      return ["S", Number(id), Number(a)];
    case "X": {
      const signo = optionalNumber(b);
      const report: ExitedReport = ["X", Number(id), optionalNumber(a), signo === null ? null : (signalNames.get(signo) ?? null)];
      if (c !== undefined && c !== "") report.push(Number(c));
      return report;
    }
    case "F":
      return b === undefined ? ["F", Number(id), a ?? ""] : ["F", Number(id), a ?? "", Number(b)];
    case "A":
      return ["A", Number(id), Number(a), b ?? ""];
    case "H":
      return ["H", Number(id)];
    default:
      throw new Error(`spawner: unknown report ${JSON.stringify(type)}`);
  }
}

/** Splits a byte stream into frame payloads, keeping an unfinished frame for the next chunk. */
export function frameReader(onFrame: (payload: Buffer) => void): (chunk: Buffer) => void {
  let pending: Buffer = Buffer.alloc(0);
  return (chunk) => {
    const bytes = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
    let at = 0;
    while (bytes.length - at >= 4) {
      const end = at + 4 + bytes.readUInt32LE(at);
      if (end > bytes.length) break;
      onFrame(bytes.subarray(at + 4, end));
      at = end;
    }
    pending = bytes.subarray(at);
  };
}
