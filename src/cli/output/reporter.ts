import type { Entry, EngineState } from "../../engine/index.js";
import type { ContainerOutput, ExecutorReport } from "../../model/index.js";
import { LogLines } from "./log-lines.js";
import { openStatusBlock, type StatusBlock } from "./status-block.js";
import { colourFor, makeStyle } from "./style.js";

/**
 * What `baton run` shows while it runs: each container's output line by line, prefixed by
 * `job/pod/container`, and on a terminal a live status block under it.
 */
export class Reporter {
  private block: StatusBlock | undefined;
  private readonly lines: LogLines;
  private readonly style: ReturnType<typeof makeStyle>;

  constructor(
    private readonly state: EngineState,
    private readonly out: NodeJS.WriteStream,
    live: boolean,
  ) {
    this.style = makeStyle(out);
    if (live && out.isTTY && out === process.stdout) void openStatusBlock(() => state.topLevel()).then((b) => (this.block = b));
    this.lines = new LogLines((uid, c) => this.prefix(uid, c), (line) => this.print(line));
  }

  print(text: string): void {
    if (this.block) this.block.print(text);
    else this.out.write(text + "\n");
  }

  output(o: ContainerOutput): void {
    this.lines.push(o);
  }

  report(r: ExecutorReport): void {
    if (r.type === "ContainerExited") this.lines.flush(r.podUid, r.container, r.attempt);
  }

  changed(_entries: Entry[]): void {
    this.block?.changed();
  }

  done(): void {
    this.block?.done();
  }

  private readonly prefixes = new Map<string, string>();

  /** Cached: a pod leaves the engine's memory once it ended, and its last lines may come after. */
  private prefix(podUid: string, container: string): string {
    const key = `${podUid}/${container}`;
    let prefix = this.prefixes.get(key);
    if (prefix === undefined) this.prefixes.set(key, (prefix = this.makePrefix(podUid, container)));
    return prefix;
  }

  private makePrefix(podUid: string, container: string): string {
    const e = this.state.get(podUid);
    const pod = e?.object.metadata.name ?? podUid;
    const job = e?.object.metadata.ownerReferences?.[0]?.name;
    const name = job ? `${job}/${pod}/${container}` : `${pod}/${container}`;
    return this.style(colourFor(name), name) + " | ";
  }
}
