import { PRELUDE, queueScript } from "./common.js";
import { HELD } from "./held-lease.js";

/**
 * ack(member, token, now): the item of a held lease is done: removed for good, counted in done and
 * in this second's acks (seconds older than a minute are dropped whenever a new second begins).
 */
export const ACK_FN = `
local function ack(member, token, now)
  local _, code = held(member, token, now)
  if code then return code end
  redis.call('ZREM', leased, member)
  redis.call('HDEL', data, member)
  redis.call('HDEL', info, member)
  redis.call('HINCRBY', meta, 'done', 1)
  local second = math.floor(tonumber(now) / 1000)
  if redis.call('HINCRBY', acks, second, 1) == 1 then
    local seconds = redis.call('HKEYS', acks)
    for i = 1, #seconds do
      if tonumber(seconds[i]) <= second - 60 then redis.call('HDEL', acks, seconds[i]) end
    end
  end
  return 1
end
`;

export const ACK = queueScript("ack", `
--[[ ack: the item of a held lease is done (ACK_FN above).
  KEYS   the queue's keys (keys.ts, QUEUE_KEYS order); writes leased, data, info, meta.done, acks
  ARGV   [1] member  [2] token  [3] now (ms)
  Returns 1, or NOT_FOUND, LEASE_LOST (expired, acked, nacked or never given) ]]
return ack(ARGV[1], ARGV[2], ARGV[3])
`, [PRELUDE, HELD, ACK_FN]);
