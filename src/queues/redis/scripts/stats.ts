import { PRELUDE, SETTLE, queueScript } from "./common.js";

export const STATS = queueScript("stats", `
--[[ stats: settles the queue at now, then counts it.
  KEYS   the queue's keys (keys.ts, QUEUE_KEYS order); writes what settle moves, and drops acks
         older than a minute
  ARGV   [1] now (ms)
  Returns {ready, delayed, leased, dead, done, acks in the last 60 seconds, maxAttempts,
          maxItemBytes}, or NOT_FOUND ]]
local now = ARGV[1]
local options = redis.call('HMGET', meta, 'maxAttempts', 'maxItemBytes', 'done')
if not options[1] then return NOT_FOUND end
settle(now)
local second, recent = math.floor(tonumber(now) / 1000), 0
local seconds = redis.call('HGETALL', acks)
for i = 1, #seconds, 2 do
  if tonumber(seconds[i]) > second - 60 then
    recent = recent + tonumber(seconds[i + 1])
  else
    redis.call('HDEL', acks, seconds[i])
  end
end
return {redis.call('ZCARD', ready), redis.call('ZCARD', delayed), redis.call('ZCARD', leased),
  redis.call('ZCARD', dead), tonumber(options[3] or 0), recent, tonumber(options[1]), tonumber(options[2])}
`, [PRELUDE, SETTLE]);
