import { join } from "node:path";
import type { ContainerLaunch } from "../../model/index.js";

export type LogKey = Pick<ContainerLaunch, "namespace" | "podName" | "container" | "attempt">;

/**
 * `<logDir>/<namespace>/<podName>/<container>/<attempt>.log`. The names are Kubernetes names (DNS
 * labels and subdomains), so they are safe path segments; anything else is a bug upstream, and a
 * name such as `..` must not let a log escape logDir.
 */
export function logPath(logDir: string, key: LogKey): string {
  for (const field of ["namespace", "podName", "container"] as const) {
    const segment = key[field];
    if (segment === "" || segment === "." || segment === ".." || /[/\\\0]/.test(segment)) {
      throw new Error(`logPath: ${field} ${JSON.stringify(segment)} is not a usable path segment`);
    }
  }
  if (!Number.isInteger(key.attempt) || key.attempt < 0) {
    throw new Error(`logPath: attempt must be a non-negative integer (got ${key.attempt})`);
  }
  return join(logDir, key.namespace, key.podName, key.container, `${key.attempt}.log`);
}
