import { PRELUDE, queueScript } from "./common.js";
import { HELD } from "./held-lease.js";

export const NACK = queueScript("nack", `
--[[ nack: the item of a held lease goes back to the queue, at once or after a delay; or to the
  dead letters when its attempts (this lease counted) reached maxAttempts.
  KEYS   the queue's keys (keys.ts, QUEUE_KEYS order); writes leased, ready, delayed, dead, deaths
  ARGV   [1] member  [2] token  [3] now (ms)  [4] delay (ms; 0 = ready now)
  Returns 1 (back in the queue), 2 (dead), or NOT_FOUND, LEASE_LOST ]]
local member, token, now, delay = ARGV[1], ARGV[2], ARGV[3], tonumber(ARGV[4])
local item, code = held(member, token, now)
if code then return code end
redis.call('ZREM', leased, member)
local max_attempts = tonumber(redis.call('HGET', meta, 'maxAttempts'))
if item.attempts >= max_attempts then
  bury({member}, now, 'max attempts (' .. max_attempts .. ') reached: the last lease was nacked')
  return 2
end
if delay > 0 then
  redis.call('ZADD', delayed, tonumber(now) + delay, member)
else
  redis.call('ZADD', ready, score_of(item.priority), member)
end
return 1
`, [PRELUDE, HELD]);
