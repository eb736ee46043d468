import type { ContainerOutput } from "../../model/index.js";

/**
 * Turns output chunks into whole lines, per container attempt and stream, each with a prefix.
 * A last line without a newline is written when its container ends (`flush`).
 */
export class LogLines {
  private readonly partial = new Map<string, string>();

  constructor(
    private readonly prefixOf: (podUid: string, container: string) => string,
    private readonly write: (line: string) => void,
  ) {}

  push(o: ContainerOutput): void {
    const key = `${o.podUid}/${o.container}/${o.attempt}/${o.stream}`;
    const text = (this.partial.get(key) ?? "") + o.data;
    const lines = text.split("\n");
    const rest = lines.pop()!;
    if (rest.length > 0) this.partial.set(key, rest);
    else this.partial.delete(key);
    if (lines.length === 0) return;
    const prefix = this.prefixOf(o.podUid, o.container);
    for (const line of lines) this.write(`${prefix}${line.replace(/\r$/, "")}`);
  }

  flush(podUid: string, container: string, attempt: number): void {
    for (const stream of ["stdout", "stderr"]) {
      const key = `${podUid}/${container}/${attempt}/${stream}`;
      const rest = this.partial.get(key);
      if (rest === undefined) continue;
      this.partial.delete(key);
      this.write(`${this.prefixOf(podUid, container)}${rest}`);
    }
  }
}
