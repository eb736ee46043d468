import { Command, Option } from "@commander-js/extra-typings";

/** Exit status for a command line that cannot be understood (as for an invalid file). */
const INVALID = 2;

const program = new Command("baton")
  .description("Run Kubernetes Pods and Jobs and Argo Workflows on this machine, as a cluster and Argo would run them.")
  .version("0.1.0")
  .showHelpAfterError()
  // A command line that cannot be understood is invalid input, like an invalid file: exit 2.
  .exitOverride((error) => process.exit(error.exitCode === 0 ? 0 : INVALID));

// A queue worker runs `baton queue lease|ack` once per item: it loads only what queues need.
if (process.argv[2] === "queue") {
  (await import("./commands/queue-commands.js")).registerQueueCommands(program);
  await program.parseAsync();
} else {
  await registerAll();
  await program.parseAsync();
}

async function registerAll(): Promise<void> {
  const { runCommand } = await import("./run-command.js");

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
      process.exitCode = await runCommand(files, options);
      // Everything is closed by now; this only guards against a handle someone forgot.
      setTimeout(() => process.exit(), 2000).unref();
    });

  (await import("./commands/server-command.js")).registerServerCommand(program);
  (await import("./commands/submit-commands.js")).registerSubmitCommands(program);
  (await import("./commands/get-commands.js")).registerGetCommands(program);
  (await import("./commands/control-commands.js")).registerControlCommands(program);
  (await import("./commands/logs-command.js")).registerLogsCommand(program);
  (await import("./commands/queue-commands.js")).registerQueueCommands(program);
}
