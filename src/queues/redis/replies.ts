import { LeaseLostError, QueueError } from "../../model/index.js";
import { CODES } from "./scripts/index.js";

/** Replies arrive with strings as Buffers (connection.ts); these read them. */
export const text = (reply: unknown): string => (Buffer.isBuffer(reply) ? reply.toString() : String(reply));
export const num = (reply: unknown): number => Number(text(reply));
export const bytes = (reply: unknown): Uint8Array => (Buffer.isBuffer(reply) ? new Uint8Array(reply) : new Uint8Array());

/** A script's negative reply as the error the port names; any other reply passes through. */
export function checked<T = unknown>(reply: unknown, queue: string, leaseId?: string): T {
  if (typeof reply !== "number" || reply >= 0) return reply as T;
  switch (reply) {
    case CODES.NotFound:
      throw new QueueError(`queue "${queue}" does not exist (baton queue create ${queue})`, "NotFound");
    case CODES.AlreadyExists:
      throw new QueueError(`queue "${queue}" already exists`, "AlreadyExists");
    case CODES.LeaseLost:
      throw new LeaseLostError(`lease ${leaseId} of queue "${queue}" is not held (it expired and the item went back, or it was acked or never given)`);
    default:
      throw new Error(`queue "${queue}": unexpected reply ${reply} from a Redis script`);
  }
}

/** Splits a flat reply into records of `width` fields. */
export function records(reply: unknown[], width: number, from = 0): unknown[][] {
  const out: unknown[][] = [];
  for (let i = from; i + width <= reply.length; i += width) out.push(reply.slice(i, i + width));
  return out;
}
