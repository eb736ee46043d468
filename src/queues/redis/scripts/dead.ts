import { queueScript } from "./common.js";

export const DEAD = queueScript("dead", `
--[[ dead: reads the first count dead letters, oldest death first.
  KEYS   the queue's keys (keys.ts, QUEUE_KEYS order); reads dead, data, info, deaths
  ARGV   [1] count
  Returns {per item: member, data, priority, attempts, reason, diedAt}, or NOT_FOUND ]]
local count = tonumber(ARGV[1])
if redis.call('EXISTS', meta) == 0 then return NOT_FOUND end
if count < 1 then return {} end
local entries = redis.call('ZRANGE', dead, 0, count - 1, 'WITHSCORES')
local members = {}
for i = 1, #entries, 2 do members[#members + 1] = entries[i] end
local records, datas, reasons, out = hmget(info, members), hmget(data, members), hmget(deaths, members), {}
for i = 1, #members do
  local priority, _, attempts = parse(records[i])
  out[#out + 1] = members[i]; out[#out + 1] = datas[i]; out[#out + 1] = priority
  out[#out + 1] = attempts; out[#out + 1] = reasons[i]; out[#out + 1] = entries[2 * i]
end
return out
`);
