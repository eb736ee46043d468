#!/usr/bin/env node
/**
 * Builds the native spawner (src/executors/local/native/spawner.c) into dist/native/baton-spawner.
 * It is optional: Baton falls back to its Node spawner, only slower to start processes. So every
 * failure here (no C compiler, a compile error) is one warning line and exit code 0, never a failed
 * `npm install`.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, renameSync, rmSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = new URL("..", import.meta.url);
const source = fileURLToPath(new URL("src/executors/local/native/spawner.c", root));
const target = fileURLToPath(new URL("dist/native/baton-spawner", root));
// Compiled beside the target and renamed into place: concurrent builds (parallel test files) and
// running spawners never see a half-written binary.
const scratch = `${target}.${process.pid}.tmp`;

try {
  mkdirSync(fileURLToPath(new URL("dist/native", root)), { recursive: true });
  execFileSync(process.env.CC || "cc", ["-O2", "-o", scratch, source], { stdio: ["ignore", "ignore", "pipe"] });
  renameSync(scratch, target);
  console.log(`native spawner built: ${target}`);
} catch (error) {
  rmSync(scratch, { force: true });
  const reason = error.code === "ENOENT" ? "no C compiler (cc) found" : (String(error.stderr ?? "").trim().split("\n")[0] || error.message);
  console.warn(`native spawner not built (${reason}); using the Node spawner, which starts containers more slowly`);
}
