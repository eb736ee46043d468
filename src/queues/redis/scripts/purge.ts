import { queueScript } from "./common.js";

export const PURGE = queueScript("purge", `
--[[ purge: removes every item (ready, delayed, leased, dead) and resets done and the ack rate.
  Item ids and lease tokens keep counting, so no old id or lease names a new item.
  KEYS   the queue's keys (keys.ts, QUEUE_KEYS order); unlinks all but meta; writes meta.done
  ARGV   none
  Returns 1, or NOT_FOUND ]]
if redis.call('EXISTS', meta) == 0 then return NOT_FOUND end
redis.call('UNLINK', ready, delayed, leased, dead, data, info, deaths, acks)
redis.call('HSET', meta, 'done', 0)
return 1
`);
