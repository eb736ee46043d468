import { describeQueueBackend } from "../contract.js";
import { openRedisQueues } from "./redis-backend.js";
import { dropPrefix, REDIS_URL, uniquePrefix } from "./fixtures/redis-test-server.js";

describeQueueBackend("redis", async () => {
  const prefix = uniquePrefix("contract");
  return { backend: await openRedisQueues({ url: REDIS_URL, prefix }), cleanup: () => dropPrefix(prefix) };
});
