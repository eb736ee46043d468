/** Time, injected: the runtime reads it, tests fake it. Milliseconds since the epoch. */
export interface Clock {
  now(): number;
  setTimeout(callback: () => void, delayMs: number): unknown;
  clearTimeout(handle: unknown): void;
}
