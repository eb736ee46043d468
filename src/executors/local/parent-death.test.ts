import { spawn } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { afterAll, describe, expect, it } from "vitest";
import { spawnersUnderTest } from "./fixtures/spawners.js";
import { nativeSpawnerPath } from "./spawner-choice.js";

const here = fileURLToPath(new URL(".", import.meta.url));
const work = mkdtempSync(join(tmpdir(), "baton-owner-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/**
 * Node 20 cannot run .ts, so the executor is transpiled into a scratch package for the owner
 * process, laid out as the real one (src/executors/local, dist/native) so that it finds the native
 * spawner where it looks. Its imports from src/model are types only, which transpiling erases.
 */
function buildExecutor(): string {
  const out = join(work, "src/executors/local");
  mkdirSync(out, { recursive: true });
  mkdirSync(join(work, "dist/native"), { recursive: true });
  rmSync(join(work, "dist/native/baton-spawner"), { force: true });
  symlinkSync(nativeSpawnerPath, join(work, "dist/native/baton-spawner"));
  writeFileSync(join(work, "package.json"), '{ "type": "module" }\n');
  for (const file of readdirSync(here)) {
    if (file.endsWith(".test.ts")) continue;
    if (file === "spawner.js") copyFileSync(join(here, file), join(out, file));
    if (!file.endsWith(".ts")) continue;
    const { outputText } = ts.transpileModule(readFileSync(join(here, file), "utf8"), {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: true },
    });
    writeFileSync(join(out, file.replace(/\.ts$/, ".js")), outputText);
  }
  return out;
}

function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return !/^\d+ \(.*\) Z/.test(stat); // a zombie is dead; PID 1 here does not reap orphans
  } catch {
    return false;
  }
}

for (const { kind, title, skip } of spawnersUnderTest) {
  describe(title, () => {
    it.skipIf(skip !== undefined)("a container does not outlive its owner, even one killed by SIGKILL", async () => {
      const dir = buildExecutor();
      const owner = join(dir, `owner-${kind}.js`);
      writeFileSync(owner, `
        import { createLocalExecutor } from "./local-executor.js";
        const executor = createLocalExecutor({ logDir: ${JSON.stringify(join(work, "logs"))}, spawner: "${kind}" });
        executor.onReport((report) => { if (report.type === "ContainerStarted") console.log(report.pid); });
        executor.start({ podUid: "u", namespace: "default", podName: "p", container: "c", init: false, attempt: 0, argv: ["sleep", "100"], env: {} });
        setInterval(() => {}, 1000);
      `);
      const child = spawn(process.execPath, [owner], { stdio: ["ignore", "pipe", "inherit"] });
      const sleeper = await new Promise<number>((resolve, reject) => {
        child.stdout.setEncoding("utf8");
        child.stdout.once("data", (text: string) => resolve(Number(text.trim())));
        child.once("exit", (code) => reject(new Error(`the owner exited early (${code})`)));
      });
      expect(alive(sleeper)).toBe(true);

      child.kill("SIGKILL");
      const until = Date.now() + 10_000;
      while (alive(sleeper) && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(alive(sleeper)).toBe(false);
    });
  });
}
