import { isAlias, isMap, isScalar, isSeq, type Document, type LineCounter, type Node } from "yaml";
import type { FieldPath } from "./field-path.js";

export interface Position {
  line: number;
  column: number;
}

/**
 * Where a field path sits in one YAML document (or in one item of a `List`), so that a problem found on
 * the parsed value can be shown at its line and column.
 */
export interface SourcePositions {
  /** Where the manifest starts: its first field. */
  start(): Position;
  /**
   * The value at `path` (or its key, for `at: "key"`). A path that does not exist falls back to the key
   * of its nearest existing ancestor, and to the manifest's start at the top.
   */
  locate(path: FieldPath, at?: "key" | "value"): Position;
  /** The positions of the sub-document at `path`, as for one item of a `kind: List`. */
  child(path: FieldPath): SourcePositions;
}

/** Positions read from the nodes of a YAML document parsed by the `yaml` library. */
export class SourceMap implements SourcePositions {
  constructor(
    private readonly document: Document.Parsed,
    private readonly root: unknown,
    private readonly lineCounter: LineCounter,
  ) {}

  start(): Position {
    return this.positionOf(this.root) ?? this.offsetPosition(this.document.range[0]);
  }

  locate(path: FieldPath, at: "key" | "value" = "value"): Position {
    let node: unknown = this.root;
    let fallback = this.start();
    for (const [i, segment] of path.entries()) {
      node = this.resolve(node);
      const isLast = i === path.length - 1;
      if (isMap(node)) {
        const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(segment));
        if (pair === undefined) return fallback;
        const keyPosition = this.positionOf(pair.key) ?? fallback;
        if (isLast && at === "key") return keyPosition;
        fallback = keyPosition;
        node = pair.value;
      } else if (isSeq(node) && typeof segment === "number") {
        const item: unknown = node.items[segment];
        if (item === undefined) return fallback;
        fallback = this.positionOf(item) ?? fallback;
        node = item;
      } else {
        return fallback;
      }
    }
    return this.positionOf(this.resolve(node)) ?? fallback;
  }

  child(path: FieldPath): SourceMap {
    let node: unknown = this.root;
    for (const segment of path) {
      node = this.resolve(node);
      if (isMap(node)) node = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(segment))?.value;
      else if (isSeq(node) && typeof segment === "number") node = node.items[segment];
      else node = undefined;
    }
    return new SourceMap(this.document, node ?? this.root, this.lineCounter);
  }

  private resolve(node: unknown): unknown {
    return isAlias(node) ? node.resolve(this.document) : node;
  }

  private positionOf(node: unknown): Position | undefined {
    const range = (node as Node | null | undefined)?.range;
    return range ? this.offsetPosition(range[0]) : undefined;
  }

  private offsetPosition(offset: number): Position {
    const { line, col } = this.lineCounter.linePos(offset);
    return { line, column: col };
  }
}

/**
 * Positions of a document read without them (by the YAML subset reader): the `yaml` library parses
 * the file only when the first position inside the document is asked for, which is when a diagnostic
 * is made. A valid file never pays for it. `startPosition`, when known, is answered without parsing.
 */
export class DeferredSourceMap implements SourcePositions {
  private built: SourcePositions | undefined;

  constructor(
    private readonly build: () => SourcePositions,
    private readonly startPosition?: Position,
  ) {}

  start(): Position {
    return this.startPosition ?? this.map().start();
  }

  locate(path: FieldPath, at: "key" | "value" = "value"): Position {
    return this.map().locate(path, at);
  }

  child(path: FieldPath): SourcePositions {
    return new DeferredSourceMap(() => this.map().child(path));
  }

  private map(): SourcePositions {
    this.built ??= this.build();
    return this.built;
  }
}
