import { describe } from "vitest";
import { describeAtomicity } from "./contract-atomicity.js";
import { describeCommits } from "./contract-commits.js";
import { describeQueries } from "./contract-queries.js";
import { describeRuns } from "./contract-runs.js";
import { storeUnderTest, type OpenedStore } from "./contract-subject.js";

export type { OpenedStore } from "./contract-subject.js";

/**
 * The one conformance suite for the Store port. Every implementation runs it unchanged:
 *   describeStore("sqlite", async () => ({ store, reopen, cleanup }));
 * `open` is called before each test and must give an empty store. The suite goes through the port
 * only, so it holds for SQLite and PostgreSQL alike.
 */
export function describeStore(name: string, open: () => Promise<OpenedStore>): void {
  describe(`Store contract: ${name}`, () => {
    const subject = storeUnderTest(open);
    describeRuns(subject);
    describeCommits(subject);
    describeAtomicity(subject);
    describeQueries(subject);
  });
}
