import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import type { ContainerLaunch, ContainerOutputs } from "../../model/index.js";
import type { Container } from "./owned.js";

/** A script template's source, written beside the container's log and run by its command. */
export function withScriptFile(launch: ContainerLaunch, logFile: string): ContainerLaunch {
  const file = logFile.replace(/\.log$/, ".script");
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, launch.script!, { mode: 0o755 });
  return { ...launch, argv: [...launch.argv, file] };
}

/** What the launch asked to capture: standard output and the contents of output files. */
export function captured(container: Container): { outputs?: ContainerOutputs } {
  const capture = container.launch.capture;
  if (capture === undefined) return {};
  const outputs: ContainerOutputs = {};
  if (container.stdout !== undefined) outputs.stdout = container.stdout.join("");
  if (capture.files.length > 0) {
    outputs.files = {};
    for (const file of capture.files) {
      try {
        outputs.files[file] = readFileSync(resolveIn(container.launch.workingDir, file), "utf8");
      } catch {
        outputs.files[file] = null;
      }
    }
  }
  return { outputs };
}

function resolveIn(workingDir: string | undefined, file: string): string {
  return workingDir === undefined || file.startsWith("/") ? file : `${workingDir}/${file}`;
}
