import { queueScript } from "./common.js";

export const PUSH = queueScript("push", `
--[[ push: adds a slice of a batch of items.
  KEYS   the queue's keys (keys.ts, QUEUE_KEYS order); writes meta.seq, ready, delayed, data, info
  ARGV   [1] now (ms)  [2] largest item of the whole batch, in bytes  [3] items in this slice (n)
         then n times: data, priority, delay (ms; 0 = ready now)
  Returns the id of the slice's first item (the rest follow it, one by one), or
          NOT_FOUND (no such queue), TOO_LARGE (the batch holds an item over maxItemBytes)
  A batch too big for one call is sent as several slices in one MULTI: each slice checks the whole
  batch's largest item against the same queue, so either every slice is added or none is. ]]
local now, largest, n = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3])
local max_bytes = redis.call('HGET', meta, 'maxItemBytes')
if not max_bytes then return NOT_FOUND end
if largest > tonumber(max_bytes) then return TOO_LARGE end
local last = redis.call('HINCRBY', meta, 'seq', n)
local first = last - n + 1
local datas, records, now_ready, later = {}, {}, {}, {}
for i = 1, n do
  local at = 3 + (i - 1) * 3
  local member = string.format('%015d', first + i - 1)
  local priority, delay = ARGV[at + 2], tonumber(ARGV[at + 3])
  datas[#datas + 1] = member; datas[#datas + 1] = ARGV[at + 1]
  records[#records + 1] = member; records[#records + 1] = record(priority, now, 0, 0)
  if delay > 0 then
    later[#later + 1] = now + delay; later[#later + 1] = member
  else
    now_ready[#now_ready + 1] = score_of(priority); now_ready[#now_ready + 1] = member
  end
end
call_sliced('HSET', data, datas)
call_sliced('HSET', info, records)
if #now_ready > 0 then call_sliced('ZADD', ready, now_ready) end
if #later > 0 then call_sliced('ZADD', delayed, later) end
return first
`);
