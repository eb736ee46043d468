export { openSqliteStore, schemaVersion as sqliteSchemaVersion } from "./sqlite/index.js";
export type { SqliteStoreOptions, Synchronous } from "./sqlite/index.js";
