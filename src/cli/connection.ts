import { readFileSync } from "node:fs";
import { join } from "node:path";
// Direct imports, not the folders' index files: those load the whole engine and the HTTP server,
// and every command that talks to a server (and `baton run`, to look for one) comes through here.
import { batonHome } from "../app/home.js";
import { BatonClient } from "../client/index.js";
import { readServerRecord, runningServer, tokenPath } from "../server/home-files.js";
import { UsageError } from "./usage-error.js";

export { UsageError };

export interface ConnectionFlags {
  server?: string;
  token?: string;
}

/** The server's address and token: flags, then BATON_SERVER/BATON_TOKEN, then $BATON_HOME/config.json, then the local server's own files. */
export function connect(flags: ConnectionFlags): BatonClient {
  const home = batonHome();
  const config = readConfig(home);
  const url = flags.server ?? process.env.BATON_SERVER ?? config.server ?? readServerRecord(home)?.url;
  if (!url) throw new UsageError(`no baton server to talk to: start one with \`baton server\`, or give --server URL (or BATON_SERVER, or "server" in ${join(home, "config.json")})`);
  const token = flags.token ?? process.env.BATON_TOKEN ?? config.token ?? readToken(home);
  if (!token) throw new UsageError(`no API token: give --token (or BATON_TOKEN, or "token" in ${join(home, "config.json")}); a local server keeps it in ${tokenPath(home)}`);
  return new BatonClient({ url, token });
}

/** A client of the server that owns $BATON_HOME, if one is running there (for `baton run`). */
export async function localServer(): Promise<BatonClient | undefined> {
  const home = batonHome();
  const record = await runningServer(home);
  const token = readToken(home);
  return record && token ? new BatonClient({ url: record.url, token }) : undefined;
}

function readConfig(home: string): { server?: string; token?: string } {
  try {
    return JSON.parse(readFileSync(join(home, "config.json"), "utf8")) as { server?: string; token?: string };
  } catch {
    return {};
  }
}

function readToken(home: string): string | undefined {
  try {
    return readFileSync(tokenPath(home), "utf8").trim() || undefined;
  } catch {
    return undefined;
  }
}
