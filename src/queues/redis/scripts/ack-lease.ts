import { PRELUDE, SETTLE, queueScript } from "./common.js";
import { ACK_FN } from "./ack.js";
import { HELD } from "./held-lease.js";
import { LEASE_FN } from "./lease.js";

/**
 * What a consumer that holds one item at a time does between two items, in one call: what BullMQ's
 * moveToFinished does when it also fetches the next job.
 */
export const ACK_LEASE = queueScript("ack-lease", `
--[[ ack-lease: acks a held lease (as ack), then leases up to count items (as lease). The lease
  happens whether or not the ack found its lease.
  KEYS   the queue's keys (keys.ts, QUEUE_KEYS order); writes what ack and lease write
  ARGV   [1] member  [2] token  [3] now (ms)  [4] count  [5] lease length (ms)
  Returns {ack's reply (1 or LEASE_LOST), lease's reply}, or NOT_FOUND ]]
local acked = ack(ARGV[1], ARGV[2], ARGV[3])
if acked == NOT_FOUND then return NOT_FOUND end
return {acked, lease(ARGV[3], tonumber(ARGV[4]), tonumber(ARGV[5]))}
`, [PRELUDE, SETTLE, HELD, ACK_FN, LEASE_FN]);
