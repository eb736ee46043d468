import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describeQueueBackend } from "../contract.js";
import { openEmbeddedQueues } from "./embedded-backend.js";

describeQueueBackend("embedded (SQLite file)", async () => {
  const dir = mkdtempSync(join(tmpdir(), "baton-queue-"));
  return { backend: openEmbeddedQueues(join(dir, "baton.db")), cleanup: async () => rmSync(dir, { recursive: true, force: true }) };
});
