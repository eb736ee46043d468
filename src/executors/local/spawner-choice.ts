import { accessSync, constants } from "node:fs";
import { fileURLToPath } from "node:url";

/** "auto": the native spawner if it was built, else the Node one. */
export type SpawnerKind = "native" | "node" | "auto";

/**
 * Where scripts/build-native.mjs puts the binary. This file sits three levels below the package
 * root both as src/executors/local/*.ts (vitest) and as dist/executors/local/*.js (built).
 */
export const nativeSpawnerPath = fileURLToPath(new URL("../../../dist/native/baton-spawner", import.meta.url));
export const nodeSpawnerPath = fileURLToPath(new URL("./spawner.js", import.meta.url));

export interface SpawnerCommand {
  kind: "native" | "node";
  file: string;
  args: string[];
}

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The spawner to run: BATON_SPAWNER (for diagnosis) wins over the option. */
export function chooseSpawner(
  requested: SpawnerKind = "auto",
  environment: string | undefined = process.env.BATON_SPAWNER,
  nativePath: string = nativeSpawnerPath,
): SpawnerCommand {
  const kind = environment === undefined || environment === "" ? requested : environment;
  if (kind !== "native" && kind !== "node" && kind !== "auto") {
    throw new Error(`BATON_SPAWNER must be "native", "node" or "auto" (got ${JSON.stringify(kind)})`);
  }
  const native = executable(nativePath);
  if (kind === "native" && !native) {
    throw new Error(`the native spawner is not built (${nativePath} is missing); run \`npm run build\` or use the Node spawner`);
  }
  if (kind === "node" || !native) return { kind: "node", file: process.execPath, args: [nodeSpawnerPath] };
  return { kind: "native", file: nativePath, args: [] };
}
