import { Command, Option } from "@commander-js/extra-typings";

/** Exit status for a command line that cannot be understood (as for an invalid file). */
const INVALID = 2;

const program = new Command("baton")
  .description("Run Kubernetes Pods and Jobs and Argo Workflows on this machine, as a cluster and Argo would run them.")
  .version("0.1.0")
  .showHelpAfterError()
  // A command line that cannot be understood is invalid input, like an invalid file: exit 2.
  .exitOverride((error) => process.exit(error.exitCode === 0 ? 0 : INVALID));

type Register = (program: Command) => void;

/** Each module that registers commands, with the names of the commands it registers, in help's order. */
const registrars: [names: string[], load: () => Promise<Register>][] = [
  [["run"], async () => registerRun],
  [["server"], async () => (await import("./commands/server-command.js")).registerServerCommand],
  [["apply", "create", "submit", "lint"], async () => (await import("./commands/submit-commands.js")).registerSubmitCommands],
  [["get", "describe"], async () => (await import("./commands/get-commands.js")).registerGetCommands],
  [["delete", "wait", "suspend", "resume", "stop", "terminate", "retry", "resubmit"], async () => (await import("./commands/control-commands.js")).registerControlCommands],
  [["logs"], async () => (await import("./commands/logs-command.js")).registerLogsCommand],
  [["queue"], async () => (await import("./commands/queue-commands.js")).registerQueueCommands],
];

// A command line that names a command loads only the module that registers it: a queue worker runs
// `baton queue lease|ack` once per item, and `baton run` should not wait for the HTTP server's
// modules. `--version` needs none; help, or anything else, registers them all.
const first = process.argv[2] ?? "";
const named = registrars.find(([names]) => names.includes(first));
const wanted = first === "-V" || first === "--version" ? [] : named ? [named] : registrars;
for (const register of await Promise.all(wanted.map(([, load]) => load()))) register(program);
await program.parseAsync();

function registerRun(program: Command): void {
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
      const { runCommand } = await import("./run-command.js");
      process.exitCode = await runCommand(files, options);
      // Everything is closed by now; this only guards against a handle someone forgot.
      setTimeout(() => process.exit(), 2000).unref();
    });
}
