import type { Clock } from "../model/index.js";

// setTimeout holds at most 2^31−1 ms; longer timers are re-armed on the way.
const MAX_DELAY = 2 ** 31 - 1;

/** The engine's timers: one per key, a new SetTimer for a key replaces the old one. */
export class TimerTable {
  private readonly handles = new Map<string, unknown>();

  constructor(
    private readonly clock: Clock,
    private readonly fire: (key: string, at: number) => void,
  ) {}

  set(key: string, at: number): void {
    this.cancel(key);
    const arm = (): void => {
      const delay = at - this.clock.now();
      if (delay > MAX_DELAY) {
        this.handles.set(key, this.clock.setTimeout(arm, MAX_DELAY));
        return;
      }
      this.handles.set(key, this.clock.setTimeout(() => {
        this.handles.delete(key);
        this.fire(key, at);
      }, Math.max(0, delay)));
    };
    arm();
  }

  cancel(key: string): void {
    const h = this.handles.get(key);
    if (h !== undefined) this.clock.clearTimeout(h);
    this.handles.delete(key);
  }

  clear(): void {
    for (const h of this.handles.values()) this.clock.clearTimeout(h);
    this.handles.clear();
  }

  get size(): number {
    return this.handles.size;
  }
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, delayMs) => setTimeout(callback, delayMs),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};
