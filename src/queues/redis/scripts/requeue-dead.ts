import { queueScript } from "./common.js";

export const REQUEUE_DEAD = queueScript("requeue-dead", `
--[[ requeue-dead: dead letters (all, or those named) go back to the queue, ready now, with
  their attempts reset to 0.
  KEYS   the queue's keys (keys.ts, QUEUE_KEYS order); writes dead, deaths, info, ready
  ARGV   [1] "all" or "some"  then, for "some", the members to requeue
  Returns how many went back (members that are not dead letters are skipped), or NOT_FOUND ]]
if redis.call('EXISTS', meta) == 0 then return NOT_FOUND end
local members = {}
if ARGV[1] == 'all' then
  members = redis.call('ZRANGE', dead, 0, -1)
else
  for i = 2, #ARGV do
    if redis.call('ZSCORE', dead, ARGV[i]) then members[#members + 1] = ARGV[i] end
  end
end
if #members == 0 then return 0 end
local records, new_records, back = hmget(info, members), {}, {}
for i = 1, #members do
  local priority, pushed_at = parse(records[i])
  new_records[#new_records + 1] = members[i]; new_records[#new_records + 1] = record(priority, pushed_at, 0, 0)
  back[#back + 1] = score_of(priority); back[#back + 1] = members[i]
end
call_sliced('HSET', info, new_records)
call_sliced('ZADD', ready, back)
call_sliced('ZREM', dead, members)
call_sliced('HDEL', deaths, members)
return #members
`);
