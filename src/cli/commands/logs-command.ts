import type { Command } from "@commander-js/extra-typings";
import type { BatonClient } from "../../client/index.js";
import type { Pod, Resource, Workflow } from "../../model/index.js";
import { normalizePlural } from "../../server/kinds.js";
import { connect, UsageError } from "../connection.js";
import { handle, splitRef } from "./common.js";

/** The pods whose logs a name stands for: a pod itself, a Job's pods, a workflow's node pods. */
async function podsOf(client: BatonClient, namespace: string, target: Resource, node?: string): Promise<string[]> {
  if (target.kind === "Pod") return [target.metadata.name];
  if (target.kind === "Workflow") {
    const nodes = Object.values((target as Workflow).status.nodes).filter((n) => n.type === "Pod" && n.podName);
    const chosen = node === undefined ? nodes : nodes.filter((n) => n.name === node || n.displayName === node || n.podName === node || n.name.endsWith(`.${node}`));
    if (node !== undefined && chosen.length === 0 && finished(target)) throw new UsageError(`workflow ${target.metadata.name} has no pod node "${node}"; its nodes: ${nodes.map((n) => n.displayName).join(", ")}`);
    return chosen.map((n) => n.podName!);
  }
  const pods = (await client.list("pods", { namespace })) as Pod[];
  return pods.filter((p) => (p.metadata.ownerReferences ?? []).some((r) => r.uid === target.metadata.uid)).map((p) => p.metadata.name);
}

/**
 * `baton logs NAME`: a pod's log, or every pod's of a Job or workflow with a `pod:` prefix (as
 * `argo logs`). `-f` follows each container until it ends; `-c` picks the container.
 */
export function registerLogsCommand(program: Command): void {
  program
    .command("logs")
    .description("print a container's log (kubectl logs / argo logs): a pod, or every pod of a job or workflow")
    .argument("<ref>", "pod/NAME, job/NAME, workflow/NAME, or a name (tried as workflow, job, then pod)")
    .argument("[node]", "of a workflow: only this node (its name, display name or pod name)")
    .option("-f, --follow", "keep printing while the containers run")
    .option("-c, --container <name>", "the container (default: the first)")
    .option("-p, --previous", "the attempt before the last restart")
    .option("-n, --namespace <ns>", "namespace", "default")
    .option("--server <url>").option("--token <token>")
    .action((ref, node, o) =>
      handle(async () => {
        const client = connect(o);
        let target = await resolve(client, ref, o.namespace);
        const prefix = target.kind !== "Pod" && node === undefined;
        const printed = new Set<string>();
        // With -f, pods that appear while following are followed too, until the owner has finished.
        for (;;) {
          const pods = (await podsOf(client, o.namespace, target, node)).filter((p) => !printed.has(p));
          if (pods.length === 0 && (!o.follow || finished(target))) break;
          if (pods.length === 0) {
            await new Promise((r) => setTimeout(r, 200));
            target = await client.get(`${target.kind.toLowerCase()}s`, o.namespace, target.metadata.name);
            continue;
          }
          for (const pod of pods) {
            printed.add(pod);
            await printLog(client, o, pod, prefix);
          }
          if (!o.follow) break;
          target = await client.get(`${target.kind.toLowerCase()}s`, o.namespace, target.metadata.name);
        }
      }),
    );
}

function finished(r: Resource): boolean {
  if (r.kind === "Job") return r.status.conditions.some((c) => (c.type === "Complete" || c.type === "Failed") && c.status === "True");
  const phase = (r as { status?: { phase?: string } }).status?.phase ?? "";
  return ["Succeeded", "Failed", "Error"].includes(phase);
}

/** One pod's log; prefixed by the pod's name when several pods are printed. */
async function printLog(client: BatonClient, o: { namespace: string; container?: string; follow?: boolean; previous?: boolean }, pod: string, prefix: boolean): Promise<void> {
  const body = await client.logs(o.namespace, pod, { ...(o.container ? { container: o.container } : {}), follow: o.follow ?? false, previous: o.previous ?? false });
  let partial = "";
  const decoder = new TextDecoder();
  for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
    if (!prefix) {
      process.stdout.write(chunk);
      continue;
    }
    const lines = (partial + decoder.decode(chunk, { stream: true })).split("\n");
    partial = lines.pop()!;
    for (const line of lines) process.stdout.write(`${pod}: ${line}\n`);
  }
  if (partial) process.stdout.write(`${pod}: ${partial}\n`);
}

async function resolve(client: BatonClient, ref: string, namespace: string): Promise<Resource> {
  if (ref.includes("/")) {
    const [plural, name] = splitRef(ref, undefined, normalizePlural);
    return client.get(plural, namespace, name);
  }
  for (const plural of ["workflows", "jobs", "pods"]) {
    const found = await client.get(plural, namespace, ref).catch(() => undefined);
    if (found) return found;
  }
  return client.get("pods", namespace, ref);
}
