import type { ContainerLaunch } from "../../model/index.js";

/** What a surviving spawner keeps of a launch, for the executor that takes the container over. */
type Tagged = Pick<ContainerLaunch, "podUid" | "namespace" | "podName" | "jobName" | "container" | "init" | "attempt" | "workingDir" | "capture">;

/** The launch as a surviving spawner keeps it: JSON, which never holds a NUL byte. */
export function launchTag(launch: ContainerLaunch): string {
  const { podUid, namespace, podName, jobName, container, init, attempt, workingDir, capture } = launch;
  const tagged: Tagged = { podUid, namespace, podName, jobName, container, init, attempt, workingDir, capture };
  return JSON.stringify(tagged);
}

/** The launch back from its tag (without argv and env, which are no longer needed), or undefined. */
export function launchFromTag(tag: string): ContainerLaunch | undefined {
  let t: Partial<Tagged>;
  try {
    t = JSON.parse(tag) as Partial<Tagged>;
  } catch {
    return undefined;
  }
  if (typeof t !== "object" || t === null) return undefined;
  const { podUid, namespace, podName, container, init, attempt } = t;
  if (typeof podUid !== "string" || typeof namespace !== "string" || typeof podName !== "string" || typeof container !== "string") return undefined;
  if (typeof init !== "boolean" || !Number.isInteger(attempt)) return undefined;
  const launch: ContainerLaunch = { podUid, namespace, podName, container, init, attempt: attempt!, argv: [], env: {} };
  if (typeof t.jobName === "string") launch.jobName = t.jobName;
  if (typeof t.workingDir === "string") launch.workingDir = t.workingDir;
  if (t.capture !== undefined && typeof t.capture.stdout === "boolean" && Array.isArray(t.capture.files)) launch.capture = t.capture;
  return launch;
}
