import { PRELUDE, SETTLE, queueScript } from "./common.js";

/**
 * lease(now, count, lease_ms): settles the queue at now, then leases up to count ready items, best
 * priority first. The reply of the lease script (below).
 */
export const LEASE_FN = `
local function lease(now, count, lease_ms)
  settle(now)
  local popped = redis.call('ZPOPMIN', ready, count)
  if #popped == 0 then
    if redis.call('EXISTS', meta) == 0 then return NOT_FOUND end
    if redis.call('ZCARD', delayed) + redis.call('ZCARD', leased) == 0 then return {1} end
    return {0}
  end
  local members = {}
  for i = 1, #popped, 2 do members[#members + 1] = popped[i] end
  local n = #members
  local records, datas = hmget(info, members), hmget(data, members)
  local last_token = redis.call('HINCRBY', meta, 'leases', n)
  local expires_at = now + lease_ms
  local out, new_records, held = {0, expires_at}, {}, {}
  for i = 1, n do
    local priority, pushed_at, attempts = parse(records[i])
    local token = last_token - n + i
    attempts = attempts + 1
    new_records[#new_records + 1] = members[i]
    new_records[#new_records + 1] = record(priority, pushed_at, attempts, token)
    held[#held + 1] = expires_at; held[#held + 1] = members[i]
    out[#out + 1] = members[i]; out[#out + 1] = datas[i]; out[#out + 1] = priority
    out[#out + 1] = attempts; out[#out + 1] = pushed_at; out[#out + 1] = token
  end
  call_sliced('HSET', info, new_records)
  call_sliced('ZADD', leased, held)
  return out
end
`;

export const LEASE = queueScript("lease", `
--[[ lease: settles the queue at now, then leases up to count ready items, best priority first.
  KEYS   the queue's keys (keys.ts, QUEUE_KEYS order); writes ready, delayed, leased, dead, deaths,
         info (attempts and token), meta.leases
  ARGV   [1] now (ms)  [2] count  [3] lease length (ms)
  Returns {drained} when nothing is ready: 1 if nothing is delayed or leased either, else 0;
          {0, expiresAt, then per item: member, data, priority, attempts, pushedAt, token};
          or NOT_FOUND ]]
return lease(ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3]))
`, [PRELUDE, SETTLE, LEASE_FN]);
