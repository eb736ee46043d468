import { Option, type Command } from "@commander-js/extra-typings";
import { stringify } from "yaml";
import type { BatonClient } from "../../client/index.js";
import type { Resource } from "../../model/index.js";
import { KIND_BY_PLURAL, normalizePlural } from "../../server/kinds.js";
import { connect, UsageError } from "../connection.js";
import { age, formatTable, tableOf } from "../output/tables.js";
import { handle } from "./common.js";
import { printStats } from "./queue-commands.js";

const ALL = ["cronjobs", "cronworkflows", "jobs", "workflows", "workflowtemplates", "pods"];

/** `jobs,workflows`, `all` or `job` → plurals. */
function plurals(text: string): string[] {
  if (text === "all") return ALL;
  return text.split(",").map((t) => {
    const p = normalizePlural(t);
    if (!p) throw new UsageError(`the server doesn't have a resource type "${t}" (it has ${Object.keys(KIND_BY_PLURAL).join(", ")})`);
    return p;
  });
}

function print(items: Resource[], plural: string, output: string | undefined, multi: boolean, allNamespaces: boolean): void {
  const kind = KIND_BY_PLURAL[plural]!;
  if (output === "json") process.stdout.write(JSON.stringify(items.length === 1 && !multi ? items[0] : { apiVersion: "v1", kind: "List", items }, null, 2) + "\n");
  else if (output === "yaml") process.stdout.write(stringify(items.length === 1 && !multi ? items[0] : { apiVersion: "v1", kind: "List", items }));
  else if (output === "name") for (const r of items) process.stdout.write(`${kind.toLowerCase()}/${r.metadata.name}\n`);
  else if (items.length > 0) {
    const rows = tableOf(kind, items, Date.now(), output === "wide", allNamespaces);
    if (multi) rows.slice(1).forEach((r) => (r[allNamespaces ? 1 : 0] = `${kind.toLowerCase()}/${r[allNamespaces ? 1 : 0]}`));
    for (const line of formatTable(rows)) process.stdout.write(line + "\n");
    if (multi) process.stdout.write("\n");
  }
}

async function fetchItems(client: BatonClient, plural: string, name: string | undefined, o: { namespace: string; allNamespaces?: boolean; all?: boolean }): Promise<Resource[]> {
  if (name) return [await client.get(plural, o.namespace, name)];
  return client.list(plural, { ...(o.allNamespaces ? {} : { namespace: o.namespace }), all: o.all ?? false });
}

/** get, describe: kubectl's reading verbs against the server. */
export function registerGetCommands(program: Command): void {
  program
    .command("get")
    .description("list resources as tables, like kubectl get (kinds: pods, jobs, cronjobs, workflows, workflowtemplates, cronworkflows, all; and queues)")
    .argument("<kinds>", "a kind, a comma-separated list, or all")
    .argument("[name]")
    .option("-n, --namespace <ns>", "namespace", "default")
    .option("-A, --all-namespaces", "every namespace")
    .option("--all", "also the finished runs of `baton run` kept in the store")
    .addOption(new Option("-o, --output <format>").choices(["json", "yaml", "wide", "name"]))
    .option("-w, --watch", "after the list, print a line for every change")
    .option("--server <url>").option("--token <token>")
    .action((kinds, name, o) =>
      handle(async () => {
        // Queues live beside the server, in this home's list of queues (and their backends).
        if (/^(queues?|q)$/.test(kinds)) return printStats(name, o.output === "json");
        const client = connect(o);
        const list = plurals(kinds);
        if (name && list.length > 1) throw new UsageError("a name can only be given with one kind");
        let shown = 0;
        for (const plural of list) {
          const items = await fetchItems(client, plural, name, o);
          shown += items.length;
          print(items, plural, o.output, list.length > 1, o.allNamespaces ?? false);
        }
        if (shown === 0 && !o.output) process.stderr.write(`No resources found${o.allNamespaces ? "" : ` in ${o.namespace} namespace`}.\n`);
        if (!o.watch) return;
        const kindsWatched = list.map((p) => KIND_BY_PLURAL[p]!);
        for await (const w of client.watch({ kinds: list, ...(o.allNamespaces ? {} : { namespace: o.namespace }) })) {
          if (w.type !== "MODIFIED" || !kindsWatched.includes(w.object.kind)) continue;
          if (name && w.object.metadata.name !== name) continue;
          const rows = tableOf(w.object.kind, [w.object], Date.now(), o.output === "wide", o.allNamespaces ?? false);
          process.stdout.write(formatTable(rows).slice(1).join("\n") + "\n");
        }
      }),
    );

  program
    .command("describe")
    .description("a resource's status, conditions and events, like kubectl describe")
    .argument("<kind>")
    .argument("<name>")
    .option("-n, --namespace <ns>", "namespace", "default")
    .option("--server <url>").option("--token <token>")
    .action((kindText, name, o) =>
      handle(async () => {
        const client = connect(o);
        const [plural] = plurals(kindText);
        const r = await client.get(plural!, o.namespace, name);
        const events = await client.events({ namespace: o.namespace, kind: r.kind, name });
        process.stdout.write(describe(r, events, Date.now()).join("\n") + "\n");
      }),
    );
}

function describe(r: Resource, events: { type: string; reason: string; message: string; eventTime: string; reportingComponent: string }[], now: number): string[] {
  const m = r.metadata;
  const kv = (o: Record<string, string>) => (Object.keys(o).length === 0 ? "<none>" : Object.entries(o).map(([k, v]) => `${k}=${v}`).join("\n             "));
  const lines = [`Name:        ${m.name}`, `Namespace:   ${m.namespace}`, `Kind:        ${r.kind}`, `UID:         ${m.uid}`, `Labels:      ${kv(m.labels)}`, `Annotations: ${kv(m.annotations)}`, `Created:     ${m.creationTimestamp ?? "<unknown>"}`];
  const status = { ...((r as unknown as { status?: Record<string, unknown> }).status ?? {}) };
  const conditions = (status.conditions as { type: string; status: string; reason?: string; message?: string }[] | undefined) ?? [];
  delete status.conditions;
  const nodes = status.nodes as Record<string, { displayName: string; type: string; phase: string; message?: string }> | undefined;
  delete status.nodes;
  lines.push("Status:");
  for (const line of stringify(status).trimEnd().split("\n")) lines.push(`  ${line}`);
  if (conditions.length > 0) {
    lines.push("Conditions:");
    lines.push(...formatTable([["  Type", "Status", "Reason", "Message"], ...conditions.map((c) => [`  ${c.type}`, c.status, c.reason ?? "", c.message ?? ""])]));
  }
  if (nodes && Object.keys(nodes).length > 0) {
    lines.push("Nodes:");
    lines.push(...formatTable([["  Name", "Type", "Phase", "Message"], ...Object.values(nodes).map((n) => [`  ${n.displayName}`, n.type, n.phase, n.message ?? ""])]));
  }
  lines.push("Events:");
  if (events.length === 0) lines.push("  <none>");
  else lines.push(...formatTable([["  Type", "Reason", "Age", "From", "Message"], ...events.map((e) => [`  ${e.type}`, e.reason, age(e.eventTime, now), e.reportingComponent, e.message])]));
  return lines;
}
