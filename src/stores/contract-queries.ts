import { describe, expect, it } from "vitest";
import type { StoreUnderTest } from "./contract-subject.js";
import { aBatch, anEvent, aPod, aRun } from "./contract-fixtures.js";

/** What `baton get` and the event stream ask of a store: objects across runs, events by id. */
export function describeQueries(subject: StoreUnderTest): void {
  async function createdRun(id: string): Promise<string> {
    await subject.store.createRun(aRun({ id }));
    return id;
  }

  describe("queries", () => {
    it("lists objects by kind, namespace and name across runs, and within chosen runs", async () => {
      const one = await createdRun("run-1");
      const two = await createdRun("run-2");
      await subject.store.commit(aBatch(one, { put: [aPod("a", { kind: "Job", namespace: "default", name: "primes" }), aPod("b", { name: "p-1" })] }));
      await subject.store.commit(aBatch(two, { put: [aPod("c", { kind: "Job", namespace: "batch", name: "etl" })] }));
      const names = (rows: { run: string; name: string }[]) => rows.map((r) => `${r.run}/${r.name}`);
      expect(names(await subject.store.listObjects({ kind: "Job" }))).toEqual(["run-2/etl", "run-1/primes"]);
      expect(names(await subject.store.listObjects({ kind: "Job", namespace: "default" }))).toEqual(["run-1/primes"]);
      expect(names(await subject.store.listObjects({ kind: "Job", name: "etl" }))).toEqual(["run-2/etl"]);
      expect(names(await subject.store.listObjects({ kind: "Job", runs: [one] }))).toEqual(["run-1/primes"]);
      expect(await subject.store.listObjects({ runs: [] })).toEqual([]);
    });

    it("deleting a run deletes its objects and events, and no other run's", async () => {
      const one = await createdRun("run-1");
      const two = await createdRun("run-2");
      await subject.store.commit(aBatch(one, { put: [aPod("a")], events: [anEvent("A")] }));
      await subject.store.commit(aBatch(two, { put: [aPod("b")], events: [anEvent("B")] }));
      await subject.store.deleteRun(one);
      expect(await subject.store.getRun(one)).toBeUndefined();
      expect((await subject.store.listObjects({})).map((o) => o.uid)).toEqual(["b"]);
      expect((await subject.store.readEvents({ after: 0, limit: 10 })).map((e) => e.event.reason)).toEqual(["B"]);
    });

    it("numbers events in commit order; a reader resumes after the last id it saw", async () => {
      const run = await createdRun("run-1");
      const first = await subject.store.commit(aBatch(run, { events: [anEvent("A"), anEvent("B")] }));
      const none = await subject.store.commit(aBatch(run, {}));
      const second = await subject.store.commit(aBatch(run, { events: [anEvent("C")] }));
      expect(none.lastEventId).toBeUndefined();
      expect(second.lastEventId).toBe(first.lastEventId! + 1);
      const all = await subject.store.readEvents({ after: 0, limit: 10 });
      expect(all.map((e) => e.event.reason)).toEqual(["A", "B", "C"]);
      expect(all.at(-1)!.id).toBe(second.lastEventId);
      const rest = await subject.store.readEvents({ after: all[0]!.id, limit: 1, run });
      expect(rest.map((e) => e.event.reason)).toEqual(["B"]);
    });
  });
}
