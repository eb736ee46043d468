export { openEmbeddedQueues } from "./embedded/index.js";
export { openRedisQueues, retryUnavailable, type RedisQueues, type RedisQueuesOptions } from "./redis/index.js";
