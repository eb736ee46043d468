import type { Command } from "@commander-js/extra-typings";
import type { WorkflowVerb } from "../../client/index.js";
import type { Resource } from "../../model/index.js";
import { normalizePlural } from "../../server/kinds.js";
import { connect, UsageError } from "../connection.js";
import { handle, splitRef } from "./common.js";

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
function conn<A extends unknown[], O extends {}>(c: Command<A, O>) {
  return c.option("-n, --namespace <ns>", "namespace", "default").option("--server <url>").option("--token <token>");
}

/** Whether a condition `Complete`, `Failed`, `Succeeded`… holds: a Job's condition, or a workflow's or pod's phase. */
function holds(r: Resource, condition: string): boolean {
  if (r.kind === "Job") return r.status.conditions.some((c) => c.type.toLowerCase() === condition && c.status === "True");
  const phase = ((r as { status?: { phase?: string } }).status)?.phase ?? "";
  if (condition === "complete") return phase === "Succeeded";
  return phase.toLowerCase() === condition;
}

/** delete, wait, and the commands that change a running resource. */
export function registerControlCommands(program: Command): void {
  conn(program.command("delete").description("delete resources, with their pods (kubectl delete)").argument("<refs...>", "kind/name, e.g. job/primes workflow/etl-x7k2p")).action((refs, o) =>
    handle(async () => {
      const client = connect(o);
      for (const ref of refs) {
        const [plural, name] = splitRef(ref, undefined, normalizePlural);
        await client.delete(plural, o.namespace, name);
        process.stdout.write(`${plural.replace(/s$/, "")} "${name}" deleted\n`);
      }
    }),
  );

  conn(
    program
      .command("wait")
      .description("wait until resources meet a condition (kubectl wait), e.g. --for=condition=Complete job/primes")
      .argument("<refs...>")
      .requiredOption("--for <condition>", "condition=Complete, condition=Failed, or a phase such as condition=Succeeded")
      .option("--timeout <seconds>", "give up after this many seconds (exit 1)", "30"),
  ).action((refs, o) =>
    handle(async () => {
      const match = /^condition=(\w+)$/i.exec(o.for);
      if (!match) throw new UsageError(`--for: expected condition=<Name> (got "${o.for}")`);
      const condition = match[1]!.toLowerCase();
      const client = connect(o);
      const deadline = Date.now() + Number(o.timeout) * 1000;
      for (const ref of refs) {
        const [plural, name] = splitRef(ref, undefined, normalizePlural);
        for (;;) {
          const r = await client.get(plural, o.namespace, name);
          if (holds(r, condition)) {
            process.stdout.write(`${r.kind.toLowerCase()}/${name} condition met\n`);
            break;
          }
          if (Date.now() > deadline) {
            process.stderr.write(`error: timed out waiting for the condition on ${r.kind.toLowerCase()}s/${name}\n`);
            return 1;
          }
          await new Promise((r) => setTimeout(r, 200));
        }
      }
      return 0;
    }),
  );

  const verbs: [WorkflowVerb, string][] = [
    ["suspend", "suspend a workflow (nothing new starts), a Job (its pods stop) or a CronJob/CronWorkflow (no new runs)"],
    ["resume", "resume what was suspended, and suspend nodes that wait without a duration (--node: only that one)"],
    ["stop", "stop a workflow: running pods are killed, exit handlers run (Argo's stop)"],
    ["terminate", "terminate a workflow: running pods are killed, no exit handlers (Argo's terminate)"],
    ["retry", "run the failed nodes of a finished workflow again (--node: that node and what follows it)"],
    ["resubmit", "submit a new workflow with the spec of an earlier one"],
  ];
  for (const [verb, description] of verbs) {
    const command = conn(program.command(verb).description(description).argument("<refs...>", "workflow names, or kind/name (job/x, cronjob/x)"));
    if (verb === "resume" || verb === "retry") command.option("--node <name>", "only the node with this name or display name");
    if (verb === "stop") command.option("--message <text>", "why it was stopped");
    command.action((refs, o) =>
      handle(async () => {
        const client = connect(o);
        const opts = o as { node?: string; message?: string };
        for (const ref of refs) {
          const [plural, name] = splitRef(ref, "workflows", normalizePlural);
          const result = await client.command(plural, o.namespace, name, verb, { ...(opts.node ? { node: opts.node } : {}), ...(opts.message ? { message: opts.message } : {}) });
          process.stdout.write(verb === "resubmit" ? `workflow/${result.name} created from ${name}\n` : `${plural.replace(/s$/, "")}/${name} ${verb === "stop" ? "stopped" : verb === "terminate" ? "terminated" : verb === "retry" ? "retried" : verb + "ed"}\n`);
        }
      }),
    );
  }
}
