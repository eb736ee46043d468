export { runCommand, ExitCode, type RunOptions } from "./run-command.js";
