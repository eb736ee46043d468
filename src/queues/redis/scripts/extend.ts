import { PRELUDE, queueScript } from "./common.js";
import { HELD } from "./held-lease.js";

export const EXTEND = queueScript("extend", `
--[[ extend: a held lease now ends lease-length ms after now.
  KEYS   the queue's keys (keys.ts, QUEUE_KEYS order); writes leased
  ARGV   [1] member  [2] token  [3] now (ms)  [4] lease length (ms)
  Returns the new expiresAt (ms), or NOT_FOUND, LEASE_LOST ]]
local member, token, now, lease_ms = ARGV[1], ARGV[2], ARGV[3], tonumber(ARGV[4])
local _, code = held(member, token, now)
if code then return code end
local expires_at = tonumber(now) + lease_ms
redis.call('ZADD', leased, 'XX', expires_at, member)
return expires_at
`, [PRELUDE, HELD]);
