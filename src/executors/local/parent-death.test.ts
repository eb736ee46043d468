import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { alive, buildExecutor } from "./fixtures/owner.js";
import { spawnersUnderTest } from "./fixtures/spawners.js";

const work = mkdtempSync(join(tmpdir(), "baton-owner-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

for (const { kind, title, skip } of spawnersUnderTest) {
  describe(title, () => {
    it.skipIf(skip !== undefined)("a container does not outlive its owner, even one killed by SIGKILL", async () => {
      const dir = buildExecutor(work);
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
