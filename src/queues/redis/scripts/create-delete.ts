import { queueScript } from "./common.js";

export const CREATE = queueScript("create", `
--[[ create: a new, empty queue with its options, listed in the registry of names.
  KEYS   the queue's keys (keys.ts, QUEUE_KEYS order), then [10] the registry of names (a set,
         outside the queue's slot)
  ARGV   [1] name  [2] maxAttempts  [3] maxItemBytes  [4] the first lease token - 1
  Returns 1, or ALREADY_EXISTS ]]
if redis.call('EXISTS', meta) == 1 then return ALREADY_EXISTS end
redis.call('HSET', meta, 'maxAttempts', ARGV[2], 'maxItemBytes', ARGV[3], 'done', 0, 'seq', 0, 'leases', ARGV[4])
redis.call('SADD', KEYS[10], ARGV[1])
return 1
`);

export const DELETE = queueScript("delete", `
--[[ delete: the queue, every item of it, and its name in the registry.
  KEYS   the queue's keys (keys.ts, QUEUE_KEYS order), then [10] the registry of names
  ARGV   [1] name
  Returns 1, or NOT_FOUND ]]
if redis.call('EXISTS', meta) == 0 then return NOT_FOUND end
redis.call('UNLINK', meta, ready, delayed, leased, dead, data, info, deaths, acks)
redis.call('SREM', KEYS[10], ARGV[1])
return 1
`);
