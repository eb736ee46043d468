import { describe, expect, it } from "vitest";
import type { StoreUnderTest } from "./contract-subject.js";
import { aBatch, aRun } from "./contract-fixtures.js";

export function describeRuns(subject: StoreUnderTest): void {
  describe("runs", () => {
    it("returns a created run as it was written", async () => {
      const running = aRun();
      const finished = aRun({ phase: "Failed", finishedAt: "2025-03-01T10:05:00.000Z", sources: [] });
      await subject.store.createRun(running);
      await subject.store.createRun(finished);

      expect(await subject.store.getRun(running.id)).toStrictEqual(running);
      expect(await subject.store.getRun(finished.id)).toStrictEqual(finished);
    });

    it("returns undefined for a run it does not have", async () => {
      expect(await subject.store.getRun("run-missing")).toBeUndefined();
    });

    it("refuses a second run with the same id and keeps the first", async () => {
      const run = aRun();
      await subject.store.createRun(run);
      await expect(subject.store.createRun({ ...run, digest: "sha256:other" })).rejects.toThrow();
      expect(await subject.store.getRun(run.id)).toStrictEqual(run);
    });

    it("lists runs by phase, newest first; without a phase, the Running ones", async () => {
      const old = aRun({ createdAt: "2025-03-01T10:00:00.000Z" });
      const newer = aRun({ createdAt: "2025-03-01T11:00:00.000Z" });
      const done = aRun({ phase: "Succeeded", createdAt: "2025-03-01T12:00:00.000Z", finishedAt: "2025-03-01T12:01:00.000Z" });
      for (const run of [newer, done, old]) await subject.store.createRun(run);

      expect(await subject.store.listRuns({ phase: "Running" })).toStrictEqual([newer, old]);
      expect(await subject.store.listRuns()).toStrictEqual([newer, old]);
      expect(await subject.store.listRuns({ phase: "Succeeded" })).toStrictEqual([done]);
      expect(await subject.store.listRuns({ phase: "Stopped" })).toStrictEqual([]);
    });

    it("lists runs by digest, newest first, within the phase asked for", async () => {
      const first = aRun({ digest: "sha256:aaa", createdAt: "2025-03-01T10:00:00.000Z" });
      const second = aRun({ digest: "sha256:aaa", createdAt: "2025-03-02T10:00:00.000Z" });
      const other = aRun({ digest: "sha256:bbb", createdAt: "2025-03-03T10:00:00.000Z" });
      const stopped = aRun({ digest: "sha256:aaa", phase: "Stopped", createdAt: "2025-03-04T10:00:00.000Z" });
      for (const run of [first, other, stopped, second]) await subject.store.createRun(run);

      expect(await subject.store.listRuns({ digest: "sha256:aaa" })).toStrictEqual([second, first]);
      expect(await subject.store.listRuns({ digest: "sha256:aaa", phase: "Stopped" })).toStrictEqual([stopped]);
      expect(await subject.store.listRuns({ digest: "sha256:none" })).toStrictEqual([]);
    });

    it("orders runs created in the same instant by creation, the later first", async () => {
      const runs = [aRun(), aRun(), aRun()];
      for (const run of runs) await subject.store.createRun(run);
      expect(await subject.store.listRuns()).toStrictEqual([...runs].reverse());
    });

    it("claimRun records the new owner and changes nothing else", async () => {
      const run = aRun();
      await subject.store.createRun(run);
      const owner = { pid: 9001, startedAt: "2025-03-01T13:00:00.000Z" };
      await subject.store.claimRun(run.id, owner);
      expect(await subject.store.getRun(run.id)).toStrictEqual({ ...run, owner });
    });

    it("claimRun of an unknown run throws", async () => {
      await expect(subject.store.claimRun("run-missing", { pid: 1, startedAt: "2025-03-01T13:00:00.000Z" })).rejects.toThrow();
    });

    it("a commit's runPhase sets phase and finishedAt, and clearing finishedAt resumes", async () => {
      const run = aRun();
      await subject.store.createRun(run);
      const finishedAt = "2025-03-01T10:30:00.000Z";
      await subject.store.commit(aBatch(run.id, { runPhase: { phase: "Succeeded", finishedAt } }));

      expect(await subject.store.getRun(run.id)).toStrictEqual({ ...run, phase: "Succeeded", finishedAt });
      expect(await subject.store.listRuns()).toStrictEqual([]);
      expect(await subject.store.listRuns({ phase: "Succeeded" })).toStrictEqual([{ ...run, phase: "Succeeded", finishedAt }]);

      await subject.store.commit(aBatch(run.id, { runPhase: { phase: "Running" } }));
      expect(await subject.store.getRun(run.id)).toStrictEqual(run);
    });
  });
}
