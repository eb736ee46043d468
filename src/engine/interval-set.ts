/**
 * A set of non-negative integers kept as sorted, disjoint [start, end] ranges — the shape of
 * Kubernetes' `completedIndexes` ("1,3-5,7"), compact even for 100,000 indexes.
 */
export class IntervalSet {
  private ranges: [number, number][];
  private count: number;

  constructor(ranges: [number, number][] = []) {
    // Indexes, not destructuring: this runs for every pod of an Indexed Job that ends.
    this.ranges = [];
    this.count = 0;
    for (const r of ranges) {
      this.ranges.push([r[0], r[1]]);
      this.count += r[1] - r[0] + 1;
    }
  }

  static parse(text: string): IntervalSet {
    const set = new IntervalSet();
    for (const part of text.split(",").map((p) => p.trim()).filter(Boolean)) {
      const [a, b] = part.split("-").map(Number);
      for (let i = a!; i <= (b ?? a)!; i++) set.add(i);
    }
    return set;
  }

  get size(): number {
    return this.count;
  }

  has(n: number): boolean {
    const i = this.find(n);
    const r = this.ranges[i];
    return r !== undefined && r[0] <= n && n <= r[1];
  }

  /** Adds n; returns false if it was there already. */
  add(n: number): boolean {
    const i = this.find(n);
    const r = this.ranges[i];
    if (r && r[0] <= n && n <= r[1]) return false;
    const prev = this.ranges[i - 1];
    const joinsPrev = prev !== undefined && prev[1] === n - 1;
    const joinsNext = r !== undefined && r[0] === n + 1;
    if (joinsPrev && joinsNext) {
      prev[1] = r[1];
      this.ranges.splice(i, 1);
    } else if (joinsPrev) prev[1] = n;
    else if (joinsNext) r[0] = n;
    else this.ranges.splice(i, 0, [n, n]);
    this.count++;
    return true;
  }

  /** Kubernetes' format (orderedIntervals.String): "1,3-5,7", and two neighbours as "0,1". */
  toString(): string {
    let out = "";
    for (const r of this.ranges) {
      const a = r[0];
      const b = r[1];
      if (out !== "") out += ",";
      out += a === b ? `${a}` : `${a}${b === a + 1 ? "," : "-"}${b}`;
    }
    return out;
  }

  toJSON(): [number, number][] {
    return this.ranges;
  }

  /** Index of the first range whose end is >= n (binary search). */
  private find(n: number): number {
    let lo = 0;
    let hi = this.ranges.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.ranges[mid]![1] < n) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
