import { logPath } from "../executors/index.js";
import { logDir } from "./home.js";

/** Where the local executor wrote one attempt of a container's log. */
export function containerLogPath(home: string, key: { namespace: string; podName: string; container: string; attempt: number }): string {
  return logPath(logDir(home), key);
}
