import type { StringDecoder } from "node:string_decoder";
import type { ContainerExited, ContainerLaunch } from "../../model/index.js";
import type { SpawnerClient } from "./spawner-client.js";

// What an executor owns: its containers (by its own ids) and the spawners that run them (slots).

export interface Container {
  launch: ContainerLaunch;
  spawner: number;
  /** The spawner's id for it: ours, or the earlier executor's for a container taken over. */
  remote: number;
  pid?: number;
  /** stdout's and stderr's, made on the first forwarded chunk: a character may span two chunks. */
  decoders?: [StringDecoder, StringDecoder];
  /** Standard output kept for the exit report, when the launch asks for it. */
  stdout?: string[];
  stdoutLength?: number;
}

/** Argo keeps at most 256 KiB of a step's standard output as its result. */
export const MAX_RESULT = 256 * 1024;

export interface Termination {
  killAt: number;
  timer?: unknown;
}

export interface Slot {
  client?: SpawnerClient;
  load: number;
  /** A spawner taken over from an earlier executor: its ids → ours. It gets no new containers and is closed once it has none. */
  adopted?: Map<number, number>;
  /** While its hand-over runs: the exits it carries, kept for attach() rather than reported. */
  handover?: { exits: ContainerExited[]; done: () => void };
}

/** How long a surviving spawner has to answer attach() before it is taken for lost. */
export const HANDOVER_TIMEOUT_MS = 5000;
