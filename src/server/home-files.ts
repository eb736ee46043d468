import { randomBytes } from "node:crypto";
import { chmodSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** What a running server leaves in $BATON_HOME so that the CLI and a second server find it. */
export interface ServerRecord {
  url: string;
  pid: number;
  startedAt: string;
}

export const tokenPath = (home: string) => join(home, "token");
export const serverRecordPath = (home: string) => join(home, "server.json");

/** The API token: made on first start (256 random bits), kept with mode 0600, reused after. */
export function ensureToken(home: string): string {
  const path = tokenPath(home);
  try {
    const token = readFileSync(path, "utf8").trim();
    if ((statSync(path).mode & 0o077) !== 0) chmodSync(path, 0o600);
    if (token.length > 0) return token;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  const token = randomBytes(32).toString("base64url");
  writeFileSync(path, token + "\n", { mode: 0o600 });
  return token;
}

export function readServerRecord(home: string): ServerRecord | undefined {
  try {
    return JSON.parse(readFileSync(serverRecordPath(home), "utf8")) as ServerRecord;
  } catch {
    return undefined;
  }
}

export function writeServerRecord(home: string, record: ServerRecord): void {
  writeFileSync(serverRecordPath(home), JSON.stringify(record, null, 2) + "\n", { mode: 0o600 });
}

/** Removes the record if it is still ours (a newer server may have replaced it). */
export function clearServerRecord(home: string, pid: number): void {
  if (readServerRecord(home)?.pid === pid) rmSync(serverRecordPath(home), { force: true });
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The server that owns this home, if one runs: its record names a live process that answers. */
export async function runningServer(home: string): Promise<ServerRecord | undefined> {
  const record = readServerRecord(home);
  if (!record || !isAlive(record.pid)) return undefined;
  try {
    const response = await fetch(new URL("/healthz", record.url), { signal: AbortSignal.timeout(2000) });
    return response.status === 200 || response.status === 503 ? record : undefined;
  } catch {
    return undefined;
  }
}
