import { constants } from "node:os";
import type { ContainerExited } from "../../model/index.js";

export type ExitStatus = Pick<ContainerExited, "exitCode" | "signal" | "reason">;

/**
 * How Kubernetes reports a container's end: the exit code as is (0 is "Completed", anything else
 * "Error"), or, for a process killed by a signal, 128 + the signal's number (SIGKILL 137, SIGTERM 143).
 */
export function exitStatus(code: number | null, signal: NodeJS.Signals | null): ExitStatus {
  if (signal !== null) {
    const number = (constants.signals as Record<string, number | undefined>)[signal] ?? 0;
    return { exitCode: 128 + number, signal, reason: "Error" };
  }
  const exitCode = code ?? 128;
  return { exitCode, reason: exitCode === 0 ? "Completed" : "Error" };
}

/** A container that never ran: Kubernetes' StartError, with runc's exit code 128. */
export function startError(message: string): ExitStatus & { message: string } {
  return { exitCode: 128, reason: "StartError", message };
}
