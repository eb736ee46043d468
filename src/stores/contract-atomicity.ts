import { describe, expect, it } from "vitest";
import type { CommitBatch, Store } from "../model/index.js";
import type { StoreUnderTest } from "./contract-subject.js";
import { aBatch, anEvent, aPod, aRun, byUid, cyclic } from "./contract-fixtures.js";

export function describeAtomicity(subject: StoreUnderTest): void {
  async function snapshot(store: Store, run: string) {
    return { run: await store.getRun(run), objects: byUid(await store.loadObjects(run)), events: await store.listEvents(run) };
  }

  describe("atomicity", () => {
    // Each batch is valid up to one bad part, placed late so that earlier parts were already attempted.
    const invalid: Array<[string, (run: string) => CommitBatch]> = [
      ["a BigInt in a body", (run) => aBatch(run, { put: [aPod("new"), aPod("bad", { body: { size: 10n } })] })],
      ["a cyclic body", (run) => aBatch(run, { put: [aPod("new"), aPod("bad", { body: cyclic() })] })],
      ["an undefined body", (run) => aBatch(run, { put: [aPod("new"), aPod("bad", { body: undefined })] })],
      ["a BigInt in an event", (run) => aBatch(run, { put: [aPod("new")], events: [anEvent("Ok"), { ...anEvent("Bad"), message: 1n as unknown as string }] })],
    ];

    it.each(invalid)("a batch with %s throws and writes nothing of it", async (_, makeBatch) => {
      const run = aRun();
      await subject.store.createRun(run);
      await subject.store.commit(aBatch(run.id, { put: [aPod("kept"), aPod("old")], events: [anEvent("Created")] }));
      const before = await snapshot(subject.store, run.id);

      const bad = makeBatch(run.id);
      bad.remove = ["kept"];
      bad.runPhase = { phase: "Succeeded", finishedAt: "2025-03-01T11:00:00.000Z" };
      bad.put.unshift(aPod("old", { body: { overwritten: true } }));
      await expect(subject.store.commit(bad)).rejects.toThrow();

      expect(await snapshot(subject.store, run.id)).toStrictEqual(before);
      // The failed commit left the store usable.
      await subject.store.commit(aBatch(run.id, { put: [aPod("after")] }));
      expect((await subject.store.loadObjects(run.id)).map((o) => o.uid).sort()).toStrictEqual(["after", "kept", "old"]);
    });

    it("a commit to an unknown run throws and writes nothing", async () => {
      await expect(subject.store.commit(aBatch("run-missing", { put: [aPod("a")], events: [anEvent("Created")] }))).rejects.toThrow();
      await expect(subject.store.commit(aBatch("run-missing", { runPhase: { phase: "Failed" } }))).rejects.toThrow();
      expect(await subject.store.loadObjects("run-missing")).toStrictEqual([]);
      expect(await subject.store.listEvents("run-missing")).toStrictEqual([]);
      expect(await subject.store.getRun("run-missing")).toBeUndefined();
    });
  });

  describe("durability", () => {
    it("everything committed is there after the store is closed and opened again", async () => {
      const one = aRun({ createdAt: "2025-03-01T10:00:00.000Z" });
      const two = aRun({ createdAt: "2025-03-01T11:00:00.000Z" });
      await subject.store.createRun(one);
      await subject.store.createRun(two);
      const owner = { pid: 7, startedAt: "2025-03-01T12:00:00.000Z" };
      await subject.store.claimRun(one.id, owner);
      await subject.store.commit(aBatch(one.id, { put: [aPod("a"), aPod("b"), aPod("c")], events: [anEvent("Created")] }));
      await subject.store.commit(aBatch(one.id, { put: [aPod("b", { body: { v: 2 } })], remove: ["c"], events: [anEvent("Started")] }));
      await subject.store.commit(aBatch(two.id, { runPhase: { phase: "Failed", finishedAt: "2025-03-01T11:30:00.000Z" } }));
      const before = [await snapshot(subject.store, one.id), await snapshot(subject.store, two.id)];

      const reopened = await subject.reopen();
      expect([await snapshot(reopened, one.id), await snapshot(reopened, two.id)]).toStrictEqual(before);
      expect(before[0]?.objects.map((o) => o.uid)).toStrictEqual(["a", "b"]);
      expect(await reopened.listRuns()).toStrictEqual([{ ...one, owner }]);

      // And the reopened store keeps working.
      await reopened.commit(aBatch(one.id, { put: [aPod("d")] }));
      expect(await reopened.loadObjects(one.id)).toHaveLength(3);
    });
  });
}
