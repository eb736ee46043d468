/**
 * Where a queue lives in Redis. Every key of one queue carries the hash tag `{q:<name>}`, so they
 * share one slot and one Lua script may touch them all. The registry of names is the one key
 * outside that slot (create and delete touch it), which is why Redis Cluster is not supported.
 */

/** The keys of one queue, in the order every script receives them as KEYS[1..9]. */
export const QUEUE_KEYS = [
  "meta", //    hash: maxAttempts, maxItemBytes, done, seq (last item id), leases (last lease token)
  "ready", //   zset: member → -priority; ties in member order, which is push order
  "delayed", // zset: member → ms when it becomes ready
  "leased", //  zset: member → ms when its lease expires
  "dead", //    zset: member → ms when it died
  "data", //    hash: member → the item's bytes
  "info", //    hash: member → "priority|pushedAt|attempts|token"
  "deaths", //  hash: member → why it died
  "acks", //    hash: second since the epoch → acks in that second (the last minute only)
] as const;

export type QueueKey = (typeof QUEUE_KEYS)[number];

export function queueKeys(prefix: string, name: string): string[] {
  return QUEUE_KEYS.map((k) => `${prefix}{q:${name}}:${k}`);
}

export const namesKey = (prefix: string) => `${prefix}queues`;

/**
 * Inside Redis an item is named by its id zero-padded to a fixed width, so that members of equal
 * score (equal priority) sort in push order. Outside, the id is the plain number.
 */
const WIDTH = 15;
export const memberOf = (id: string) => id.padStart(WIDTH, "0");
export const idOf = (member: string) => member.replace(/^0+(?=\d)/, "");

/** A lease is named by its item and a token the queue hands out once: `<id>.<token>`. */
export const leaseIdOf = (id: string, token: number) => `${id}.${token}`;

export function parseLeaseId(leaseId: string): { member: string; token: string } | undefined {
  const m = /^(\d{1,15})\.(\d{1,20})$/.exec(leaseId);
  return m ? { member: memberOf(m[1]!), token: m[2]! } : undefined;
}
