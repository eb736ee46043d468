import { open, type FileHandle } from "node:fs/promises";
import type { Hono } from "hono";
import { stream } from "hono/streaming";
import { containerLogPath } from "../app/index.js";
import type { ContainerStatus, Pod } from "../model/index.js";
import type { ServerContext } from "./context.js";
import { ApiError } from "./errors.js";
import { findObjects, objectOf } from "./objects.js";

const POLL_MS = 100;

async function findPod(ctx: ServerContext, namespace: string, name: string): Promise<Pod | undefined> {
  const rows = await findObjects(ctx.store, { kind: "Pod", namespace, name, all: true });
  const row = rows.find((r) => r.run === "server") ?? rows.at(-1);
  return row ? (objectOf(row) as Pod) : undefined;
}

function statusOf(pod: Pod, container: string): ContainerStatus | undefined {
  return [...pod.status.initContainerStatuses, ...pod.status.containerStatuses].find((s) => s.name === container);
}

/**
 * GET /namespaces/:ns/pods/:name/log — kubectl's log path and parameters: `container` (default:
 * the first container), `previous` (the attempt before the last restart), `follow` (stream until
 * the container has ended). Logs stay readable after the pod ended.
 */
export function logRoutes(app: Hono, ctx: ServerContext): void {
  app.get("/namespaces/:ns/pods/:name/log", async (c) => {
    const { ns, name } = c.req.param();
    const pod = await findPod(ctx, ns, name);
    if (!pod) throw new ApiError(404, `pods "${name}" not found in namespace "${ns}"`);
    const names = [...pod.spec.initContainers ?? [], ...pod.spec.containers].map((x) => x.name);
    const container = c.req.query("container") ?? pod.spec.containers[0]!.name;
    if (!names.includes(container)) throw new ApiError(400, `container "${container}" is not valid for pod "${name}"; choose one of: ${names.join(", ")}`);
    const status = statusOf(pod, container);
    const previous = c.req.query("previous") === "true";
    const restarts = status?.restartCount ?? 0;
    if (previous && restarts === 0) throw new ApiError(400, `previous terminated container "${container}" in pod "${name}" not found`);
    const attempt = previous ? restarts - 1 : restarts;
    const path = containerLogPath(ctx.home, { namespace: ns, podName: name, container, attempt });
    const follow = c.req.query("follow") === "true" && !previous;
    c.header("Content-Type", "text/plain; charset=utf-8");
    return stream(c, async (out) => {
      let aborted = false;
      out.onAbort(() => {
        aborted = true;
      });
      let file: FileHandle | undefined;
      let offset = 0;
      const buffer = Buffer.alloc(64 * 1024);
      // Everything written so far, from where the last read stopped.
      const drain = async () => {
        let read;
        while (file && (read = (await file.read(buffer, 0, buffer.length, offset)).bytesRead) > 0) {
          offset += read;
          await out.write(buffer.subarray(0, read));
        }
      };
      try {
        for (;;) {
          file ??= await open(path, "r").catch(() => undefined);
          await drain();
          if (!follow || aborted || (await ended(ctx, ns, name, container, attempt))) break;
          await out.sleep(POLL_MS);
        }
        // One last read: the container may have written its last lines as it ended.
        if (follow) await drain();
      } finally {
        await file?.close();
      }
    });
  });
}

/** Whether this attempt of the container is over (or the pod is gone). */
async function ended(ctx: ServerContext, ns: string, name: string, container: string, attempt: number): Promise<boolean> {
  const pod = await findPod(ctx, ns, name);
  if (!pod) return true;
  const s = statusOf(pod, container);
  if (!s) return pod.status.phase === "Succeeded" || pod.status.phase === "Failed";
  return s.restartCount > attempt || s.state.terminated !== undefined || ((pod.status.phase === "Succeeded" || pod.status.phase === "Failed") && s.state.running === undefined);
}
