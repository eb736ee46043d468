import { afterEach, beforeEach } from "vitest";
import type { Store } from "../model/index.js";

/** What an implementation's test gives the suite: a fresh, empty store per test. */
export interface OpenedStore {
  store: Store;
  /** Opens another Store on the same storage (same file, same database); the suite closes the old one first. */
  reopen: () => Promise<Store>;
  /** Removes the storage; called after every store the test opened is closed. */
  cleanup: () => Promise<void>;
}

/** The store a test is working with; `reopen` closes it and opens the same storage again. */
export interface StoreUnderTest {
  readonly store: Store;
  reopen(): Promise<Store>;
}

/** Registers the per-test open/cleanup hooks of the enclosing describe block. */
export function storeUnderTest(open: () => Promise<OpenedStore>): StoreUnderTest {
  let opened: OpenedStore | undefined;
  let current: Store | undefined;
  const closers: Array<() => Promise<void>> = [];

  // Closing goes through here so a failing test still releases its connections, without asking
  // implementations to tolerate a second close().
  function track(store: Store): Store {
    let closed = false;
    const close = async (): Promise<void> => {
      if (closed) return;
      closed = true;
      await store.close();
    };
    closers.push(close);
    return {
      createRun: (run) => store.createRun(run),
      getRun: (id) => store.getRun(id),
      listRuns: (filter) => store.listRuns(filter),
      claimRun: (id, owner) => store.claimRun(id, owner),
      loadObjects: (run) => store.loadObjects(run),
      deleteRun: (id) => store.deleteRun(id),
      commit: (batch) => store.commit(batch),
      listEvents: (run) => store.listEvents(run),
      listObjects: (filter) => store.listObjects(filter),
      readEvents: (options) => store.readEvents(options),
      close,
    };
  }

  beforeEach(async () => {
    opened = await open();
    current = track(opened.store);
  });

  afterEach(async () => {
    for (const close of closers.splice(0)) await close();
    await opened?.cleanup();
    opened = undefined;
    current = undefined;
  });

  return {
    get store(): Store {
      if (!current) throw new Error("describeStore: no store is open");
      return current;
    },
    async reopen(): Promise<Store> {
      if (!opened) throw new Error("describeStore: no store is open");
      await current?.close();
      current = track(await opened.reopen());
      return current;
    },
  };
}
