export { openEmbeddedQueues } from "./embedded/index.js";
// The Redis backend is imported from ./redis/index.js where it is wanted (app/queues.ts loads it
// on demand): exporting it here would load the Redis client into every `baton` command.
