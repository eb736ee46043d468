import { describe, expect, it } from "vitest";
import type { StoreUnderTest } from "./contract-subject.js";
import { aBatch, anEvent, aPod, aRun, byUid } from "./contract-fixtures.js";

export function describeCommits(subject: StoreUnderTest): void {
  async function createdRun(): Promise<string> {
    const run = aRun();
    await subject.store.createRun(run);
    return run.id;
  }

  describe("objects", () => {
    it("returns the bodies a commit put, deep-equal", async () => {
      const run = await createdRun();
      const objects = [aPod("a"), aPod("b", { kind: "Job", namespace: "batch", name: "primes" })];
      await subject.store.commit(aBatch(run, { put: objects }));
      expect(byUid(await subject.store.loadObjects(run))).toStrictEqual(objects);
    });

    it("keeps any JSON value as a body", async () => {
      const run = await createdRun();
      const bodies = [null, 0, "text", true, [], {}, [[1, [2, [3]]], { a: [{ b: null }] }], { "": "empty key", "ü\n": "\u0000" }];
      const objects = bodies.map((body, i) => aPod(`uid-${i}`, { body }));
      await subject.store.commit(aBatch(run, { put: objects }));
      expect(byUid(await subject.store.loadObjects(run))).toStrictEqual(byUid(objects));
    });

    it("a later put of the same uid replaces the whole object", async () => {
      const run = await createdRun();
      await subject.store.commit(aBatch(run, { put: [aPod("a"), aPod("b")] }));
      const replaced = aPod("a", { kind: "Job", name: "renamed", body: { status: { succeeded: 1 } } });
      await subject.store.commit(aBatch(run, { put: [replaced] }));
      expect(byUid(await subject.store.loadObjects(run))).toStrictEqual([replaced, aPod("b")]);
    });

    it("within one batch, the last put of a uid wins", async () => {
      const run = await createdRun();
      const last = aPod("a", { body: { generation: 2 } });
      await subject.store.commit(aBatch(run, { put: [aPod("a", { body: { generation: 1 } }), last] }));
      expect(await subject.store.loadObjects(run)).toStrictEqual([last]);
    });

    it("remove deletes objects; removing an unknown uid is harmless", async () => {
      const run = await createdRun();
      await subject.store.commit(aBatch(run, { put: [aPod("a"), aPod("b"), aPod("c")] }));
      await subject.store.commit(aBatch(run, { remove: ["a", "c", "never-existed"] }));
      expect(await subject.store.loadObjects(run)).toStrictEqual([aPod("b")]);
    });

    it("a commit returns the last stored state of each object it removed", async () => {
      const run = await createdRun();
      await subject.store.commit(aBatch(run, { put: [aPod("a"), aPod("b")] }));
      const last = aPod("a", { body: { phase: "Succeeded" } });
      await subject.store.commit(aBatch(run, { put: [last] }));
      expect((await subject.store.commit(aBatch(run, { remove: ["a", "never-existed"] }))).removed).toStrictEqual([last]);
      expect((await subject.store.commit(aBatch(run, { put: [aPod("c")] }))).removed).toBeUndefined();
    });

    it("an object put and removed in the same batch ends up absent", async () => {
      const run = await createdRun();
      await subject.store.commit(aBatch(run, { put: [aPod("a"), aPod("b")], remove: ["a"] }));
      expect(await subject.store.loadObjects(run)).toStrictEqual([aPod("b")]);
    });

    it("a removed uid can be put again", async () => {
      const run = await createdRun();
      await subject.store.commit(aBatch(run, { put: [aPod("a")] }));
      await subject.store.commit(aBatch(run, { remove: ["a"] }));
      expect(await subject.store.loadObjects(run)).toStrictEqual([]);
      const again = aPod("a", { body: { reborn: true } });
      await subject.store.commit(aBatch(run, { put: [again] }));
      expect(await subject.store.loadObjects(run)).toStrictEqual([again]);
    });

    it("keeps each run's objects apart, even under the same uid", async () => {
      const one = await createdRun();
      const two = await createdRun();
      await subject.store.commit(aBatch(one, { put: [aPod("shared", { body: { run: 1 } }), aPod("only-one")] }));
      await subject.store.commit(aBatch(two, { put: [aPod("shared", { body: { run: 2 } })] }));
      await subject.store.commit(aBatch(two, { remove: ["only-one"] }));

      expect(byUid(await subject.store.loadObjects(one))).toStrictEqual([aPod("only-one"), aPod("shared", { body: { run: 1 } })]);
      expect(await subject.store.loadObjects(two)).toStrictEqual([aPod("shared", { body: { run: 2 } })]);
      expect(await subject.store.loadObjects("run-missing")).toStrictEqual([]);
    });

    it("takes 10,000 objects in one commit", async () => {
      const run = await createdRun();
      const objects = Array.from({ length: 10_000 }, (_, i) => aPod(`pod-${String(i).padStart(5, "0")}`));
      await subject.store.commit(aBatch(run, { put: objects, events: [anEvent("Created")] }));
      const loaded = byUid(await subject.store.loadObjects(run));
      expect(loaded).toHaveLength(10_000);
      expect(loaded).toStrictEqual(objects);
    });

    it("accepts an empty batch", async () => {
      const run = await createdRun();
      await subject.store.commit(aBatch(run));
      expect(await subject.store.loadObjects(run)).toStrictEqual([]);
      expect(await subject.store.listEvents(run)).toStrictEqual([]);
    });
  });

  describe("events", () => {
    it("lists a run's events in the order they were committed", async () => {
      const run = await createdRun();
      const events = ["Created", "Scheduled", "Started", "Failed", "Completed"].map((reason) => anEvent(reason));
      await subject.store.commit(aBatch(run, { events: events.slice(0, 2) }));
      await subject.store.commit(aBatch(run, { events: events.slice(2, 3) }));
      await subject.store.commit(aBatch(run, { events: events.slice(3) }));
      expect(await subject.store.listEvents(run)).toStrictEqual(events);
    });

    it("lists only the events of the run asked for", async () => {
      const one = await createdRun();
      const two = await createdRun();
      await subject.store.commit(aBatch(one, { events: [anEvent("Created", "one")] }));
      await subject.store.commit(aBatch(two, { events: [anEvent("Created", "two")] }));
      await subject.store.commit(aBatch(one, { events: [anEvent("Completed", "one")] }));

      expect(await subject.store.listEvents(one)).toStrictEqual([anEvent("Created", "one"), anEvent("Completed", "one")]);
      expect(await subject.store.listEvents(two)).toStrictEqual([anEvent("Created", "two")]);
      expect(await subject.store.listEvents("run-missing")).toStrictEqual([]);
    });
  });
}
