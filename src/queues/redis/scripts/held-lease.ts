/**
 * held(member, token, now): the record of the item whose lease this is, if the lease is still
 * held at now (the item is leased, under this token, and its lease has not expired). Otherwise
 * nil and the code to return: NOT_FOUND (no such queue) or LEASE_LOST.
 */
export const HELD = `
local function held(member, token, now)
  local s = redis.call('HGET', info, member)
  if not s then
    if redis.call('EXISTS', meta) == 0 then return nil, NOT_FOUND end
    return nil, LEASE_LOST
  end
  local priority, pushed_at, attempts, current = parse(s)
  local expires_at = redis.call('ZSCORE', leased, member)
  if current ~= token or not expires_at or tonumber(expires_at) <= tonumber(now) then return nil, LEASE_LOST end
  return { priority = priority, pushed_at = pushed_at, attempts = attempts }
end
`;
