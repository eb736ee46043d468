import type { Command } from "@commander-js/extra-typings";
import type { SubmittedItem } from "../../client/index.js";
import { loadFiles } from "../../app/index.js";
import { formatDiagnostic } from "../../spec/index.js";
import { connect } from "../connection.js";
import { ExitCode, handle, parameters, readSubmission } from "./common.js";
import { openWatch, watchRun } from "../remote-run.js";

function printItems(items: SubmittedItem[]): void {
  for (const i of items) process.stdout.write(`${i.kind.toLowerCase()}/${i.name} ${i.action}\n`);
}

const repeatable = (v: string, all: string[]) => [...all, v];

/** apply, create, submit and lint: files in, validated as `baton run` validates them. */
export function registerSubmitCommands(program: Command): void {
  for (const mode of ["apply", "create"] as const) {
    program
      .command(mode)
      .description(mode === "apply" ? "create or update the resources of the files on the server (idempotent)" : "create the resources of the files on the server; an existing name is an error")
      .requiredOption("-f, --filename <files...>", "YAML or JSON files, or .ts modules")
      .option("--server <url>").option("--token <token>")
      .action((o) => handle(async () => printItems(await connect(o).submit(await readSubmission(o.filename), mode))));
  }

  program
    .command("submit")
    .description("submit workflows (Argo's `argo submit`); with --watch, follow them to the end")
    .argument("<files...>")
    .option("-p, --parameter <name=value>", "a workflow parameter; repeatable", repeatable, [] as string[])
    .option("--parameter-file <file>", "workflow parameters from a YAML or JSON map")
    .option("-w, --watch", "follow the run and exit 0 if it succeeded, 1 if not")
    .option("--server <url>").option("--token <token>")
    .action((files, o) =>
      handle(async () => {
        const client = connect(o);
        const started = Date.now();
        const watched = o.watch ? await openWatch(client) : undefined;
        const items = await client.submit(await readSubmission(files), "create", parameters(o));
        if (!watched) return printItems(items);
        return watchRun(client, items, { live: true, watched, started });
      }),
    );

  program
    .command("lint")
    .description("validate files as `baton run` would, without running anything")
    .argument("<files...>")
    .action((files) =>
      handle(async () => {
        const input = await loadFiles(files);
        for (const d of input.diagnostics) process.stderr.write(formatDiagnostic(d) + "\n");
        if (input.invalid) return ExitCode.Invalid;
        process.stdout.write(`${files.join(", ")}: ${input.resources.length} resource${input.resources.length === 1 ? "" : "s"}, no errors\n`);
        return ExitCode.Ok;
      }),
    );
}
