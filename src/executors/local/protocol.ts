/**
 * The wire between the executor and its spawner process (spawner.js): newline-delimited JSON, one
 * array per line, requests on the spawner's stdin and reports on its stdout. Arrays, not objects,
 * because the messages are many and small; both sides batch the lines of one event-loop turn into
 * one write. Ids are the executor's, unique per executor.
 */

/** Start one container attempt. `env` overlays the inherited environment; `forward` 1 = send output. */
export type StartRequest = [
  type: "s",
  id: number,
  argv: string[],
  env: Record<string, string> | null,
  cwd: string | null,
  logPath: string,
  forward: 0 | 1,
];
/** Send a signal to the process groups of these containers (unknown or finished ids are ignored). */
export type KillRequest = [type: "k", signal: "SIGTERM" | "SIGKILL", ...ids: number[]];
export type SpawnerRequest = StartRequest | KillRequest;

/** The process runs. */
export type StartedReport = [type: "S", id: number, pid: number];
/** A chunk of output (1 = stdout, 2 = stderr), already written to the log file. */
export type OutputReport = [type: "O", id: number, stream: 1 | 2, data: string];
/** The process ended, its pipes are drained and its log file is closed. */
export type ExitedReport = [type: "X", id: number, code: number | null, signal: NodeJS.Signals | null];
/** The process could not be started; no StartedReport was sent. `message` is Kubernetes-like. */
export type FailedReport = [type: "F", id: number, message: string];
export type SpawnerReport = StartedReport | OutputReport | ExitedReport | FailedReport;

/** Splits a stream of text into complete lines, keeping the unfinished tail for the next chunk. */
export function lineSplitter(onLine: (line: string) => void): (text: string) => void {
  let tail = "";
  return (text) => {
    const end = text.lastIndexOf("\n");
    if (end === -1) {
      tail += text;
      return;
    }
    const lines = (tail + text.slice(0, end)).split("\n");
    tail = text.slice(end + 1);
    for (const line of lines) onLine(line);
  };
}
