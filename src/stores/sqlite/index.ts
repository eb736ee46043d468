export { openSqliteStore } from "./sqlite-store.js";
export type { SqliteStoreOptions, Synchronous } from "./open-database.js";
export { schemaVersion } from "./schema.js";
