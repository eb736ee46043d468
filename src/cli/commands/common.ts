import { readFileSync } from "node:fs";
import { ApiError } from "../../client/index.js";
import { loadFiles, readParameters } from "../../app/index.js";
import { formatDiagnostic } from "../../spec/index.js";
import { UsageError } from "../connection.js";

export const ExitCode = { Ok: 0, Failed: 1, Invalid: 2 } as const;

/** Runs a command's body; user errors print one clear message (no stack) and set the exit code. */
export async function handle(body: () => Promise<number | void>): Promise<void> {
  try {
    process.exitCode = (await body()) ?? ExitCode.Ok;
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`baton: ${error.message}\n`);
      process.exitCode = ExitCode.Invalid;
    } else if (error instanceof ApiError) {
      process.stderr.write(`Error from server (${error.reason}): ${error.message}\n`);
      process.exitCode = error.status === 422 || error.status === 400 ? ExitCode.Invalid : ExitCode.Failed;
    } else {
      process.stderr.write(`baton: ${(error as Error).message}\n`);
      process.exitCode = ExitCode.Failed;
    }
  }
}

/**
 * The files of a submission as texts for the server. YAML and JSON go as written (the server
 * reports errors with their lines); a TypeScript module is loaded here and sent as its JSON.
 */
export async function readSubmission(paths: string[]): Promise<{ file: string; text: string }[]> {
  const out: { file: string; text: string }[] = [];
  for (const path of paths) {
    if (/\.(m?ts|m?js)$/.test(path)) {
      const loaded = await loadFiles([path]);
      for (const d of loaded.diagnostics) process.stderr.write(formatDiagnostic(d) + "\n");
      if (loaded.invalid) throw new UsageError(`${path}: invalid, nothing was submitted`);
      out.push({ file: path, text: JSON.stringify({ apiVersion: "v1", kind: "List", items: loaded.resources.map((r) => r.resource) }) });
      continue;
    }
    try {
      out.push({ file: path, text: readFileSync(path === "-" ? 0 : path, "utf8") });
    } catch (error) {
      throw new UsageError(`${path}: ${(error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (error as Error).message}`);
    }
  }
  return out;
}

export function parameters(flags: { parameter?: string[]; parameterFile?: string }): Record<string, string> {
  const p = readParameters(flags.parameter ?? [], flags.parameterFile);
  if (p.errors.length > 0) throw new UsageError(p.errors.join("\n"));
  return p.values;
}

/** `job/primes`, `jobs primes` or `primes` with a default kind → [plural, name]. */
export function splitRef(ref: string, defaultPlural: string | undefined, normalize: (s: string) => string | undefined): [string, string] {
  const slash = ref.indexOf("/");
  if (slash > 0) {
    const plural = normalize(ref.slice(0, slash));
    if (!plural) throw new UsageError(`"${ref.slice(0, slash)}" is not a kind this server knows (pods, jobs, cronjobs, workflows, workflowtemplates, cronworkflows)`);
    return [plural, ref.slice(slash + 1)];
  }
  if (!defaultPlural) throw new UsageError(`say which kind "${ref}" is, e.g. job/${ref} or workflow/${ref}`);
  return [defaultPlural, ref];
}
