export { startServer, ServerOwnedError, type ServerOptions, type RunningServer } from "./server.js";
export { runningServer, ensureToken, readServerRecord, tokenPath, type ServerRecord } from "./home-files.js";
export { createApi } from "./api.js";
export { DEFAULT_RETENTION, type RetentionLimits, type SweepReport } from "./retention.js";
