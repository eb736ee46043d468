import type { Command } from "@commander-js/extra-typings";
import { registerRunCommand } from "./commands/run-command.js";

export type Register = (program: Command) => void;

/**
 * Each module that registers commands, with the names of the commands it registers, in help's
 * order. A module is loaded only when a command line names one of its commands, or asks for help.
 */
export const registrars: readonly [names: readonly string[], load: () => Promise<Register>][] = [
  [["run"], async () => registerRunCommand],
  [["server"], async () => (await import("./commands/server-command.js")).registerServerCommand],
  [["apply", "create", "submit", "lint"], async () => (await import("./commands/submit-commands.js")).registerSubmitCommands],
  [["get", "describe"], async () => (await import("./commands/get-commands.js")).registerGetCommands],
  [["delete", "wait", "suspend", "resume", "stop", "terminate", "retry", "resubmit"], async () => (await import("./commands/control-commands.js")).registerControlCommands],
  [["logs"], async () => (await import("./commands/logs-command.js")).registerLogsCommand],
  [["queue"], async () => (await import("./commands/queue-commands.js")).registerQueueCommands],
];

/** What a command line needs registered: nothing for `--version`, the one module naming its command, else all. */
export function registrarsFor(argv: readonly string[]): readonly (typeof registrars)[number][] {
  const first = argv[2] ?? "";
  if (first === "-V" || first === "--version") return [];
  const named = registrars.find(([names]) => names.includes(first));
  return named ? [named] : registrars;
}
