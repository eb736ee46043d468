import { execFileSync } from "node:child_process";
import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";

/**
 * Where surviving spawners are found again: `<home>/spawners/<pid>.sock`, the socket the spawner
 * listens on, and `<pid>.id`, the spawner's start time, written when it was started. Only the
 * owner may enter the folder: whoever can connect to a spawner can run commands.
 */
export function spawnersDir(home: string): string {
  const dir = join(home, "spawners");
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return dir;
}

/**
 * When the process started, as the system records it, or undefined if there is no such process
 * (a zombie counts as none). With the pid it names one process for good: a pid is reused, a pid
 * and start time are not. Linux: field 22 of /proc/<pid>/stat (clock ticks after boot). Elsewhere:
 * `ps -o lstart=` (to the second), run only when spawners start and when an executor attaches.
 */
export function processStartTime(pid: number): string | undefined {
  if (process.platform === "linux") {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    } catch {
      return undefined;
    }
    // The command name (field 2) is in parentheses and may hold spaces and parentheses itself.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return fields[0] === "Z" || fields[0] === "X" ? undefined : fields[19];
  }
  try {
    const line = execFileSync("ps", ["-o", "stat=", "-o", "lstart=", "-p", String(pid)], { encoding: "utf8" }).trim();
    return line === "" || line.startsWith("Z") ? undefined : line.slice(line.indexOf(" ") + 1).trim();
  } catch {
    return undefined; // ps exits 1 for an unknown pid
  }
}

/** Records a spawner just started, so that a later executor can check who answers on its socket. */
export function recordIdentity(dir: string, pid: number): void {
  const startTime = processStartTime(pid);
  if (startTime === undefined) return; // it died at once; its exit is reported
  const file = join(dir, `${pid}.id`);
  writeFileSync(`${file}.tmp`, `${startTime}\n`, { mode: 0o600 });
  renameSync(`${file}.tmp`, file);
}

export interface SurvivingSpawner {
  pid: number;
  socket: string;
}

/**
 * Spawners an earlier executor left in `dir` whose pid still names the process that was started
 * (same start time). The files of the others are removed: their containers are lost.
 */
export function survivingSpawners(dir: string, exclude: ReadonlySet<number>): SurvivingSpawner[] {
  const found: SurvivingSpawner[] = [];
  for (const name of readdirSync(dir)) {
    const match = /^(\d+)\.id$/.exec(name);
    if (match === null || exclude.has(Number(match[1]))) continue;
    const pid = Number(match[1]);
    let recorded: string;
    try {
      recorded = readFileSync(join(dir, name), "utf8").trim();
    } catch {
      continue; // removed meanwhile: the spawner exited
    }
    if (recorded !== "" && processStartTime(pid) === recorded) found.push({ pid, socket: join(dir, `${pid}.sock`) });
    else forgetSpawner(dir, pid);
  }
  return found;
}

export function forgetSpawner(dir: string, pid: number): void {
  for (const suffix of [".id", ".sock"]) rmSync(join(dir, `${pid}${suffix}`), { force: true });
}

/** sun_path holds 108 bytes on Linux, 104 on macOS, the terminating NUL included. */
const MAX_SOCKET_PATH = 100;

/**
 * Calls `open` with an address for the socket at `path` that fits a socket address. A long path is
 * reached through an open descriptor of its folder (Linux's /proc/self/fd), held while `open`
 * connects: Node connects a unix socket at once, within the call.
 */
export function connectable<T>(path: string, open: (address: string) => T): T {
  if (Buffer.byteLength(path) <= MAX_SOCKET_PATH) return open(path);
  if (process.platform !== "linux") {
    throw new Error(`the spawner socket ${path} is longer than a unix socket address allows (${MAX_SOCKET_PATH} bytes); use a shorter BATON_HOME`);
  }
  const fd = openSync(dirname(path), "r");
  try {
    return open(`/proc/self/fd/${fd}/${basename(path)}`);
  } finally {
    closeSync(fd);
  }
}
