import type { Database } from "better-sqlite3";

/**
 * The embedded queue's tables, in the store's file but apart from the store's schema (which owns
 * PRAGMA user_version). Created if missing, in one transaction, so two processes opening a new
 * file at once do not race.
 */
export function ensureQueueSchema(db: Database): void {
  db.transaction(() => {
    db.exec(`
      CREATE TABLE IF NOT EXISTS wq_queues (
        name           TEXT PRIMARY KEY,
        max_attempts   INTEGER NOT NULL,
        max_item_bytes INTEGER NOT NULL,
        done           INTEGER NOT NULL DEFAULT 0,
        seq            INTEGER NOT NULL DEFAULT 0
      );
      -- state: 'ready' (leasable from ready_at on), 'leased' (until lease_expires) or 'dead'.
      CREATE TABLE IF NOT EXISTS wq_items (
        queue         TEXT NOT NULL REFERENCES wq_queues (name) ON DELETE CASCADE,
        seq           INTEGER NOT NULL,
        data          BLOB NOT NULL,
        priority      INTEGER NOT NULL,
        state         TEXT NOT NULL,
        ready_at      INTEGER NOT NULL,
        attempts      INTEGER NOT NULL,
        pushed_at     INTEGER NOT NULL,
        lease_id      TEXT,
        lease_expires INTEGER,
        reason        TEXT,
        died_at       INTEGER,
        PRIMARY KEY (queue, seq)
      );
      CREATE INDEX IF NOT EXISTS wq_by_order ON wq_items (queue, state, priority DESC, seq);
      CREATE INDEX IF NOT EXISTS wq_by_expiry ON wq_items (queue, state, lease_expires);
      CREATE UNIQUE INDEX IF NOT EXISTS wq_by_lease ON wq_items (lease_id) WHERE lease_id IS NOT NULL;
      -- Acks per second, for the rate over the last minute; older seconds are pruned as acks come.
      CREATE TABLE IF NOT EXISTS wq_acks (
        queue  TEXT NOT NULL REFERENCES wq_queues (name) ON DELETE CASCADE,
        second INTEGER NOT NULL,
        count  INTEGER NOT NULL,
        PRIMARY KEY (queue, second)
      );
    `);
  }).immediate();
}
