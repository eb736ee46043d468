import type { ContainerLaunch } from "../../model/index.js";
import { launchFromTag } from "./launch-tag.js";
import { HANDOVER_TIMEOUT_MS, type Container, type Slot } from "./owned.js";
import type { AdoptedReport, CapturedReport, HandedOverReport } from "./protocol.js";
import { connectSpawner, type SpawnerHandlers } from "./spawner-client.js";

/** What taking over a surviving spawner needs of the executor. */
export interface AdoptionHost {
  readonly slots: Slot[];
  readonly containers: ReadonlyMap<number, Container>;
  newId(): number;
  register(id: number, container: Container): void;
  /** Standard output the container printed before the hand-over, kept as if it came now. */
  replay(container: Container, data: Buffer): void;
  handlersFor(index: number): SpawnerHandlers;
  /** A spawner lost during its hand-over: its containers are killed and forgotten, unreported. */
  abandon(index: number): void;
}

/**
 * Connects to one surviving spawner and takes over what it hands over (in a new slot, at the end);
 * false if it is lost: it cannot be reached, ends, or does not finish the hand-over in time.
 */
export async function adoptSpawner(host: AdoptionHost, pid: number, socket: string): Promise<boolean> {
  const index = host.slots.length;
  const slot: Slot = { load: 0, adopted: new Map() };
  host.slots.push(slot);
  let timer: NodeJS.Timeout | undefined;
  const handedOver = new Promise<boolean>((resolve) => {
    slot.handover = { exits: [], done: () => resolve(true) };
    timer = setTimeout(() => resolve(false), HANDOVER_TIMEOUT_MS);
  });
  try {
    slot.client = await connectSpawner(socket, pid, host.handlersFor(index));
  } catch {
    clearTimeout(timer);
    return false;
  }
  const complete = (await handedOver) && !slot.client.exited;
  clearTimeout(timer);
  if (!complete) host.abandon(index);
  return complete;
}

/** A hand-over report: a container now ours (A), its output so far (C), or the end of the hand-over (H). */
export function onHandover(host: AdoptionHost, index: number, report: AdoptedReport | CapturedReport | HandedOverReport): void {
  const slot = host.slots[index]!;
  if (report[0] === "H") return slot.handover?.done();
  if (report[0] === "C") {
    const container = host.containers.get(slot.adopted!.get(report[1]) ?? 0);
    if (container?.stdout !== undefined) host.replay(container, report[2]);
    return;
  }
  const [, remote, pid, tag] = report;
  const launch: ContainerLaunch | undefined = launchFromTag(tag);
  if (launch === undefined || slot.adopted!.has(remote)) return;
  const id = host.newId();
  slot.adopted!.set(remote, id);
  const container: Container = { launch, spawner: index, remote, pid };
  if (launch.capture?.stdout) {
    container.stdout = [];
    container.stdoutLength = 0;
  }
  host.register(id, container);
}
