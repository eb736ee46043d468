import type { createLogUpdate } from "log-update";
import type { Entry } from "../../engine/index.js";
import { phaseOf, refOf } from "./describe.js";

/**
 * The live block under the logs on a terminal: one line per submitted resource with its pods'
 * counts. Logs are printed above it; it is redrawn at most ten times a second.
 */
export class StatusBlock {
  private timer: NodeJS.Timeout | undefined;

  /** log-update is loaded only for a terminal (see `openStatusBlock`). */
  constructor(
    private readonly update: ReturnType<typeof createLogUpdate>,
    private readonly entries: () => Entry[],
  ) {}

  /** Writes lines above the block. */
  print(text: string): void {
    this.update.clear();
    process.stdout.write(text + "\n");
    this.render();
  }

  changed(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.render();
    }, 100);
  }

  done(): void {
    if (this.timer) clearTimeout(this.timer);
    this.update.clear();
  }

  private render(): void {
    const lines = this.entries().map((e) => {
      const phase = phaseOf(e).padEnd(10);
      if (e.kind !== "Job") return `  ${refOf(e).padEnd(32)} ${phase}`;
      const s = e.object.status;
      const want = e.object.spec.completions === undefined ? "" : `/${e.object.spec.completions}`;
      return `  ${refOf(e).padEnd(32)} ${phase} active ${s.active}  succeeded ${s.succeeded}${want}  failed ${s.failed}`;
    });
    this.update(lines.join("\n"));
  }
}

export async function openStatusBlock(entries: () => Entry[]): Promise<StatusBlock> {
  const { createLogUpdate } = await import("log-update");
  return new StatusBlock(createLogUpdate(process.stdout), entries);
}
