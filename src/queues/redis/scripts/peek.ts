import { PRELUDE, SETTLE, queueScript } from "./common.js";

export const PEEK = queueScript("peek", `
--[[ peek: settles the queue at now, then reads the first count ready items in lease order,
  leasing nothing.
  KEYS   the queue's keys (keys.ts, QUEUE_KEYS order); writes only what settle moves
  ARGV   [1] now (ms)  [2] count
  Returns {per item: member, data, priority, attempts}, or NOT_FOUND ]]
local now, count = ARGV[1], tonumber(ARGV[2])
if redis.call('EXISTS', meta) == 0 then return NOT_FOUND end
settle(now)
if count < 1 then return {} end
local members = redis.call('ZRANGE', ready, 0, count - 1)
local records, datas, out = hmget(info, members), hmget(data, members), {}
for i = 1, #members do
  local priority, _, attempts = parse(records[i])
  out[#out + 1] = members[i]; out[#out + 1] = datas[i]; out[#out + 1] = priority; out[#out + 1] = attempts
end
return out
`, [PRELUDE, SETTLE]);
