import { Option, type Command } from "@commander-js/extra-typings";

/** `baton run`: its options here; its body (and everything it loads) only once it runs. */
export function registerRunCommand(program: Command): void {
  program
    .command("run")
    .description("validate every document of the files, then run them to the end on the embedded engine")
    .argument("<files...>", "YAML or JSON files (Pods, Jobs, Workflows, WorkflowTemplates), or .ts/.js modules whose default export is a manifest")
    .option("--events <file>", "append one JSON line per Kubernetes-shaped event to FILE")
    .addOption(new Option("-o, --output <format>", "print the final objects when done").choices(["json"]))
    .option("--backoff-base <duration>", "scale every back-off (Kubernetes' 10s), e.g. 100ms; also BATON_BACKOFF_BASE")
    .option("-p, --parameter <name=value>", "set a workflow parameter (spec.arguments.parameters); repeatable", (v: string, all: string[]) => [...all, v], [] as string[])
    .option("--parameter-file <file>", "workflow parameters from a YAML or JSON map")
    .option("--fresh", "start anew even if an interrupted run of the same files can be resumed")
    .option("--no-live", "no live status block on a terminal")
    .action(async (files, options) => {
      const { runCommand } = await import("../run-command.js");
      process.exitCode = await runCommand(files, options);
      // Everything is closed by now; this only guards against a handle someone forgot.
      setTimeout(() => process.exit(), 2000).unref();
    });
}
