import { createHash } from "node:crypto";

/** One atomic operation: Lua run by EVALSHA (EVAL when the server does not know it yet). */
export interface QueueScript {
  name: string;
  source: string;
  sha: string;
}

export function queueScript(name: string, body: string, includes: string[] = [PRELUDE]): QueueScript {
  const source = [...includes, body].join("\n");
  return { name, source, sha: createHash("sha1").update(source).digest("hex") };
}

/**
 * Replies that are not results: a script returns one of these negative numbers instead of raising
 * an error, so that a MULTI of several scripts can tell what happened to each.
 */
export const CODES = { NotFound: -1, AlreadyExists: -2, TooLarge: -3, LeaseLost: -4 } as const;

/**
 * Shared by every script of a queue: the keys by name (KEYS in QUEUE_KEYS order, see keys.ts),
 * calls split in slices (Lua's unpack stops near 8,000 values), and the item record.
 */
export const PRELUDE = `
local meta, ready, delayed, leased, dead, data, info, deaths, acks =
  KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6], KEYS[7], KEYS[8], KEYS[9]
local NOT_FOUND, ALREADY_EXISTS, TOO_LARGE, LEASE_LOST = ${CODES.NotFound}, ${CODES.AlreadyExists}, ${CODES.TooLarge}, ${CODES.LeaseLost}
local SLICE = 4000

local function call_sliced(command, key, args)
  for i = 1, #args, SLICE do
    redis.call(command, key, unpack(args, i, math.min(i + SLICE - 1, #args)))
  end
end

local function hmget(key, fields)
  local out = {}
  for i = 1, #fields, SLICE do
    local part = redis.call('HMGET', key, unpack(fields, i, math.min(i + SLICE - 1, #fields)))
    for j = 1, #part do out[#out + 1] = part[j] end
  end
  return out
end

-- The item record in the info hash: "priority|pushedAt|attempts|token". The priority stays the
-- text it was pushed as, so its score (its negation) is exact.
local function record(priority, pushed_at, attempts, token)
  return priority .. '|' .. pushed_at .. '|' .. attempts .. '|' .. token
end
local function parse(s)
  local priority, pushed_at, attempts, token = string.match(s, '^([^|]*)|([^|]*)|([^|]*)|([^|]*)$')
  return priority, pushed_at, tonumber(attempts), token
end
local function score_of(priority)
  if string.sub(priority, 1, 1) == '-' then return string.sub(priority, 2) end
  return '-' .. priority
end

local function bury(members, died_at, reason)
  local zargs, hargs = {}, {}
  for i = 1, #members do
    zargs[#zargs + 1] = died_at; zargs[#zargs + 1] = members[i]
    hargs[#hargs + 1] = members[i]; hargs[#hargs + 1] = reason
  end
  if #members > 0 then
    call_sliced('ZADD', dead, zargs)
    call_sliced('HSET', deaths, hargs)
  end
end
`;

/**
 * settle(now): brings the queue up to \`now\` before it is read. Delayed items that are due become
 * ready; expired leases go back to ready, or to the dead letters once their attempts reached
 * maxAttempts. Each item moves once, so the cost is spread over the items, whatever the call.
 */
export const SETTLE = `
local function settle(now)
  local due = redis.call('ZRANGEBYSCORE', delayed, '-inf', now)
  if #due > 0 then
    local records, args = hmget(info, due), {}
    for i = 1, #due do
      args[#args + 1] = score_of(parse(records[i])); args[#args + 1] = due[i]
    end
    call_sliced('ZADD', ready, args)
    redis.call('ZREMRANGEBYSCORE', delayed, '-inf', now)
  end
  local expired = redis.call('ZRANGEBYSCORE', leased, '-inf', now)
  if #expired > 0 then
    local max_attempts = tonumber(redis.call('HGET', meta, 'maxAttempts'))
    local records, back, died = hmget(info, expired), {}, {}
    for i = 1, #expired do
      local priority, _, attempts = parse(records[i])
      if attempts >= max_attempts then
        died[#died + 1] = expired[i]
      else
        back[#back + 1] = score_of(priority); back[#back + 1] = expired[i]
      end
    end
    if #back > 0 then call_sliced('ZADD', ready, back) end
    bury(died, now, 'max attempts (' .. max_attempts .. ') reached: the last lease expired')
    redis.call('ZREMRANGEBYSCORE', leased, '-inf', now)
  end
end
`;
