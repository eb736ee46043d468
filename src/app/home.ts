import { homedir } from "node:os";
import { join } from "node:path";

/** Where Baton keeps its state: $BATON_HOME, else ~/.baton. */
export function batonHome(env: NodeJS.ProcessEnv = process.env): string {
  return env.BATON_HOME && env.BATON_HOME.length > 0 ? env.BATON_HOME : join(homedir(), ".baton");
}

export function storePath(home: string): string {
  return join(home, "baton.db");
}

export function logDir(home: string): string {
  return join(home, "logs");
}
