import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { ContainerExited } from "../../model/index.js";
import { createLocalExecutor } from "./index.js";
import { chooseSpawner, nativeSpawnerPath } from "./spawner-choice.js";

const missing = "/no/such/baton-spawner";

describe("choosing a spawner", () => {
  it("auto falls back to the Node spawner when the native one was not built", () => {
    expect(chooseSpawner("auto", undefined, missing)).toMatchObject({ kind: "node", file: process.execPath });
  });

  it("native, asked for but not built, is an error that says how to build it", () => {
    expect(() => chooseSpawner("native", undefined, missing)).toThrow(/npm run build/);
    expect(() => chooseSpawner("auto", "native", missing)).toThrow(/not built/);
  });

  it("BATON_SPAWNER overrides the option, and must be a known kind", () => {
    expect(chooseSpawner("native", "node", nativeSpawnerPath).kind).toBe("node");
    expect(chooseSpawner("node", "", missing).kind).toBe("node");
    expect(() => chooseSpawner("auto", "rust", missing)).toThrow(/BATON_SPAWNER/);
  });
});

it("an executor forced onto the Node spawner runs containers", async () => {
  const logDir = mkdtempSync(join(tmpdir(), "baton-choice-"));
  const executor = createLocalExecutor({ logDir, spawner: "node" });
  try {
    const exited = new Promise<ContainerExited>((resolve) =>
      executor.onReport((report) => report.type === "ContainerExited" && resolve(report)),
    );
    executor.start({ podUid: "u", namespace: "default", podName: "p", container: "c", init: false, attempt: 0, argv: ["sh", "-c", "exit 4"], env: {} });
    expect(await exited).toMatchObject({ exitCode: 4, reason: "Error" });
  } finally {
    await executor.close();
    rmSync(logDir, { recursive: true, force: true });
  }
});
