export { openRedisQueues, RedisQueues, type RedisQueuesOptions } from "./redis-backend.js";
export { RedisConnection, type RedisConnectionEvent, type RedisConnectionOptions } from "./connection.js";
export { retryUnavailable, type RetryOptions } from "./retry.js";
